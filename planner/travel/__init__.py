"""Travel to a meeting: the hotel blocks the secretariat holds, each delegate's arrival and
departure, and what organisers read from them (the arrivals board with its pick-up runs, the
rooming lists)."""
