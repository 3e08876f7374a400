"""The decisions register: every resolution a meeting adopted, numbered per body and year."""
