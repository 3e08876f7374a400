"""Managing accounts without SQL: `flask planner` commands and the admins' page deactivate,
reactivate, change roles, reset passwords and revoke tokens, through the auth service, and the
change holds on the account's very next request (even for a token the API has cached)."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from planner.auth.models import User, UserRole
from planner.auth.service import create_user
from planner.extensions import db
from tests.conftest import PASSWORD, ApiClient, make_app

ADMIN = "admin@secretariat.example"
TARGET = "kim@secretariat.example"


def _account(email: str, role: UserRole) -> str:
    create_user(email, PASSWORD, role)
    db.session.commit()
    return email


@pytest.fixture
def admin(app) -> str:
    return _account(ADMIN, UserRole.ADMIN)


@pytest.fixture
def target(app) -> str:
    return _account(TARGET, UserRole.ORGANISER)


def _token(app, email: str, password: str = PASSWORD) -> ApiClient | None:
    response = app.test_client().post(
        "/api/v1/auth/token", json={"email": email, "password": password}
    )
    return (
        ApiClient(app.test_client(), response.json["token"])
        if response.status_code == 201
        else None
    )


def _browser(app, email: str, password: str = PASSWORD):
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 302, response.data[:300]
    return client


def _user(email: str) -> User:
    db.session.expire_all()
    return db.session.scalar(sa.select(User).where(User.email == email))


def _cli(app, *args: str, input: str | None = None):
    return app.test_cli_runner().invoke(args=["planner", *args], input=input)


def _cached_token(app, email: str) -> ApiClient:
    """A token that has been used once, so the API remembers who holds it."""
    client = _token(app, email)
    assert client.get("/events").status_code == 200
    assert client.get("/events?page=1").status_code == 200  # from the token cache
    return client


# The commands ---------------------------------------------------------------------------------


def test_deactivating_by_command_refuses_a_cached_token_on_the_next_request(app, target):
    client = _cached_token(app, target)
    result = _cli(app, "deactivate", TARGET)
    assert result.exit_code == 0, result.output
    assert "deactivated" in result.output
    assert client.get("/events").status_code == 401
    assert _token(app, target) is None


def test_reactivating_lets_the_account_sign_in_again_but_not_its_old_tokens(app, target):
    client = _cached_token(app, target)
    assert _cli(app, "deactivate", TARGET).exit_code == 0
    assert _cli(app, "reactivate", TARGET).exit_code == 0
    assert client.get("/events").status_code == 401
    assert _token(app, target) is not None


def test_revoking_tokens_by_command_refuses_a_cached_token(app, target):
    client = _cached_token(app, target)
    result = _cli(app, "revoke-tokens", TARGET)
    assert result.exit_code == 0, result.output
    assert "1 token(s) revoked" in result.output
    assert client.get("/events").status_code == 401
    assert _token(app, target) is not None  # the account itself still signs in


def test_a_role_change_by_command_holds_on_the_next_request(app, target):
    client = _cached_token(app, target)
    assert client.post("/events", json={}).status_code == 422  # may write (invalid body)
    result = _cli(app, "set-role", TARGET, "viewer")
    assert result.exit_code == 0, result.output
    assert client.post("/events", json={}).status_code == 403
    assert _user(TARGET).role is UserRole.VIEWER


def test_a_password_set_by_command_ends_sessions_and_tokens(app, target):
    client = _cached_token(app, target)
    browser = _browser(app, target)
    result = _cli(app, "set-password", TARGET, input="a brand new password\n")
    assert result.exit_code == 0, result.output
    assert client.get("/events").status_code == 401
    assert browser.get("/dashboard").status_code == 302
    assert _token(app, target) is None
    assert _token(app, target, "a brand new password") is not None


@pytest.mark.parametrize(
    "args, input, message",
    [
        (["deactivate", "nobody@secretariat.example"], None, "no account for"),
        (["set-role", TARGET, "emperor"], None, "Invalid value"),
        (["set-password", TARGET], "short\n", "at least 10 characters"),
    ],
)
def test_commands_refuse_clearly_and_change_nothing(app, target, args, input, message):
    before = _user(TARGET)
    state = (before.role, before.active, before.password_hash, before.session_generation)
    result = _cli(app, *args, input=input)
    assert result.exit_code != 0
    assert message in result.output
    after = _user(TARGET)
    assert (after.role, after.active, after.password_hash, after.session_generation) == state


def test_the_last_active_admin_cannot_be_deactivated_or_demoted(app, admin):
    for args in (["deactivate", ADMIN], ["set-role", ADMIN, "organiser"]):
        result = _cli(app, *args)
        assert result.exit_code != 0
        assert "last active admin" in result.output
    user = _user(ADMIN)
    assert (user.role, user.active) == (UserRole.ADMIN, True)
    _account("second@secretariat.example", UserRole.ADMIN)
    assert _cli(app, "set-role", ADMIN, "organiser").exit_code == 0


def test_users_lists_every_account_with_role_and_state(app, admin, target):
    _cli(app, "deactivate", TARGET)
    result = _cli(app, "users")
    assert result.exit_code == 0, result.output
    assert re.search(rf"{ADMIN}\s+admin\s+active", result.output)
    assert re.search(rf"{TARGET}\s+organiser\s+deactivated", result.output)


# The admins' page -----------------------------------------------------------------------------


def _post(browser, user_id: int, **data):
    """Press a button of the account's row (its fields are named after the row)."""
    fields = {f"account-{user_id}-{name}": value for name, value in data.items()}
    return browser.post(f"/admin/users/{user_id}", data=fields)


