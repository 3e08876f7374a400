"""A real SMTP server for tests: aiosmtpd on loopback, capturing what it accepts.

``smtp_server`` (:func:`smtp_server_fixture`) starts an :class:`aiosmtpd.controller.Controller`
on 127.0.0.1 (a free port) for one test and stops it afterwards. tests/notifications/conftest.py
imports it for that folder (elsewhere, import ``smtp_server_fixture`` into the test module or
its folder's conftest.py), then a test takes an ``smtp_server`` argument. The server:

- captures every accepted message in ``server.messages`` (:class:`CapturedMessage`: envelope
  sender, recipients, the exact bytes received after DATA, MAIL FROM options, the logged-in
  user and whether the session was under TLS);
- offers STARTTLS (unless built with ``offer_starttls=False``) with a certificate for
  ``127.0.0.1``/``localhost`` from a throwaway CA made with ``trustme`` (``server.ca_file`` is
  that CA in PEM, e.g. for ``SSL_CERT_FILE``);
- offers AUTH PLAIN/LOGIN on plain connections too (``auth_require_tls=False``) and accepts
  exactly ``server.username`` / ``server.password``; sending without AUTH is also accepted;
- can be scripted: ``server.answer_next(["451 4.3.0 try again later", None])`` makes the next
  DATA get 451 and the one after be accepted (``None`` = accept);
  ``server.refuse_recipient("x@example.org", "550 5.1.1 mailbox unknown")`` answers RCPT TO
  for that address with the given reply;
- gives ``server.url(starttls=False, auth=False, implicit_tls=False, password=None)``, a
  ``MAIL_URL`` for itself (TLS URLs carry ``verify=0`` unless ``verify=True``); an implicit-TLS
  ("smtps") listener on a second port is started on first use.

How aiosmtpd lets a handler choose the reply: ``handle_DATA``/``handle_RCPT`` return the full
reply line (``"451 4.3.0 ..."``) and aiosmtpd sends it as is; returning ``"250 ..."`` accepts.
A ``handle_RCPT`` hook must append the address to ``envelope.rcpt_tos`` itself when accepting.
"""

from __future__ import annotations

import functools
import socket
import ssl
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

HOST = "127.0.0.1"


@dataclass(frozen=True)
class CapturedMessage:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes
    mail_options: list[str]
    login: str | None
    tls: bool


@functools.cache
def _certificate_authority() -> tuple[trustme.CA, trustme.LeafCert]:
    """One throwaway CA and server certificate per test process (cheap to share)."""
    ca = trustme.CA()
    return ca, ca.issue_cert(HOST, "localhost")


