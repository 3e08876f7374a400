"""Member organisations, governing bodies and their seats, and the people who are delegates."""
