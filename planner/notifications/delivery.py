"""Delivery of composed e-mails: over SMTP (``MAIL_URL``) or as ``.eml`` files in an outbox folder.

This module only moves bytes. It knows nothing of the outbox table, Flask or Celery: the
notifications service hands it a finished message (``bytes``, CRLF line endings, headers already
RFC 2047-encoded) plus its envelope, and turns the outcome into one of two exceptions:

- :class:`TemporaryFailure`: worth trying again later — 4xx replies, a refused or dropped
  connection, a timeout, any other ``OSError``, TLS trouble (failed handshake, certificate
  not verified, STARTTLS not offered although ``MAIL_URL`` asks for it: this last one may be a
  server that lost its certificate, or someone on the path stripping STARTTLS; it is never
  silently downgraded to plain text).
- :class:`PermanentFailure`: trying again will not help — 5xx replies (including 535
  "authentication rejected"), every recipient refused for good, a server without AUTH when
  ``MAIL_URL`` carries credentials, an envelope address that cannot be put on the wire, and a
  malformed ``MAIL_URL``.

Both carry ``reason``, a one-line human-readable text meant for the outbox row and the
organisers' screen, naming the SMTP code and the server's own words, e.g.
``"550 5.1.1 mailbox unknown (RCPT TO:<someone@example.org>)"``.

``MAIL_URL`` forms (see :meth:`Transport.from_url`)::

    (empty)                                 .eml files in the default outbox folder
    file:///var/lib/planner/outbox          .eml files in that (absolute) folder
    smtp://mail.example.org                 plain SMTP, port 25
    smtp://user:p%40ss@mail.example.org:587?starttls=1
                                            SMTP + STARTTLS + AUTH (credentials percent-decoded)
    smtps://user:pass@mail.example.org      implicit TLS ("SMTPS"), port 465
    ...?timeout=10                          socket timeout in seconds (default 30)
    ...?verify=0                            do NOT verify the server's certificate: only for
                                            test servers with self-signed certificates

Unknown query parameters are rejected rather than ignored: a typo such as ``?startls=1`` must
not quietly send mail in clear text.

"Sent" means "the server accepted the DATA": :meth:`Transport.send` returns as soon as it has,
and a failure while saying QUIT afterwards is ignored, so a message is never reported failed
(and sent again) after the server took it.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import smtplib
import ssl
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import parse_qsl, unquote, urlsplit

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 30.0
DEFAULT_PORTS = {"smtp": 25, "smtps": 465}
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_QUERY_PARAMETERS = {"starttls", "timeout", "verify"}
_LINE_ENDINGS = re.compile(rb"\r\n|\r|\n")
_UNSAFE_FILENAME_CHARACTERS = re.compile(r"[^A-Za-z0-9._@+=-]")
_MAX_FILENAME_STEM = 120


class DeliveryError(Exception):
    """A message could not be delivered; ``reason`` says why, in one line.

    ``code`` is the SMTP reply code when a server gave one (else ``None``).
    """

    def __init__(self, reason: str, code: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code


class TemporaryFailure(DeliveryError):
    """Try again later (4xx reply, connection trouble, timeout, TLS trouble)."""


class PermanentFailure(DeliveryError):
    """Do not try again (5xx reply, refused recipients, rejected credentials, bad MAIL_URL)."""


def retry_delay(attempt: int, base: float = 30, cap: float = 3600) -> float:
    """Seconds to wait after the ``attempt``-th failed try (1-based) before the next one.

    Exponential back-off without jitter: ``base * 2 ** (attempt - 1)``, at most ``cap`` —
    30 s, 60 s, 120 s, 240 s, ... 3600 s, 3600 s with the defaults. A pure function, so the
    schedule is predictable (and testable); workers pick due rows by time anyway, so retries
    of different messages do not stampede in lock-step. ``attempt`` below 1 counts as 1.
    """
    exponent = min(max(attempt, 1) - 1, 64)  # 2**64 * any sane base is far beyond any cap
    return float(min(cap, base * 2**exponent))


def _reply_text(message: bytes | str) -> str:
    """An SMTP reply's text on one line (multi-line replies are joined with spaces)."""
    if isinstance(message, bytes):
        message = message.decode("utf-8", errors="replace")
    return " ".join(message.split())


