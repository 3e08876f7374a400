"""What credentials announce; higher domains (notifications) listen, inside the caller's
transaction."""

from blinker import Namespace

_signals = Namespace()

#: sender: the Credential the committee has just rejected (its ``reason`` says why).
credential_rejected = _signals.signal("credential-rejected")
