"""Sign-in throttling (the API's token endpoint and the sign-in page share it): a limit per
client address, counted atomically; a short, growing back-off per account that never locks
its owner out for long; the client address taken from the proxy only when configured; no
attempt kept past the window."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import sqlalchemy as sa

from planner.auth import service
from planner.auth.models import ApiToken, FailedLogin
from planner.caching import current_data_version
from planner.db import utcnow
from planner.extensions import db
from tests.conftest import PASSWORD, make_app, row_count
from tests.support.api_helpers import assert_error

TOKEN_URL = "/api/v1/auth/token"
WRONG = "guess guess guess"
FIVE_SECONDS = timedelta(seconds=5)


@pytest.fixture
def limit(app) -> int:
    assert app.config["LOGIN_FAILURE_LIMIT"] == 5
    return app.config["LOGIN_FAILURE_LIMIT"]


def _sign_in(app, email: str, password: str, addr: str = "127.0.0.1"):
    return app.test_client().post(
        TOKEN_URL,
        json={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": addr},
    )


def _retry_after(response) -> int:
    assert_error(response, 429, "too_many_requests")
    return int(response.headers["Retry-After"])


def _age_attempts(seconds: float) -> None:
    """As if every attempt on record had been made ``seconds`` earlier."""
    for attempt in db.session.scalars(sa.select(FailedLogin)):
        attempt.at -= timedelta(seconds=seconds)
    db.session.commit()


@pytest.fixture
def checks(monkeypatch) -> list[str]:
    """The passwords checked; each check takes as long as argon2's in production, so guesses
    sent together overlap."""
    checked = []
    real_verify = service._verify

    def slow_verify(password_hash: str, password: str) -> bool:
        checked.append(password)
        time.sleep(0.2)
        return real_verify(password_hash, password)

    monkeypatch.setattr(service, "_verify", slow_verify)
    return checked


def _guess_in_parallel(app, guesses: list[tuple[str, str]]) -> list[int]:
    """(e-mail, client address) each, all sent at once, each on its own session."""
    start = threading.Barrier(len(guesses))

    def guess(email_and_address: tuple[str, str]) -> int:
        start.wait()
        return _sign_in(app, email_and_address[0], WRONG, email_and_address[1]).status_code

    with ThreadPoolExecutor(len(guesses)) as pool:
        return list(pool.map(guess, guesses))


# Per client address ---------------------------------------------------------------------------


def test_parallel_wrong_guesses_from_one_address_check_at_most_the_limit(app, limit, checks):
    """The count and the record of an attempt were two steps apart (the password check
    between them): twelve guesses sent together were all checked."""
    guesses = [(f"nobody-{n}@network.example", "10.0.0.1") for n in range(12)]
    statuses = _guess_in_parallel(app, guesses)

    assert len(checks) == limit  # they took turns: the first five in, the rest refused
    assert statuses.count(401) == len(checks)
    assert statuses.count(429) == 12 - len(checks)
    assert row_count(FailedLogin) == len(checks)  # the refused ones left no failure behind


def test_parallel_wrong_guesses_at_one_account_check_at_most_two(app, account, checks):
    """From twelve addresses: only the account's back-off (one failure is free) applies."""
    statuses = _guess_in_parallel(app, [(account, f"10.0.{n}.1") for n in range(12)])

    assert 1 <= len(checks) <= 2
    assert statuses.count(401) == len(checks)


def test_one_address_is_refused_after_the_limit_whatever_the_account(app, account, limit):
    for n in range(limit):
        assert _sign_in(app, f"nobody-{n}@network.example", WRONG, "10.0.0.1").status_code == 401

    refused = _sign_in(app, account, PASSWORD, "10.0.0.1")  # even the right password

    window = timedelta(minutes=app.config["LOGIN_FAILURE_WINDOW_MINUTES"])
    assert window - timedelta(minutes=1) < timedelta(seconds=_retry_after(refused)) <= window
    assert row_count(ApiToken) == 0
    assert _sign_in(app, account, PASSWORD, "10.0.0.2").status_code == 201


def test_failures_older_than_the_window_are_forgotten(app, account, limit):
    for n in range(limit):
        _sign_in(app, f"nobody-{n}@network.example", WRONG)
    _age_attempts(app.config["LOGIN_FAILURE_WINDOW_MINUTES"] * 60 + 1)

    assert _sign_in(app, account, PASSWORD).status_code == 201


def test_successful_sign_ins_do_not_count(app, account, limit):
    for _ in range(limit * 2):
        assert _sign_in(app, account, PASSWORD).status_code == 201
    assert row_count(FailedLogin) == 0


# Per account ----------------------------------------------------------------------------------


def test_each_failure_for_an_account_doubles_its_wait_up_to_a_short_cap(app, account):
    """From a new address each time: the account's back-off, not the address limit."""
    assert app.config["LOGIN_BACKOFF_MAX_SECONDS"] == 60
    assert _sign_in(app, account, WRONG, "10.1.0.1").status_code == 401  # a typo costs nothing
    for n, wait in enumerate([1, 2, 4, 8, 16, 32, 60, 60], start=1):
        assert _sign_in(app, account, WRONG, f"10.1.{n}.1").status_code == 401
        assert _retry_after(_sign_in(app, account, PASSWORD, f"10.2.{n}.1")) == wait
        _age_attempts(wait)
    assert _sign_in(app, account, PASSWORD, "10.3.0.1").status_code == 201