def _reply_reason(code: int, message: bytes | str, context: str = "") -> str:
    reason = f"{code} {_reply_text(message)}".strip()
    return f"{reason} ({context})" if context else reason


def _classified(code: int, reason: str) -> DeliveryError:
    """5xx is permanent; 4xx and anything unexpected (e.g. -1: no reply) is temporary."""
    if 500 <= code <= 599:
        return PermanentFailure(reason, code)
    return TemporaryFailure(reason, code)


def _normalise_line_endings(message: bytes) -> bytes:
    """CRLF everywhere (SMTP requires it; many servers reject bare LF). A no-op for messages
    generated with ``email.policy.SMTP``; bodies are never otherwise re-encoded."""
    return _LINE_ENDINGS.sub(b"\r\n", message)


def _check_address(address: str, what: str) -> None:
    """Refuse what cannot go in an SMTP command line: CR/LF/NUL (command injection) and
    non-ASCII (would need SMTPUTF8, which this transport does not use)."""
    if any(character in address for character in "\r\n\0"):
        raise PermanentFailure(f"{what} address contains a line break or NUL: {address!r}")
    if not address.isascii():
        raise PermanentFailure(f"{what} address is not ASCII (SMTPUTF8 unsupported): {address!r}")


def safe_filename(message_id: str) -> str:
    """A file name (without ``.eml``) for a Message-ID, the same for the same id.

    ``<abc.123@planner.example>`` becomes ``abc.123@planner.example``. Ids with other
    characters (or very long ones) are cleaned and get a hash of the id appended, so two
    different ids never share a file.
    """
    core = message_id.strip()
    if core.startswith("<") and core.endswith(">"):
        core = core[1:-1]
    if not core:
        raise PermanentFailure("message id is empty")
    stem = _UNSAFE_FILENAME_CHARACTERS.sub("_", core).lstrip(".")
    if stem != core or len(stem) > _MAX_FILENAME_STEM:
        digest = hashlib.sha256(core.encode("utf-8", errors="surrogatepass")).hexdigest()[:16]
        stem = f"{stem[:_MAX_FILENAME_STEM]}-{digest}".lstrip("-")
    return stem


