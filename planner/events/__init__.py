"""Meetings: venues and rooms, events, their timetable sessions and who takes part."""
