"""Files people upload (authority and proxy letters, later papers): checked by content, kept
under random names outside the web root, handed out only through views that check access."""
