"""The decisions register: adopted votes numbered per body and year without gaps, found by
number, words, body and year, read by viewers and no one signed out."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from planner.auth.models import UserRole
from planner.errors import Conflict
from planner.extensions import db
from planner.governance.models import (
    Decision,
    Vote,
    VoteOutcome,
)
from planner.governance.register import service
from tests.conftest import row_count
from tests.support.api_helpers import assert_error
from tests.support.decisions import closed_vote
from tests.support.pages import signed_in_client


def _closed_vote(
    assembly: dict, title: str, outcome: VoteOutcome, closed_at: datetime, text: str | None
) -> Vote:
    return closed_vote(assembly["event"]["id"], title, outcome, closed_at, text)


CLOSED = datetime(2027, 5, 12, 3, 0, tzinfo=UTC)


def test_adopted_votes_are_numbered_per_body_and_year_without_gaps(assembly):
    first = service.record(
        _closed_vote(assembly, "Budget 2028", VoteOutcome.ADOPTED, CLOSED, "The budget.")
    )
    second = service.record(
        _closed_vote(assembly, "Climate <b>pledge</b>", VoteOutcome.ADOPTED, CLOSED, None)
    )
    # 2027-12-31 16:00 UTC is already New Year's Day in Seoul, where the meeting is.
    new_year = datetime(2027, 12, 31, 16, 0, tzinfo=UTC)
    third = service.record(
        _closed_vote(assembly, "Seoul declaration", VoteOutcome.ADOPTED, new_year, "Text.")
    )
    db.session.commit()
    assert [d.number for d in (first, second, third)] == ["GA/2027/01", "GA/2027/02", "GA/2028/01"]
    # An item without text of its own records the question put.
    assert (second.title, second.text) == (
        "Climate <b>pledge</b>",
        "Do you adopt Climate <b>pledge</b>?",
    )


def test_only_an_adopted_vote_makes_a_decision(assembly):
    rejected = _closed_vote(assembly, "Motion", VoteOutcome.REJECTED, CLOSED, None)
    with pytest.raises(Conflict):
        service.record(rejected)
    assert row_count(Decision) == 0


def _register(assembly) -> list[Decision]:
    decisions = [
        service.record(_closed_vote(assembly, title, VoteOutcome.ADOPTED, closed, text))
        for title, closed, text in (
            ("Budget 2028", CLOSED, "The budget of the secretariat."),
            ("Admission of Busan", CLOSED, "Busan joins as a full member."),
            ("Budget 2029", CLOSED + timedelta(days=365), "The next budget."),
        )
    ]
    db.session.commit()
    return decisions


def test_the_register_is_found_by_number_words_body_and_year(api, assembly):
    admission = _register(assembly)[1]

    def numbers(query: str) -> list[str]:
        response = api.get(f"/decisions{query}")
        assert response.status_code == 200, response.json
        return [item["number"] for item in response.json["items"]]

    assert numbers("") == ["GA/2028/01", "GA/2027/02", "GA/2027/01"]
    assert numbers("?q=ga/2027/02") == ["GA/2027/02"]
    assert numbers("?q=BUDGET") == ["GA/2028/01", "GA/2027/01"]
    assert numbers("?q=busan") == ["GA/2027/02"]
    assert numbers("?year=2027&body=ga") == ["GA/2027/02", "GA/2027/01"]
    assert numbers("?body=EC") == []
    one = api.get(f"/decisions/{admission.id}").json
    assert one["number"] == "GA/2027/02" and one["event_title"] == "General Assembly 2027"
    assert one["vote_id"] == admission.vote_id
    assert one["minutes_url"] == f"/api/v1/events/{assembly['event']['id']}/minutes"
    assert api.get(one["minutes_url"].removeprefix("/api/v1")).status_code == 200
    assert_error(api.get("/decisions/999999"), 404)
    assert_error(api.get("/decisions?year=12"), 422, field="year")
    assert_error(api.get("/decisions?body=G%2FA"), 422, field="body")


def test_viewers_read_the_register_and_no_one_signed_out(viewer_api, anonymous_api, assembly):
    decision = _register(assembly)[0]
    assert viewer_api.get("/decisions").json["total"] == 3
    assert viewer_api.get(f"/decisions/{decision.id}").status_code == 200
    assert anonymous_api.get("/decisions").status_code == 401
    assert anonymous_api.get(f"/decisions/{decision.id}").status_code == 401


def _listed(response) -> list[str]:
    return re.findall(r'class="decision-number">([^<]+)<', response.get_data(as_text=True))


def test_the_register_page_lists_and_finds_decisions(app, assembly):
    _register(assembly)
    reader = signed_in_client(app, UserRole.VIEWER)
    page = reader.get("/decisions")
    assert _listed(page) == ["GA/2028/01", "GA/2027/02", "GA/2027/01"]
    html = page.get_data(as_text=True)
    assert "Busan joins as a full member." in html and "3 decisions" in html
    assert f'href="/meetings/{assembly["event"]["id"]}/minutes"' in html
    assert _listed(reader.get("/decisions?q=GA/2027/02")) == ["GA/2027/02"]
    assert _listed(reader.get("/decisions?year=2028")) == ["GA/2028/01"]
    # A wrong filter is said beside the form; the words still apply.
    refused = reader.get("/decisions?q=busan&year=twenty")
    assert refused.status_code == 422 and _listed(refused) == ["GA/2027/02"]
    nothing = reader.get("/decisions?q=zzz").get_data(as_text=True)
    assert "No decision matches this search." in nothing


def test_user_text_in_the_register_is_shown_as_written(app, assembly):
    service.record(
        _closed_vote(assembly, "<script>alert(1)</script>", VoteOutcome.ADOPTED, CLOSED, "&amp;")
    )
    db.session.commit()
    html = signed_in_client(app, UserRole.ORGANISER).get("/decisions").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&amp;amp;" in html


def test_the_register_page_needs_a_sign_in(app, assembly):
    response = app.test_client().get("/decisions")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
