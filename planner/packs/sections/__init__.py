"""The sections of the delegate pack, one module each, in the order printed.

Each module's ``section`` returns the section's flowables from a ``context.SectionContext``:
cover, welcome letter (with the credential status at a General Assembly), personal schedule
(meeting time and, where it differs, the delegate's home time), the full programme and side
events, venue and practical information, the participant list (two columns, grouped by country
and organisation) and the badge as printed.
"""