def _server_tls_context() -> ssl.SSLContext:
    _, leaf = _certificate_authority()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    leaf.configure_cert(context)
    return context


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class _Handler:
    """aiosmtpd handler hooks; called on the server's own thread."""

    def __init__(self, server: SMTPTestServer) -> None:
        self.server = server

    async def handle_RCPT(
        self, smtp: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        reply = self.server._recipient_replies.get(address.lower())
        if reply is not None:
            return reply
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(options)
        return "250 2.1.5 OK"

    async def handle_DATA(self, smtp: SMTP, session: Session, envelope: Envelope) -> str:
        with self.server._lock:
            reply = self.server._data_replies.popleft() if self.server._data_replies else None
            if reply is not None:
                return reply
            login = session.auth_data.login.decode() if session.authenticated else None
            self.server.messages.append(
                CapturedMessage(
                    mail_from=envelope.mail_from or "",
                    rcpt_tos=list(envelope.rcpt_tos),
                    data=bytes(envelope.original_content or b""),
                    mail_options=list(envelope.mail_options),
                    login=login,
                    # STARTTLS fills session.ssl; implicit TLS only shows on the transport.
                    tls=session.ssl is not None
                    or smtp.transport.get_extra_info("ssl_object") is not None,
                )
            )
            number = len(self.server.messages)
        return f"250 2.0.0 OK queued as {number}"


class SMTPTestServer:
    """See the module docstring."""

    username = "planner"
    password = "s3cret:p@ss/word"  # characters that need percent-encoding in a URL

    def __init__(self, ca_file: Path, *, offer_starttls: bool = True) -> None:
        self.messages: list[CapturedMessage] = []
        self.ca_file = ca_file
        self._lock = threading.Lock()
        self._data_replies: deque[str | None] = deque()
        self._recipient_replies: dict[str, str] = {}
        self._handler = _Handler(self)
        self._controllers: list[Controller] = []
        self._offer_starttls = offer_starttls
        self.port = self._start(implicit_tls=False)
        self._tls_port: int | None = None
        ca, _ = _certificate_authority()
        ca.cert_pem.write_to_path(str(ca_file))

    def _authenticate(
        self, smtp: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        ok = (
            isinstance(data, LoginPassword)
            and data.login == self.username.encode()
            and data.password == self.password.encode()
        )
        return AuthResult(success=ok, handled=False, auth_data=data if ok else None)

    def _start(self, *, implicit_tls: bool) -> int:
        last_error: OSError | None = None
        for _ in range(5):  # another process may grab the probed port in between
            port = _free_port()
            options: dict[str, Any] = {
                "hostname": HOST,
                "port": port,
                "server_hostname": "localhost",  # no getfqdn() lookup per connection
                "authenticator": self._authenticate,
                "auth_require_tls": False,
                "ready_timeout": 10,
            }
            if implicit_tls:
                options["ssl_context"] = _server_tls_context()
            elif self._offer_starttls:
                options["tls_context"] = _server_tls_context()
            controller = Controller(self._handler, **options)
            try:
                controller.start()
            except OSError as error:
                last_error = error
                controller.stop(no_assert=True)
                continue
            self._controllers.append(controller)
            return port
        raise RuntimeError(f"aiosmtpd did not start: {last_error}")

    # Scripting ----------------------------------------------------------------------------

    def answer_next(self, replies: Iterable[str | None]) -> None:
        """Queue replies for the coming DATA commands, in order; ``None`` accepts."""
        with self._lock:
            self._data_replies.extend(replies)

    def refuse_recipient(self, address: str, reply: str = "550 5.1.1 mailbox unknown") -> None:
        """Answer RCPT TO:<address> with ``reply`` from now on."""
        self._recipient_replies[address.lower()] = reply

    # Addresses ----------------------------------------------------------------------------

    def url(
        self,
        starttls: bool = False,
        auth: bool = False,
        *,
        implicit_tls: bool = False,
        password: str | None = None,
        verify: bool = False,
    ) -> str:
        """A MAIL_URL for this server (``password`` overrides the right one)."""
        if implicit_tls and self._tls_port is None:
            self._tls_port = self._start(implicit_tls=True)
        scheme, port = ("smtps", self._tls_port) if implicit_tls else ("smtp", self.port)
        credentials = ""
        if auth:
            secret = self.password if password is None else password
            credentials = f"{quote(self.username, safe='')}:{quote(secret, safe='')}@"
        query = []
        if starttls:
            query.append("starttls=1")
        if (starttls or implicit_tls) and not verify:
            query.append("verify=0")
        query.append("timeout=10")
        return f"{scheme}://{credentials}{HOST}:{port}?{'&'.join(query)}"

    def wait_for(self, count: int, timeout: float = 5.0) -> list[CapturedMessage]:
        """The captured messages once there are at least ``count`` (bounded polling)."""
        deadline = time.monotonic() + timeout
        while len(self.messages) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"expected {count} messages, got {len(self.messages)}")
            time.sleep(0.01)
        return list(self.messages)

    def stop(self) -> None:
        for controller in self._controllers:
            controller.stop()
        self._controllers.clear()


@pytest.fixture(name="smtp_server")
def smtp_server_fixture(tmp_path: Path) -> Iterator[SMTPTestServer]:
    """``smtp_server``: an aiosmtpd server of this test's own (see the module docstring)."""
    server = SMTPTestServer(tmp_path / "smtp-test-ca.pem")
    try:
        yield server
    finally:
        server.stop()