def _flag(name: str, value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise PermanentFailure(f"MAIL_URL: {name}={value!r} is not a yes/no value (use 1 or 0)")


@dataclass(frozen=True)
class Transport:
    """Where and how messages go; build it with :meth:`from_url`.

    ``kind`` is ``"file"`` (``outbox_dir`` set), ``"smtp"`` (optionally upgraded with
    ``starttls``) or ``"smtps"`` (TLS from the first byte). The password is left out of
    ``repr`` so a logged transport does not leak it.
    """

    kind: Literal["file", "smtp", "smtps"]
    outbox_dir: Path | None = None
    host: str = ""
    port: int = 0
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    starttls: bool = False
    timeout: float = DEFAULT_TIMEOUT
    verify: bool = True

    # Parsing ------------------------------------------------------------------------------

    @classmethod
    def from_url(cls, mail_url: str, outbox_dir: Path) -> Transport:
        """The transport a ``MAIL_URL`` names; ``outbox_dir`` is used when it is empty.

        Raises :class:`PermanentFailure` (with a reason that never repeats the password) when
        the URL cannot be used.
        """
        mail_url = (mail_url or "").strip()
        if not mail_url:
            return cls(kind="file", outbox_dir=Path(outbox_dir))
        try:
            parts = urlsplit(mail_url)
            port = parts.port
        except ValueError as error:
            raise PermanentFailure(f"MAIL_URL is malformed: {error}") from None
        scheme = parts.scheme.lower()

        if scheme == "file":
            if parts.netloc not in ("", "localhost") or parts.query or parts.fragment:
                raise PermanentFailure("MAIL_URL: a file URL is file:///absolute/folder")
            folder = Path(unquote(parts.path))
            if not folder.is_absolute():
                raise PermanentFailure("MAIL_URL: a file URL needs an absolute folder")
            return cls(kind="file", outbox_dir=folder)

        if scheme not in DEFAULT_PORTS:
            shown = f"{scheme!r}" if scheme else "none"
            raise PermanentFailure(
                f"MAIL_URL scheme {shown} is not supported (use smtp://, smtps:// or file:///)"
            )
        host = parts.hostname
        if not host:
            raise PermanentFailure(f"MAIL_URL: no host in the {scheme}:// URL")
        if parts.path not in ("", "/") or parts.fragment:
            raise PermanentFailure(f"MAIL_URL: a {scheme}:// URL has no path or fragment")

        username = unquote(parts.username) if parts.username is not None else None
        password = unquote(parts.password) if parts.password is not None else None
        if username is not None and password is None:
            raise PermanentFailure("MAIL_URL: a user name needs a password (user:password@)")
        if username == "":
            raise PermanentFailure("MAIL_URL: the user name is empty")

        options: dict[str, str] = {}
        for name, value in parse_qsl(parts.query, keep_blank_values=True):
            if name not in _QUERY_PARAMETERS:
                known = ", ".join(sorted(_QUERY_PARAMETERS))
                raise PermanentFailure(f"MAIL_URL: unknown parameter {name!r} (known: {known})")
            options[name] = value
        starttls = _flag("starttls", options.get("starttls", "0"))
        verify = _flag("verify", options.get("verify", "1"))
        if starttls and scheme == "smtps":
            raise PermanentFailure("MAIL_URL: smtps:// is already TLS; drop starttls")
        timeout = DEFAULT_TIMEOUT
        if "timeout" in options:
            try:
                timeout = float(options["timeout"])
            except ValueError:
                timeout = -1.0
            if not 0 < timeout < float("inf"):
                raise PermanentFailure(
                    f"MAIL_URL: timeout={options['timeout']!r} is not a positive number of seconds"
                )
        return cls(
            kind=scheme,  # type: ignore[arg-type]  # checked against DEFAULT_PORTS above
            host=host,
            port=port or DEFAULT_PORTS[scheme],
            username=username,
            password=password,
            starttls=starttls,
            timeout=timeout,
            verify=verify,
        )

    # Sending ------------------------------------------------------------------------------

    def send(
        self, message_bytes: bytes, sender: str, recipients: list[str], message_id: str
    ) -> None:
        """Deliver one message; returns once it is accepted (SMTP) or written (file).

        ``sender`` and ``recipients`` are the envelope (MAIL FROM / RCPT TO); ``message_id``
        names the ``.eml`` file of the file transport, so writing the same message twice
        replaces the first copy. Raises :class:`TemporaryFailure` or
        :class:`PermanentFailure`.

        When the server refuses some recipients but accepts others, the message *was* sent:
        this returns normally and logs the refused ones (an outbox row has one recipient).
        """
        message_bytes = _normalise_line_endings(message_bytes)
        if self.kind == "file":
            self._write_file(message_bytes, message_id)
        else:
            self._send_smtp(message_bytes, sender, list(recipients))

    def _write_file(self, message_bytes: bytes, message_id: str) -> None:
        """``<outbox_dir>/<safe message id>.eml``, written atomically: a temporary file in
        the same folder, flushed to disk, then renamed over the final name."""
        assert self.outbox_dir is not None
        target = self.outbox_dir / f"{safe_filename(message_id)}.eml"
        temporary: str | None = None
        try:
            self.outbox_dir.mkdir(parents=True, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(
                dir=self.outbox_dir, prefix=".writing-", suffix=".tmp"
            )
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(message_bytes)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, target)
            temporary = None
        except OSError as error:
            raise TemporaryFailure(f"cannot write {target}: {error}") from error
        finally:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)

    def _tls_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context()
        if not self.verify:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        return context

    def _connect(self) -> smtplib.SMTP:
        if self.kind == "smtps":
            return smtplib.SMTP_SSL(
                self.host, self.port, timeout=self.timeout, context=self._tls_context()
            )
        return smtplib.SMTP(self.host, self.port, timeout=self.timeout)

    def _send_smtp(self, message_bytes: bytes, sender: str, recipients: list[str]) -> None:
        if not recipients:
            raise PermanentFailure("no recipients")
        _check_address(sender, "sender")
        for recipient in recipients:
            _check_address(recipient, "recipient")
        where = f"{self.kind}://{self.host}:{self.port}"

        connection: smtplib.SMTP | None = None
        try:
            connection = self._connect()
            connection.ehlo()
            if self.starttls:
                if not connection.has_extn("starttls"):
                    raise TemporaryFailure(
                        f"{where} does not offer STARTTLS (MAIL_URL asks for it; not sending "
                        "in clear text)"
                    )
                connection.starttls(context=self._tls_context())
                connection.ehlo()
            if self.username is not None:
                if not connection.has_extn("auth"):
                    raise PermanentFailure(
                        f"{where} does not offer AUTH, but MAIL_URL has credentials"
                        + ("" if self.starttls or self.kind == "smtps" else " (try starttls=1)")
                    )
                connection.login(self.username, self.password or "")
            mail_options: list[str] = []
            if not message_bytes.isascii():
                if not connection.has_extn("8bitmime"):
                    raise PermanentFailure(f"message has 8-bit content; {where} lacks 8BITMIME")
                mail_options.append("BODY=8BITMIME")
            refused = connection.sendmail(sender, recipients, message_bytes, mail_options)
        except DeliveryError:
            raise
        except smtplib.SMTPRecipientsRefused as error:
            worst = max(code for code, _ in error.recipients.values())
            reason = "; ".join(
                _reply_reason(code, text, f"RCPT TO:<{address}>")
                for address, (code, text) in error.recipients.items()
            )
            raise _classified(worst, reason) from error
        except smtplib.SMTPSenderRefused as error:
            raise _classified(
                error.smtp_code, _reply_reason(error.smtp_code, error.smtp_error, "MAIL FROM")
            ) from error
        except smtplib.SMTPDataError as error:
            raise _classified(
                error.smtp_code, _reply_reason(error.smtp_code, error.smtp_error, "DATA")
            ) from error
        except smtplib.SMTPAuthenticationError as error:
            raise _classified(
                error.smtp_code, _reply_reason(error.smtp_code, error.smtp_error, "AUTH")
            ) from error
        except smtplib.SMTPResponseException as error:
            raise _classified(
                error.smtp_code, _reply_reason(error.smtp_code, error.smtp_error, where)
            ) from error
        except smtplib.SMTPServerDisconnected as error:
            raise TemporaryFailure(f"{where} closed the connection: {error}") from error
        except smtplib.SMTPException as error:
            # Not a reply from the server but smtplib giving up on what the server offers,
            # e.g. "No suitable authentication method found." (SMTPException is an OSError:
            # this must come before the network errors below.)
            raise PermanentFailure(f"{where}: {error}") from error
        except ssl.SSLError as error:
            raise TemporaryFailure(f"TLS with {where} failed: {error}") from error
        except (ConnectionRefusedError, TimeoutError) as error:
            raise TemporaryFailure(f"cannot reach {where}: {error}") from error
        except OSError as error:
            raise TemporaryFailure(f"network error with {where}: {error}") from error
        except (ValueError, UnicodeError) as error:
            # smtplib's own refusal of what it cannot put on the wire.
            raise PermanentFailure(f"cannot send to {where}: {error}") from error
        finally:
            if connection is not None:
                _close_quietly(connection)
        if refused:
            log.warning(
                "%s accepted the message but refused some recipients: %s",
                where,
                "; ".join(
                    _reply_reason(code, text, address) for address, (code, text) in refused.items()
                ),
            )


def _close_quietly(connection: smtplib.SMTP) -> None:
    """QUIT, or just close: once DATA was accepted nothing here may turn into a failure."""
    try:
        connection.quit()
    except (smtplib.SMTPException, OSError):
        connection.close()
