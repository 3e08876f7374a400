"""The agenda's rules and its API: numbered items with one level of sub-items, positions kept
dense per list, reordering by steps and by a whole list, sessions of the same meeting only;
bad input refused with the field named and nothing written; organisers write, viewers read."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from planner.db import utcnow
from planner.errors import Conflict, Invalid
from planner.events.models import Event
from planner.extensions import db
from planner.governance.agenda import queries, service
from planner.governance.models import AgendaItem, AgendaItemKind, Roll, Vote, VoteMethod
from planner.governance.models import MajorityRule as Rule
from tests.conftest import event_payload
from tests.support.queries import counted_statements


def _put(client, path: str, body: dict):
    return client.request("PUT", path, body)


def _event(meeting) -> Event:
    return db.session.get(Event, meeting["id"])


def _add(event: Event, title: str, **data) -> AgendaItem:
    item = service.add(event, {"title": title, **data})
    db.session.commit()
    return item


def _numbered(event_id: int) -> list[tuple[str, str]]:
    return [(e.number, e.item.title) for e in queries.flat(queries.agenda(event_id))]


def _positions(event_id: int) -> list[tuple[int | None, int]]:
    return list(
        db.session.execute(
            sa.select(AgendaItem.parent_id, AgendaItem.position)
            .where(AgendaItem.event_id == event_id)
            .order_by(AgendaItem.parent_id.is_not(None), AgendaItem.parent_id, AgendaItem.position)
        ).tuples()
    )


def _dense(event_id: int) -> bool:
    lists: dict[int | None, list[int]] = {}
    for parent_id, position in _positions(event_id):
        lists.setdefault(parent_id, []).append(position)
    return all(p == list(range(1, len(p) + 1)) for p in lists.values())


@pytest.fixture
def agenda(meeting) -> dict[str, AgendaItem]:
    """Opening; Reports (with two sub-items); Elections."""
    event = _event(meeting)
    opening = _add(event, "Opening", kind=AgendaItemKind.PROCEDURAL)
    reports = _add(event, "Reports", kind="report")
    activity = _add(event, "Activity report", parent_id=reports.id)
    finance = _add(event, "Financial report", parent_id=reports.id, kind=AgendaItemKind.BUDGET)
    elections = _add(event, "Elections", kind=AgendaItemKind.ELECTION)
    return {
        "opening": opening,
        "reports": reports,
        "activity": activity,
        "finance": finance,
        "elections": elections,
    }


# The service ----------------------------------------------------------------------------------


def test_items_are_numbered_from_their_places_with_one_level_of_sub_items(meeting, agenda):
    assert _numbered(meeting["id"]) == [
        ("1", "Opening"),
        ("2", "Reports"),
        ("2.1", "Activity report"),
        ("2.2", "Financial report"),
        ("3", "Elections"),
    ]
    assert agenda["reports"].kind is AgendaItemKind.REPORT  # a kind given by its value
    assert _add(_event(meeting), "Any other business").kind is AgendaItemKind.OTHER


def test_moving_up_and_down_swaps_neighbours_and_stops_at_the_ends(meeting, agenda):
    service.move(agenda["elections"], -1)
    service.move(agenda["finance"], -1)
    db.session.commit()
    assert _numbered(meeting["id"]) == [
        ("1", "Opening"),
        ("2", "Elections"),
        ("3", "Reports"),
        ("3.1", "Financial report"),
        ("3.2", "Activity report"),
    ]
    for item, step, message in (
        (agenda["opening"], -1, "the first item cannot move up"),
        (agenda["activity"], 1, "the last item cannot move down"),
    ):
        with pytest.raises(Invalid) as refused:
            service.move(item, step)
        assert refused.value.fields == {"step": [message]}
        db.session.rollback()
    assert _dense(meeting["id"])


def test_a_list_is_reordered_from_the_ids_dragging_sends(meeting, agenda):
    event = _event(meeting)
    order = [agenda[name].id for name in ("elections", "opening", "reports")]
    service.reorder(event, None, order)
    service.reorder(event, agenda["reports"].id, [agenda["finance"].id, agenda["activity"].id])
    db.session.commit()
    assert _numbered(meeting["id"]) == [
        ("1", "Elections"),
        ("2", "Opening"),
        ("3", "Reports"),
        ("3.1", "Financial report"),
        ("3.2", "Activity report"),
    ]
    assert _dense(meeting["id"])


def _refused(error_type, call, field: str) -> None:
    before = _positions_and_titles()
    with pytest.raises(error_type) as refused:
        call()
    db.session.rollback()
    assert field in refused.value.fields, refused.value.fields
    assert _positions_and_titles() == before  # nothing written


def _positions_and_titles():
    return db.session.execute(
        sa.select(
            AgendaItem.id, AgendaItem.parent_id, AgendaItem.position, AgendaItem.title
        ).order_by(AgendaItem.id)
    ).all()


def test_bad_reorders_are_refused_naming_the_ids(meeting, agenda, api):
    event = _event(meeting)
    top = [agenda[name].id for name in ("opening", "reports", "elections")]
    other = _event(api.post("/events", event_payload()).json)
    stranger = _add(other, "Another meeting's item")
    _refused(Invalid, lambda: service.reorder(event, None, [top[0], top[0], top[1]]), "ids")
    _refused(Invalid, lambda: service.reorder(event, None, [*top, stranger.id]), "ids")
    _refused(Invalid, lambda: service.reorder(event, None, [*top, agenda["activity"].id]), "ids")
    # A list missing an item added meanwhile: the sender's picture is stale.
    _refused(Conflict, lambda: service.reorder(event, None, top[:2]), "ids")
    _refused(Invalid, lambda: service.reorder(event, stranger.id, [stranger.id]), "parent_id")


def test_bad_items_are_refused_naming_the_field(meeting, agenda, api):
    event = _event(meeting)
    other = api.post("/events", event_payload()).json
    foreign_session = api.post(f"/events/{other['id']}/sessions", {
        "title": "Elsewhere", "kind": "plenary",
        "starts_at": other["starts_at"], "ends_at": other["ends_at"],
    }).json  # fmt: skip
    stranger = _add(_event(other), "Another meeting's item")
    cases = [
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 301}, "title"),
        ({"title": "Item", "kind": "vote"}, "kind"),
        ({"title": "Item", "session_id": foreign_session["id"]}, "session_id"),
        ({"title": "Item", "session_id": 999_999}, "session_id"),
        ({"title": "Item", "parent_id": agenda["activity"].id}, "parent_id"),
        ({"title": "Item", "parent_id": stranger.id}, "parent_id"),
        ({"title": "Item", "parent_id": 999_999}, "parent_id"),
        ({"title": "Item", "minutes_text": "later"}, "minutes_text"),
    ]
    for data, field in cases:
        _refused(Invalid, lambda data=data: service.add(event, data), field)
    # An item with sub-items cannot become one; nor can an item be its own.
    reports, opening = agenda["reports"], agenda["opening"]
    _refused(Invalid, lambda: service.edit(reports, {"parent_id": opening.id}), "parent_id")
    _refused(Invalid, lambda: service.edit(opening, {"parent_id": opening.id}), "parent_id")
    _refused(Invalid, lambda: service.edit(opening, {"title": None}), "title")


def test_editing_moves_an_item_between_lists_and_closes_the_gap(meeting, agenda):
    sessions = [s.id for s in _event(meeting).sessions]
    service.edit(agenda["opening"], {"parent_id": agenda["reports"].id, "session_id": sessions[1]})
    service.edit(agenda["activity"], {"parent_id": None, "title": "Activity report 2026"})
    db.session.commit()
    assert _numbered(meeting["id"]) == [
        ("1", "Reports"),
        ("1.1", "Financial report"),
        ("1.2", "Opening"),
        ("2", "Elections"),
        ("3", "Activity report 2026"),
    ]
    assert _dense(meeting["id"])
    [entry] = [e for e in queries.flat(queries.agenda(meeting["id"])) if e.number == "1.2"]
    assert entry.session is not None and entry.session.title == "Business session"


def test_deleting_takes_the_sub_items_and_closes_the_gap(meeting, agenda):
    service.delete(agenda["reports"])
    db.session.commit()
    assert _numbered(meeting["id"]) == [("1", "Opening"), ("2", "Elections")]
    assert _dense(meeting["id"])


def test_an_item_a_vote_was_put_on_cannot_be_deleted(meeting, agenda):
    roll = Roll(event_id=meeting["id"], frozen_at=utcnow(), quorum_rule="majority",
                entitled=1, present=1, represented=0, needed=1)  # fmt: skip
    db.session.add(roll)
    db.session.flush()
    db.session.add(Vote(event_id=meeting["id"], agenda_item_id=agenda["finance"].id,
                        roll_id=roll.id, question="Approve the accounts?",
                        method=VoteMethod.SHOW_OF_HANDS, rule=Rule.SIMPLE,
                        quorum_counted=1, quorum_needed=1))  # fmt: skip
    db.session.commit()
    _refused(Conflict, lambda: service.delete(agenda["reports"]), "id")
    _refused(Conflict, lambda: service.delete(agenda["finance"]), "id")


def test_a_deleted_session_leaves_its_items_unlinked(meeting, api):
    event = _event(meeting)
    session_id = event.sessions[0].id
    item = _add(event, "Opening", session_id=session_id)
    assert api.delete(f"/events/{meeting['id']}/sessions/{session_id}").status_code == 204
    db.session.expire_all()
    assert db.session.get(AgendaItem, item.id).session_id is None


def test_the_agenda_is_read_in_one_statement_however_long(meeting, api):
    event = _event(meeting)
    session_id = event.sessions[0].id
    for n in range(12):
        parent = _add(event, f"Item {n}", session_id=session_id)
        for m in range(3):
            _add(event, f"Item {n}.{m}", parent_id=parent.id, session_id=session_id)
    db.session.expire_all()
    with counted_statements() as statements:
        entries = queries.agenda(meeting["id"])
        shown = [(e.number, e.item.title, e.session and e.session.title)
                 for e in queries.flat(entries)]  # fmt: skip
    assert len(shown) == 48 and shown[-1] == ("12.3", "Item 11.2", "Opening")
    assert len(statements) == 1


# The API --------------------------------------------------------------------------------------


def test_organisers_build_and_reorder_the_agenda_through_the_api(api, meeting):
    base = f"/events/{meeting['id']}/agenda"
    session_id = api.get(f"/events/{meeting['id']}/sessions").json["items"][0]["id"]
    opening = api.post(base, {"title": "Opening", "kind": "procedural", "session_id": session_id})
    assert opening.status_code == 201, opening.json
    assert opening.json["number"] == "1" and opening.json["session"]["title"] == "Opening"
    budget = api.post(base, {"title": "Budget 2028", "kind": "budget"}).json
    sub = api.post(base, {"title": "Dues", "parent_id": budget["id"], "text": "<b>5%</b>"}).json
    assert (sub["number"], sub["kind"], sub["text"]) == ("2.1", "other", "<b>5%</b>")
    order = _put(api, f"{base}/order", {"ids": [budget["id"], opening.json["id"]]})
    assert order.status_code == 200, order.json
    assert [(i["number"], i["title"]) for i in order.json["items"]] == [
        ("1", "Budget 2028"),
        ("2", "Opening"),
    ]
    assert order.json["items"][0]["children"][0]["number"] == "1.1"
    edited = api.patch(f"{base}/{sub['id']}", {"title": "Dues 2028", "session_id": None})
    assert edited.status_code == 200 and edited.json["title"] == "Dues 2028"
    assert api.get(f"{base}/{sub['id']}").json["number"] == "1.1"
    assert api.delete(f"{base}/{budget['id']}").status_code == 204
    listed = api.get(base).json["items"]
    assert [(i["number"], i["title"], i["children"]) for i in listed] == [("1", "Opening", [])]


def test_the_api_refuses_bad_input_with_the_field_named(api, meeting):
    base = f"/events/{meeting['id']}/agenda"
    item = api.post(base, {"title": "Opening"}).json
    other = api.post("/events", event_payload()).json
    for body, field in (
        ({"title": ""}, "title"),
        ({"title": "Item", "kind": "vote"}, "kind"),
        ({"title": "Item", "session_id": "1"}, "session_id"),
        ({"title": "Item", "parent_id": 2**40}, "parent_id"),
        ({"title": "Item", "colour": "red"}, "colour"),
    ):
        response = api.post(base, body)
        assert response.status_code == 422 and field in response.json["error"]["fields"], body
    stale = _put(api, f"{base}/order", {"ids": []})
    assert stale.status_code == 422 and "ids" in stale.json["error"]["fields"]
    second = api.post(base, {"title": "Closing"}).json
    stale = _put(api, f"{base}/order", {"ids": [second["id"]]})
    assert stale.status_code == 409 and "ids" in stale.json["error"]["fields"]
    assert api.get(f"/events/{other['id']}/agenda/{item['id']}").status_code == 404
    assert (
        api.patch(f"/events/{other['id']}/agenda/{item['id']}", {"title": "x"}).status_code == 404
    )
    assert api.delete(f"{base}/999999").status_code == 404
    assert api.get("/events/999999/agenda").status_code == 404
    assert [i["title"] for i in api.get(base).json["items"]] == ["Opening", "Closing"]


def test_viewers_read_the_agenda_and_nobody_else_does(api, viewer_api, anonymous_api, meeting):
    base = f"/events/{meeting['id']}/agenda"
    item = api.post(base, {"title": "Opening"}).json
    assert viewer_api.get(base).json["items"][0]["title"] == "Opening"
    assert viewer_api.get(f"{base}/{item['id']}").status_code == 200
    for call in (
        lambda client: client.post(base, {"title": "Coup"}),
        lambda client: client.patch(f"{base}/{item['id']}", {"title": "Coup"}),
        lambda client: client.delete(f"{base}/{item['id']}"),
        lambda client: _put(client, f"{base}/order", {"ids": [item["id"]]}),
    ):
        assert call(viewer_api).status_code == 403
        assert call(anonymous_api).status_code == 401
    assert anonymous_api.get(base).status_code == 401
    assert [i["title"] for i in api.get(base).json["items"]] == ["Opening"]


def test_the_agenda_answer_follows_a_change_at_once(api, meeting):
    """The API caches answers per data version: a reorder must renew it."""
    base = f"/events/{meeting['id']}/agenda"
    first = api.post(base, {"title": "First"}).json
    second = api.post(base, {"title": "Second"}).json
    assert [i["title"] for i in api.get(base).json["items"]] == ["First", "Second"]
    _put(api, f"{base}/order", {"ids": [second["id"], first["id"]]})
    assert [i["title"] for i in api.get(base).json["items"]] == ["Second", "First"]
