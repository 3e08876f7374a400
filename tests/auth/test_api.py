"""Bearer tokens, roles, the public OpenAPI document, create-organiser (sign-in throttling:
tests/auth/test_sign_in_throttle.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from openapi_spec_validator import validate

from planner.auth.models import ApiToken, FailedLogin, User, UserRole
from planner.db import utcnow
from planner.extensions import db
from tests.conftest import PASSWORD, ApiClient, event_payload, row_count
from tests.support.api_helpers import assert_error

TOKEN_URL = "/api/v1/auth/token"


def _sign_in(app, email: str, password: str, addr: str = "127.0.0.1"):
    return app.test_client().post(
        TOKEN_URL,
        json={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": addr},
    )


# Issuing tokens -------------------------------------------------------------------------------


def test_token_is_issued_and_opens_the_api(app, account):
    response = _sign_in(app, account, PASSWORD)

    assert response.status_code == 201
    assert set(response.json) == {"token", "expires_at", "role"}
    assert response.json["role"] == "organiser"
    # The token is usable, and only its hash is stored.
    client = ApiClient(app.test_client(), response.json["token"])
    assert client.get("/organisations").status_code == 200
    stored = db.session.scalar(sa.select(ApiToken.token_hash))
    assert stored != response.json["token"] and len(stored) == 64


def test_email_is_matched_without_regard_to_case(app, account):
    assert _sign_in(app, "  Secretary@Network.EXAMPLE ", PASSWORD).status_code == 201


def test_every_sign_in_gets_its_own_token(app, account):
    first = _sign_in(app, account, PASSWORD).json["token"]
    second = _sign_in(app, account, PASSWORD).json["token"]
    assert first != second
    assert row_count(ApiToken) == 2


def test_wrong_password_and_unknown_email_answer_alike(app, account):
    wrong_password = _sign_in(app, account, "not the password at all")
    unknown_email = _sign_in(app, "nobody@network.example", PASSWORD)

    for response in (wrong_password, unknown_email):
        assert_error(response, 401, "unauthorized")
        assert "token" not in response.get_data(as_text=True)
    assert wrong_password.get_data() == unknown_email.get_data()
    # Both are on record for throttling; neither produced a token.
    assert row_count(FailedLogin) == 2
    assert row_count(ApiToken) == 0


def test_an_inactive_account_cannot_sign_in(app, account):
    db.session.execute(sa.update(User).values(active=False))
    db.session.commit()
    assert_error(_sign_in(app, account, PASSWORD), 401)


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"password": PASSWORD}, "email"),
        ({"email": "secretary@network.example"}, "password"),
        ({"email": "a@b.example", "password": PASSWORD, "remember": True}, "remember"),
    ],
)
def test_incomplete_credentials_are_a_validation_error(app, account, payload, field):
    response = app.test_client().post(TOKEN_URL, json=payload)
    assert_error(response, 422, "validation_error", field)
    assert row_count(ApiToken) == 0


# Using tokens ---------------------------------------------------------------------------------


def test_no_token_is_401_with_a_bearer_challenge(anonymous_api):
    response = anonymous_api.get("/organisations")

    assert_error(response, 401, "unauthorized")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "header",
    ["Bearer", "Bearer ", "Bearer not-a-token", "Basic dXNlcjpwYXNz", "Token abc", "bearer"],
)
def test_a_malformed_or_unknown_token_is_401(app, header):
    response = app.test_client().get("/api/v1/events", headers={"Authorization": header})
    assert_error(response, 401, "unauthorized")
    assert "WWW-Authenticate" in response.headers


def test_no_token_cannot_write_either(anonymous_api):
    assert_error(anonymous_api.post("/events", event_payload()), 401)
    assert_error(anonymous_api.delete("/auth/token"), 401)


def test_an_expired_token_is_refused(api):
    assert api.get("/organisations").status_code == 200
    db.session.execute(sa.update(ApiToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()

    assert_error(api.get("/organisations"), 401, "unauthorized")


def test_a_revoked_token_is_refused(api):
    assert api.get("/organisations").status_code == 200

    response = api.delete("/auth/token")

    assert response.status_code == 204
    assert db.session.scalar(sa.select(ApiToken.revoked_at)) is not None
    assert_error(api.get("/organisations"), 401, "unauthorized")
    assert_error(api.delete("/auth/token"), 401)


def test_revoking_one_token_leaves_the_others(app, api):
    other = ApiClient(
        app.test_client(), _sign_in(app, "organiser@test.example", PASSWORD).json["token"]
    )
    api.delete("/auth/token")
    assert other.get("/organisations").status_code == 200


def test_a_deactivated_account_loses_its_tokens(api):
    db.session.execute(sa.update(User).values(active=False))
    db.session.commit()
    assert_error(api.get("/organisations"), 401)


# Roles ----------------------------------------------------------------------------------------


def test_a_viewer_reads_but_cannot_write(api, viewer_api, organisation, event):
    assert viewer_api.get("/organisations").status_code == 200
    assert viewer_api.get(f"/events/{event['id']}").status_code == 200
    assert viewer_api.get(f"/events/{event['id']}/sessions").status_code == 200

    attempts = [
        viewer_api.post(
            "/organisations",
            {
                "slug": "busan",
                "name": "Busan",
                "country": "KR",
                "timezone": "Asia/Seoul",
                "membership": "full",
            },
        ),
        viewer_api.patch(f"/organisations/{organisation['id']}", {"name": "Renamed"}),
        viewer_api.delete(f"/organisations/{organisation['id']}"),
        viewer_api.post("/events", event_payload()),
        viewer_api.patch(f"/events/{event['id']}", {"title": "Renamed"}),
        viewer_api.post(f"/events/{event['id']}/publish"),
        viewer_api.delete(f"/events/{event['id']}"),
    ]

    for response in attempts:
        assert_error(response, 403, "forbidden")
    assert api.get(f"/organisations/{organisation['id']}").json["name"] == organisation["name"]
    after = api.get(f"/events/{event['id']}").json
    assert (after["title"], after["status"], after["version"]) == (event["title"], "draft", 1)


def test_a_viewer_may_revoke_its_own_token(viewer_api):
    assert viewer_api.delete("/auth/token").status_code == 204
    assert_error(viewer_api.get("/organisations"), 401)


def test_secret_links_are_for_organisers_only(api, viewer_api, delegate, event):
    participant = api.post(
        f"/events/{event['id']}/participants", {"delegate_id": delegate["id"], "role": "observer"}
    ).json
    assert participant["rsvp_url"].startswith("https://planner.example/rsvp/")

    as_viewer = viewer_api.get(f"/delegates/{delegate['id']}").json
    assert as_viewer["email"] == delegate["email"]
    assert as_viewer["calendar_url"] is None
    listed = viewer_api.get(f"/events/{event['id']}/participants").json["items"]
    assert [p["rsvp_url"] for p in listed] == [None]
    # The organiser's view of the same URL (possibly cached) still has them.
    assert api.get(f"/delegates/{delegate['id']}").json["calendar_url"] == delegate["calendar_url"]
    assert (
        api.get(f"/events/{event['id']}/participants").json["items"][0]["rsvp_url"]
        == (participant["rsvp_url"])
    )


# OpenAPI --------------------------------------------------------------------------------------

CONTRACT_PATHS = {
    "/api/v1/auth/token": {"post", "delete"},
    "/api/v1/organisations": {"get", "post"},
    "/api/v1/organisations/{organisation_id}": {"get", "patch", "delete"},
    "/api/v1/bodies": {"get"},
    "/api/v1/bodies/{slug}": {"get"},
    "/api/v1/delegates": {"get", "post"},
    "/api/v1/delegates/{delegate_id}": {"get", "patch", "delete"},
    "/api/v1/delegates/{delegate_id}/calendar-token": {"post"},
    "/api/v1/venues": {"get", "post"},
    "/api/v1/venues/{venue_id}": {"get", "patch"},
    "/api/v1/events": {"get", "post"},
    "/api/v1/events/{event_id}": {"get", "patch", "delete"},
    "/api/v1/events/{event_id}/publish": {"post"},
    "/api/v1/events/{event_id}/cancel": {"post"},
    "/api/v1/events/{event_id}/sessions": {"get", "post"},
    "/api/v1/events/{event_id}/sessions/{session_id}": {"patch", "delete"},
    "/api/v1/events/{event_id}/participants": {"get", "post"},
    "/api/v1/events/{event_id}/participants/{participant_id}": {"patch", "delete"},
}


def test_openapi_document_is_public_and_lists_the_contract(anonymous_api):
    response = anonymous_api.get("/openapi.json")

    assert response.status_code == 200
    spec = response.json
    assert spec["info"]["title"] == "Assembly Planner"
    for path, methods in CONTRACT_PATHS.items():
        assert path in spec["paths"], path
        assert methods <= set(spec["paths"][path]), (path, set(spec["paths"][path]))
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"


def test_openapi_documents_the_error_shape_actually_sent(anonymous_api):
    schemas = anonymous_api.get("/openapi.json").json["components"]["schemas"]
    assert set(schemas["Error"]["properties"]) == {"error"}
    assert set(schemas["ErrorDetail"]["properties"]) == {"code", "message", "fields"}


def test_unknown_api_path_is_a_json_404(anonymous_api):
    assert_error(anonymous_api.get("/no-such-thing"), 404, "not_found")


# flask planner create-organiser ---------------------------------------------------------------


def test_create_organiser_reads_the_password_from_stdin(app):
    result = app.test_cli_runner().invoke(
        args=["planner", "create-organiser", "New.Organiser@Network.example"],
        input="a long enough password\n",
    )

    assert result.exit_code == 0, result.output
    assert "created organiser new.organiser@network.example" in result.output
    db.session.expire_all()
    user = db.session.scalar(sa.select(User))
    assert (user.email, user.role) == ("new.organiser@network.example", UserRole.ORGANISER)
    response = _sign_in(app, "new.organiser@network.example", "a long enough password")
    assert response.status_code == 201
    assert ApiClient(app.test_client(), response.json["token"]).get("/events").status_code == 200


def test_create_organiser_can_make_a_viewer(app):
    result = app.test_cli_runner().invoke(
        args=["planner", "create-organiser", "reader@network.example", "--role", "viewer"],
        input="a long enough password\n",
    )
    assert result.exit_code == 0, result.output
    token = _sign_in(app, "reader@network.example", "a long enough password").json["token"]
    assert ApiClient(app.test_client(), token).post("/events", event_payload()).status_code == 403


@pytest.mark.parametrize("password", ["short", "", "123456789"])
def test_create_organiser_rejects_a_short_password(app, password):
    result = app.test_cli_runner().invoke(
        args=["planner", "create-organiser", "weak@network.example"], input=password + "\n"
    )

    assert result.exit_code != 0
    assert "at least 10 characters" in result.output
    assert "Traceback" not in result.output
    assert row_count(User) == 0


def test_create_organiser_refuses_an_existing_account(app, account):
    result = app.test_cli_runner().invoke(
        args=["planner", "create-organiser", account.upper()], input="another long password\n"
    )

    assert result.exit_code != 0
    assert "exists already" in result.output
    assert row_count(User) == 1
    # The original password still works.
    assert _sign_in(app, account, PASSWORD).status_code == 201


def test_openapi_document_is_a_valid_openapi_3_document(anonymous_api):
    document = anonymous_api.get("/openapi.json").json
    validate(document)  # raises on any violation of the OpenAPI 3.0 schema
    assert document["openapi"].startswith("3.0")
