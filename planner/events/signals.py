"""What the events domain announces; higher domains (notifications, calendars) listen.

Receivers run inside the caller's transaction, so what they write commits or rolls back
together with the change itself.
"""

from blinker import Namespace

_signals = Namespace()

#: sender: the Event; ``changed``: names of the fields that changed (including ``status``).
event_changed = _signals.signal("event-changed")
#: sender: the Participation whose delegate was removed from the meeting.
participant_removed = _signals.signal("participant-removed")