def test_only_admins_open_the_accounts_page(app, admin, target):
    viewer = _account("reader@secretariat.example", UserRole.VIEWER)
    for email in (target, viewer):
        browser = _browser(app, email)
        assert browser.get("/admin/users").status_code == 403
        assert _post(browser, _user(ADMIN).id, action="deactivate").status_code == 403
    assert _user(ADMIN).active
    assert app.test_client().get("/admin/users").status_code == 302
    page = _browser(app, admin).get("/admin/users")
    assert page.status_code == 200
    assert TARGET in page.text and ADMIN in page.text


def test_deactivating_on_the_page_refuses_a_cached_token_and_the_session(app, admin, target):
    client = _cached_token(app, target)
    their_browser = _browser(app, target)
    response = _post(_browser(app, admin), _user(TARGET).id, action="deactivate")
    assert response.status_code == 302 and response.headers["Location"] == "/admin/users"
    assert client.get("/events").status_code == 401
    assert their_browser.get("/dashboard").status_code == 302
    assert not _user(TARGET).active


def test_the_page_changes_a_role_resets_a_password_and_revokes_tokens(app, admin, target):
    browser = _browser(app, admin)
    user_id = _user(TARGET).id
    client = _cached_token(app, target)
    assert _post(browser, user_id, action="role", role="viewer").status_code == 302
    assert _user(TARGET).role is UserRole.VIEWER
    assert _post(browser, user_id, action="revoke").status_code == 302
    assert client.get("/events").status_code == 401
    assert (
        _post(browser, user_id, action="password", password="a brand new password").status_code
        == 302
    )
    assert _token(app, target, "a brand new password") is not None
    assert "a brand new password" not in browser.get("/admin/users").text


def test_the_page_shows_refusals_beside_the_account_and_changes_nothing(app, admin, target):
    browser = _browser(app, admin)
    response = _post(browser, _user(TARGET).id, action="password", password="short")
    assert response.status_code == 422
    assert "at least 10 characters" in response.text
    response = _post(browser, _user(ADMIN).id, action="deactivate")
    assert response.status_code == 409
    assert "last active admin" in response.text
    assert _user(ADMIN).active
    assert _post(browser, 999_999, action="deactivate").status_code == 404
    assert _post(browser, _user(TARGET).id, action="explode").status_code == 422
    assert _post(browser, _user(TARGET).id, action="role", role="emperor").status_code == 422
    user = _user(TARGET)
    assert (user.role, user.active, user.session_generation) == (UserRole.ORGANISER, True, 0)
    assert _token(app, target) is not None  # the password is unchanged


def test_the_accounts_page_speaks_french_and_korean(app, admin):
    browser = _browser(app, admin)
    assert "Comptes" in browser.get("/admin/users?lang=fr").text
    assert "계정" in browser.get("/admin/users?lang=ko").text


def test_the_page_refuses_a_change_without_its_csrf_token(app, admin, target, tmp_path):
    guarded = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, WTF_CSRF_ENABLED=True)
    client = guarded.test_client()  # each request in its own app context, as when served
    login = client.get("/login").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login).group(1)
    client.post("/login", data={"email": ADMIN, "password": PASSWORD, "csrf_token": token})
    user_id = _user(TARGET).id
    assert _post(client, user_id, action="deactivate").status_code == 400
    page = client.get("/admin/users").text
    name = f"account-{user_id}-csrf_token"
    token = re.search(rf'name="{name}" type="hidden" value="([^"]+)"', page).group(1)
    assert _post(client, user_id, action="revoke", csrf_token=token).status_code == 302
    assert _user(TARGET).active
