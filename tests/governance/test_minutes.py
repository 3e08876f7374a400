"""The minutes: a draft the secretariat writes while the record builds it, approved by an
adopted vote of a later meeting and then frozen; read in a fixed number of statements; the
PDF in en, fr and ko with names in their scripts; on SQLite and PostgreSQL."""

from __future__ import annotations

import re

import pytest

from planner.db import get_or_404, utcnow
from planner.events.models import Event
from planner.extensions import db
from planner.governance.minutes import queries, service
from planner.governance.models import AgendaItem, Minutes, VoteOutcome
from tests.conftest import row_count
from tests.support.api_helpers import assert_error
from tests.support.decisions import closed_vote
from tests.support.minutes import MARKUP, later_meeting
from tests.support.pack_fixtures import pdf_text
from tests.support.queries import counted_statements


def _minutes(event_id: int) -> str:
    return f"/events/{event_id}/minutes"


def _texts() -> dict[str, str | None]:
    db.session.expire_all()
    items = db.session.query(AgendaItem).all()
    return {item.title: item.minutes_text for item in items}


def test_the_draft_gathers_the_record(api, minuted):
    body = api.get(_minutes(minuted["event_id"])).json
    assert body["version"] == 0 and body["approval"] is None
    numbers = [(i["number"], i["title"]) for i in body["items"]]
    assert numbers == [("1", "Resolution 1"), ("2", "Opening"), ("3", "Elections")]
    assert body["items"][1]["children"][0]["number"] == "2.1"
    [hands] = body["items"][0]["votes"]
    assert hands["counts"] == {"yes": 4, "no": 1, "abstain": 1}
    assert hands["outcome"] == "adopted" and re.fullmatch(r"GA/\d{4}/01", hands["decision"])
    assert (hands["quorum_counted"], hands["quorum_needed"]) == (6, 4)
    [election] = body["items"][2]["votes"]
    votes = {c["organisation"]["latin"]: (c["votes"], c["elected"]) for c in election["candidates"]}
    assert votes == {"Seoul Metropolitan Government": (3, True),
                     "Tokyo Metropolitan Government": (2, False)}  # fmt: skip
    assert [d["number"] for d in body["decisions"]] == [hands["decision"]]
    assert body["decisions"][0]["item_number"] == "1"
    [roll] = body["rolls"]
    assert (roll["entitled"], roll["present"], roll["represented"], roll["quorate"]) == (
        6, 5, 1, True,
    )  # fmt: skip
    seoul = next(d for d in body["attendance"] if d["organisation"]["native"] == "서울특별시")
    assert seoul["present"][0]["person"] == {"latin": "Kim Min-jun", "native": "김민준"}
    quezon = next(d for d in body["attendance"] if d["organisation"]["latin"] == "Quezon City")
    assert (len(quezon["present"]), len(quezon["absent"])) == (0, 1)


def test_the_secretariat_writes_the_draft(api, minuted):
    event_id = minuted["event_id"]
    response = api.patch(_minutes(event_id), {
        "summary": "A calm Assembly.",
        "items": [{"id": minuted["opening_id"], "minutes_text": "The President opened it."},
                  {"id": minuted["item_id"], "minutes_text": MARKUP}],
    })  # fmt: skip
    assert response.status_code == 200, response.json
    assert response.json["summary"] == "A calm Assembly."
    assert response.json["items"][1]["minutes_text"] == "The President opened it."
    # An empty text clears it; the summary stays when not sent.
    cleared = api.patch(_minutes(event_id), {"items": [{"id": minuted["opening_id"],
                                                        "minutes_text": ""}]})  # fmt: skip
    assert cleared.json["summary"] == "A calm Assembly."
    assert _texts()["Opening"] is None and _texts()["Resolution 1"] == MARKUP


def test_an_item_of_another_meeting_is_refused_and_nothing_is_written(api, minuted):
    other = later_meeting(api)
    stranger = db.session.get(Event, other["event_id"])
    foreign = AgendaItem(event=stranger, position=9, title="Foreign")
    db.session.add(foreign)
    db.session.commit()
    response = api.patch(_minutes(minuted["event_id"]), {
        "summary": "Not written.",
        "items": [{"id": minuted["opening_id"], "minutes_text": "Not written either."},
                  {"id": foreign.id, "minutes_text": "No."}],
    })  # fmt: skip
    assert_error(response, 422, "validation_error", f"items.{foreign.id}")
    assert row_count(Minutes) == 0
    assert _texts()["Opening"] is None and _texts()["Foreign"] is None


def test_a_later_meetings_adopted_vote_approves_and_freezes_them(api, minuted):
    event_id = minuted["event_id"]
    api.patch(_minutes(event_id), {"summary": "Draft summary."})
    later = later_meeting(api)
    response = api.post(f"{_minutes(event_id)}/approve", {"vote_id": later["vote_id"]})
    assert response.status_code == 200, response.json
    assert response.json["version"] == 1
    approval = response.json["approval"]
    assert (approval["event_id"], approval["vote_id"]) == (later["event_id"], later["vote_id"])
    assert approval["meeting"] == "Assembly +180"
    # Every later edit is refused, with nothing written.
    edit = api.patch(_minutes(event_id), {
        "summary": "Rewritten.", "items": [{"id": minuted["opening_id"], "minutes_text": "X"}],
    })  # fmt: skip
    assert_error(edit, 409, "conflict")
    assert "approved" in edit.json["error"]["message"]
    assert api.get(_minutes(event_id)).json["summary"] == "Draft summary."
    assert _texts()["Opening"] is None
    # The agenda they print is frozen with them: no item added, renamed, moved or deleted.
    agenda = f"/events/{event_id}/agenda"
    opening = f"{agenda}/{minuted['opening_id']}"
    order = [item["id"] for item in api.get(agenda).json["items"]]
    for refused in (
        api.post(agenda, {"title": "Any other business"}),
        api.patch(opening, {"title": "Renamed"}),
        api.request("PUT", f"{agenda}/order", {"parent_id": None, "ids": order[::-1]}),
        api.delete(opening),
    ):
        assert "agenda can no longer change" in assert_error(refused, 409)["message"]
    assert _texts()["Opening"] is None and "Renamed" not in _texts()
    # A second approval too, even by another adopted vote of a later meeting.
    again = later_meeting(api, days=365)
    second = api.post(f"{_minutes(event_id)}/approve", {"vote_id": again["vote_id"]})
    assert_error(second, 409, "conflict")
    db.session.expire_all()
    assert db.session.query(Minutes).one().approved_by_vote_id == later["vote_id"]


