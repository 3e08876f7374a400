"""The organisers' pages of standing: dues on an organisation's page, the voting rule on a
body's page; viewers read, anonymous readers are sent to sign in."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from planner.auth.models import UserRole
from planner.auth.service import create_user
from planner.extensions import db
from planner.members.models import Body, Dues, DuesStatus, Membership, Organisation, VotingRule
from tests.conftest import row_count

PASSWORD = "organiser-password-1"
THIS_YEAR = datetime.now(UTC).year


@pytest.fixture
def member(app) -> Organisation:
    organisation = Organisation(slug="seoul", name="Seoul Metropolitan Government", country="KR",
                                timezone="Asia/Seoul", membership=Membership.FULL)  # fmt: skip
    db.session.add_all([organisation, Body(slug="general-assembly", name="General Assembly")])
    create_user("kim@secretariat.example", PASSWORD, UserRole.ORGANISER)
    create_user("reader@secretariat.example", PASSWORD, UserRole.VIEWER)
    db.session.commit()
    return organisation


def _client(app, email):
    client = app.test_client()
    assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
    return client


def test_organisers_record_dues_and_see_the_standing(app, member):
    web = _client(app, "kim@secretariat.example")
    page = web.get(f"/members/{member.id}").get_data(as_text=True)
    assert f"No dues recorded for {THIS_YEAR - 1}." in page
    assert "Record a year&#39;s dues" in page or "Record a year's dues" in page
    data = {"year": THIS_YEAR - 1, "status": "paid", "amount": "2000", "currency": "USD"}
    response = web.post(f"/members/{member.id}/dues", data=data)
    assert response.status_code == 302
    page = web.get(response.headers["Location"]).get_data(as_text=True)
    assert "2000 USD" in page and f"Dues for {THIS_YEAR - 1} recorded." in page
    assert "No dues recorded" not in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year": THIS_YEAR + 1, "status": "paid"}, "Dues cannot be recorded for a year to come"),
        ({"year": THIS_YEAR, "status": "paid", "amount": "-3"}, "The amount cannot be negative."),
        ({"year": THIS_YEAR, "status": "waived", "reason": ""}, "Say why the dues are waived."),
    ],
)
def test_bad_dues_are_shown_beside_the_form_and_nothing_is_written(app, member, data, message):
    web = _client(app, "kim@secretariat.example")
    response = web.post(f"/members/{member.id}/dues", data={"currency": "USD", **data})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert row_count(Dues) == 0


def test_organisers_change_a_bodys_voting_rule(app, member):
    web = _client(app, "kim@secretariat.example")
    page = web.get("/bodies/general-assembly").get_data(as_text=True)
    assert "Full members in good standing" in page
    response = web.post("/bodies/general-assembly/voting-rule",
                        data={"voting_rule": "current-seats"})  # fmt: skip
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.scalar(db.select(Body.voting_rule)) is VotingRule.CURRENT_SEATS
    bad = web.post("/bodies/general-assembly/voting-rule", data={"voting_rule": "everyone"})
    assert bad.status_code == 422


def test_viewers_read_only_and_anonymous_readers_sign_in(app, member):
    viewer = _client(app, "reader@secretariat.example")
    page = viewer.get(f"/members/{member.id}").get_data(as_text=True)
    assert "Good standing" in page and "Record the dues" not in page
    assert "Change who votes" not in viewer.get("/bodies/general-assembly").get_data(as_text=True)
    data = {"year": THIS_YEAR, "status": "paid"}
    assert viewer.post(f"/members/{member.id}/dues", data=data).status_code == 403
    rule = {"voting_rule": "current-seats"}
    assert viewer.post("/bodies/general-assembly/voting-rule", data=rule).status_code == 403
    anonymous = app.test_client()
    assert anonymous.get(f"/members/{member.id}").status_code == 302
    assert anonymous.post(f"/members/{member.id}/dues", data=data).status_code in (302, 401)
    assert row_count(Dues) == 0
    db.session.expire_all()
    assert db.session.scalar(db.select(Body.voting_rule)) is VotingRule.GOOD_STANDING
    assert DuesStatus.PAID  # the statuses the form offers