def test_an_attack_elsewhere_keeps_the_owner_waiting_a_minute_at_most(app, account):
    """Twenty failures from four addresses in the last two minutes; the owner, from their own
    address, once waited the whole window (15 minutes)."""
    now = utcnow()
    db.session.add_all(
        FailedLogin(email=account, remote_addr=f"203.0.113.{n % 4}", at=now - n * FIVE_SECONDS)
        for n in range(1, 21)
    )
    db.session.commit()

    wait = _retry_after(_sign_in(app, account, PASSWORD, "192.0.2.7"))

    assert wait <= app.config["LOGIN_BACKOFF_MAX_SECONDS"]
    _age_attempts(wait)
    assert _sign_in(app, account, PASSWORD, "192.0.2.7").status_code == 201


# Where the attempt comes from -----------------------------------------------------------------


@pytest.mark.parametrize("proxies", [1, 0])
def test_forwarded_for_decides_the_address_only_behind_a_configured_proxy(
    app, account, limit, tmp_path, monkeypatch, proxies
):
    """Every request reaches the app from the proxy (127.0.0.1): without the setting one
    client's failures throttle every client."""
    monkeypatch.setenv("PROXY_FIX_X_FOR", str(proxies))
    served = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path)
    client = served.test_client()

    def sign_in(email: str, password: str, client_addr: str):
        headers = {"X-Forwarded-For": client_addr}
        return client.post(TOKEN_URL, json={"email": email, "password": password}, headers=headers)

    with served.app_context():
        for n in range(limit):
            assert sign_in(f"nobody-{n}@network.example", WRONG, "203.0.113.9").status_code == 401
        recorded = set(db.session.scalars(sa.select(FailedLogin.remote_addr)))
        owner = sign_in(account, PASSWORD, "198.51.100.7")
        db.session.remove()
        db.engine.dispose()

    if proxies:
        assert recorded == {"203.0.113.9"} and owner.status_code == 201
    else:
        assert recorded == {"127.0.0.1"} and owner.status_code == 429


def test_the_sign_in_page_shares_the_throttle_and_says_how_long_to_wait(app, account, limit):
    client = app.test_client()
    for _ in range(2):
        wrong = client.post("/login", data={"email": account, "password": WRONG})
        assert wrong.status_code == 422
        assert "Wrong e-mail or password." in wrong.get_data(as_text=True)

    at_once = client.post("/login", data={"email": account, "password": PASSWORD})
    assert at_once.status_code == 429
    assert "Too many failed attempts. Try again in 1 second." in at_once.get_data(as_text=True)

    for n in range(limit - 2):  # the API's failures from the same address count here too
        _sign_in(app, f"nobody-{n}@network.example", WRONG)
    _age_attempts(60)
    page = client.post("/login", data={"email": account, "password": PASSWORD})
    assert page.status_code == 429
    assert "Try again in 14 minutes." in page.get_data(as_text=True)
    assert client.get("/dashboard").status_code == 302


# Keeping the record small ---------------------------------------------------------------------


def _forget_old_attempts(app) -> int:
    """What beat runs, as this app's worker would (which loads the task modules at start)."""
    celery = app.extensions["celery"]
    celery.loader.import_default_modules()
    return celery.tasks["tasks.auth.forget_old_sign_in_attempts"]()


def test_beat_deletes_attempts_older_than_the_window_and_keeps_the_rest(app, account):
    """Anyone could grow the record without bound: only the window's attempts are ever read,
    but none were ever deleted."""
    window = timedelta(minutes=app.config["LOGIN_FAILURE_WINDOW_MINUTES"])
    now = utcnow()
    ages = {"old": window + FIVE_SECONDS, "older": 100 * window, "recent": window - FIVE_SECONDS}
    db.session.add_all(
        FailedLogin(email=account, remote_addr=name, at=now - age) for name, age in ages.items()
    )
    db.session.commit()
    version = current_data_version()

    assert _forget_old_attempts(app) == 2

    db.session.rollback()  # what the task committed, not this session's memory
    assert set(db.session.scalars(sa.select(FailedLogin.remote_addr))) == {"recent"}
    assert current_data_version() == version  # sign-in attempts evict no cache


def test_forgetting_old_attempts_does_not_shorten_a_refusal(app, account, limit):
    for n in range(limit):
        _sign_in(app, f"nobody-{n}@network.example", WRONG)
    _age_attempts(app.config["LOGIN_FAILURE_WINDOW_MINUTES"] * 60 - 60)

    assert _forget_old_attempts(app) == 0
    assert 55 <= _retry_after(_sign_in(app, account, PASSWORD)) <= 60
    assert row_count(FailedLogin) == limit


def test_beat_forgets_old_attempts_once_per_window(app):
    schedule = app.extensions["celery"].conf.beat_schedule.values()
    every = {entry["task"]: entry["schedule"] for entry in schedule}
    window_seconds = app.config["LOGIN_FAILURE_WINDOW_MINUTES"] * 60
    assert every["tasks.auth.forget_old_sign_in_attempts"] == window_seconds