@pytest.mark.parametrize(
    "case",
    ["same meeting", "earlier meeting", "rejected", "open", "election"],
)
def test_only_an_adopted_vote_of_a_later_meeting_approves(api, minuted, case):
    event_id = minuted["event_id"]
    if case == "same meeting":
        vote_id = minuted["hands_id"]
    elif case == "earlier meeting":
        vote_id = later_meeting(api, days=-180)["vote_id"]
    elif case == "rejected":
        vote_id = later_meeting(api, outcome=VoteOutcome.REJECTED)["vote_id"]
    elif case == "election":
        vote_id = minuted["election_id"]
    else:
        vote_id = later_meeting(api)["vote_id"]
        vote = db.session.get(service.Vote, vote_id)
        vote.closed_at, vote.outcome = None, None
        db.session.commit()
    response = api.post(f"{_minutes(event_id)}/approve", {"vote_id": vote_id})
    assert_error(response, 422, "validation_error", "vote_id")
    assert row_count(Minutes) == 0
    assert api.get(_minutes(event_id)).json["version"] == 0


def test_an_unknown_vote_or_meeting_is_not_found(api, minuted):
    missing = api.post(f"{_minutes(minuted['event_id'])}/approve", {"vote_id": 999_999})
    assert_error(missing, 404, "not_found")
    assert_error(api.get(_minutes(999_999)), 404)


def test_viewers_read_but_do_not_write_and_nobody_signed_out_reads(
    api, viewer_api, anonymous_api, minuted
):
    path = _minutes(minuted["event_id"])
    assert viewer_api.get(path).status_code == 200
    assert viewer_api.get(f"{path}.pdf").status_code == 200
    assert_error(viewer_api.patch(path, {"summary": "No."}), 403)
    later = later_meeting(api)
    assert_error(viewer_api.post(f"{path}/approve", {"vote_id": later["vote_id"]}), 403)
    for response in (anonymous_api.get(path), anonymous_api.get(f"{path}.pdf"),
                     anonymous_api.patch(path, {"summary": "No."})):  # fmt: skip
        assert_error(response, 401)
    assert row_count(Minutes) == 0


def _record_statements(event_id: int) -> int:
    db.session.expire_all()
    db.session.close()
    event = get_or_404(Event, event_id, "event")
    with counted_statements() as statements:
        queries.minutes_record(event)
    return len(statements)


def test_the_minutes_are_read_in_a_fixed_number_of_statements(api, minuted):
    small = _record_statements(minuted["event_id"])
    # Many more items, votes and people: the same statements.
    event_id = minuted["event_id"]
    for n in range(5):
        api.post(f"/events/{event_id}/agenda", {"title": f"Extra {n}"})
    for n in range(4):
        later_meeting(api, days=-30 * (n + 1))  # votes of other meetings do not count here
    for n in range(3):
        closed_vote(event_id, f"More {n}", VoteOutcome.REJECTED, utcnow())
    db.session.commit()
    for n in range(12):
        person = api.post(
            "/delegates",
            {
                "full_name": f"Guest {n}",
                "email": f"g{n}@x.example",
                "organisation_id": minuted["members"][n % 6],
            },
        ).json
        api.post(f"/events/{event_id}/participants",
                 {"delegate_id": person["id"], "role": "observer"})  # fmt: skip
    large = _record_statements(event_id)
    assert small == large
    assert large <= 12


@pytest.mark.parametrize("lang", ["en", "fr", "ko"])
def test_the_pdf_shows_names_in_their_scripts_and_the_figures(api, minuted, lang):
    event_id = minuted["event_id"]
    api.patch(_minutes(event_id), {"items": [{"id": minuted["item_id"], "minutes_text": MARKUP}]})
    response = api.get(f"{_minutes(event_id)}.pdf?lang={lang}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    flat = re.sub(r"\s+", " ", text)
    for name in ("김민준", "서울특별시", "Kim Min-jun", "Seoul Metropolitan Government",
                 "Zoë Lefèvre-Dupré"):  # fmt: skip
        assert name in flat, name
    assert re.search(r"GA/\d{4}/01", flat)
    assert MARKUP in flat  # the text printed literally
    draft = {"en": "Draft:", "fr": "Brouillon :", "ko": "초안:"}[lang]
    assert draft in flat  # the state line (the page's diagonal word reads letter by letter)
    assert re.search(r"\b4\b.*\b1\b.*\b1\b", flat)  # yes, no, abstain


def test_the_approved_pdf_says_by_whom_and_its_version(api, minuted):
    event_id = minuted["event_id"]
    later = later_meeting(api)
    api.post(f"{_minutes(event_id)}/approve", {"vote_id": later["vote_id"]})
    text = re.sub(r"\s+", " ", pdf_text(api.get(f"{_minutes(event_id)}.pdf?lang=en").data))
    assert "by Assembly +180, version 1" in text
    assert "Draft" not in text
