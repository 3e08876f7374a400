"""Spreadsheets in and out: the directory imported from CSV or XLSX (a preview first, then
all or nothing), and the directory and a meeting's participants exported as CSV and XLSX."""
