"""The door of a meeting: check-in codes, arrivals and departures at the registration desks."""
