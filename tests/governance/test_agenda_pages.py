"""The agenda page: organisers add, edit, delete and move items with plain forms (no script
needed); bad input comes back beside the field with nothing written; viewers read; anonymous
readers are sent to sign in."""

from __future__ import annotations

import sqlalchemy as sa

from planner.auth.models import UserRole
from planner.events.models import Event
from planner.extensions import db
from planner.governance.agenda import queries, service
from planner.governance.models import AgendaItem
from tests.conftest import event_payload
from tests.support.pages import signed_in_client


def _titles(event_id: int) -> list[tuple[str, str]]:
    return [(e.number, e.item.title) for e in queries.flat(queries.agenda(event_id))]


def _seed(meeting) -> dict[str, int]:
    event = db.session.get(Event, meeting["id"])
    opening = service.add(event, {"title": "Opening", "kind": "procedural",
                                  "session_id": event.sessions[0].id})  # fmt: skip
    reports = service.add(event, {"title": "Reports <em>2027</em>", "kind": "report"})
    sub = service.add(event, {"title": "Treasurer's report", "parent_id": reports.id})
    db.session.commit()
    return {"opening": opening.id, "reports": reports.id, "sub": sub.id}


def test_the_agenda_page_lists_numbered_items_with_kind_and_session(app, meeting):
    ids = _seed(meeting)
    page = signed_in_client(app, UserRole.ORGANISER).get(f"/meetings/{meeting['id']}/agenda")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '<span class="agenda-number">2.1</span>' in html
    assert "Treasurer&#39;s report" in html
    assert "Reports &lt;em&gt;2027&lt;/em&gt;" in html  # user text is data
    assert '<span class="tag kind-procedural">procedural</span>' in html
    assert f"#session-{db.session.get(AgendaItem, ids['opening']).session_id}" in html
    assert 'aria-current="page">Agenda</a>' in html
    assert "agenda-order.js" in html and 'id="agenda-order"' in html
    assert "Add an item" in html


def test_organisers_add_edit_move_and_delete_with_plain_forms(app, meeting):
    ids = _seed(meeting)
    client = signed_in_client(app, UserRole.ORGANISER)
    base = f"/meetings/{meeting['id']}/agenda"
    added = client.post(base, data={"title": "Elections", "kind": "election",
                                    "parent_id": "", "session_id": "", "text": ""})  # fmt: skip
    elections = db.session.scalar(sa.select(AgendaItem.id).where(AgendaItem.title == "Elections"))
    assert added.status_code == 303
    assert added.headers["Location"].endswith(f"/agenda#item-{elections}")
    moved = client.post(f"{base}/{ids['opening']}/move", data={"direction": "down"})
    assert moved.status_code == 303
    page = client.get(base).get_data(as_text=True)
    assert "“Opening” is now item 2." in page
    edited = client.post(f"{base}/{ids['sub']}", data={
        "title": "Treasurer's report 2027", "kind": "budget", "parent_id": "",
        "session_id": str(db.session.get(Event, meeting["id"]).sessions[1].id), "text": "Audited",
    })  # fmt: skip
    assert edited.status_code == 303
    assert _titles(meeting["id"]) == [
        ("1", "Reports <em>2027</em>"),
        ("2", "Opening"),
        ("3", "Elections"),
        ("4", "Treasurer's report 2027"),
    ]
    form = client.get(f"{base}/{ids['reports']}")
    assert form.status_code == 200 and "Delete item 1" in form.get_data(as_text=True)
    assert client.post(f"{base}/{ids['reports']}/delete").status_code == 303
    assert _titles(meeting["id"])[0] == ("1", "Opening")


def test_the_page_order_form_takes_a_dragged_order(app, meeting):
    ids = _seed(meeting)
    client = signed_in_client(app, UserRole.ORGANISER)
    base = f"/meetings/{meeting['id']}/agenda"
    order = f"{ids['reports']},{ids['opening']}"
    response = client.post(f"{base}/order", data={"parent_id": "", "ids": order})
    assert response.status_code == 303
    assert _titles(meeting["id"])[0] == ("1", "Reports <em>2027</em>")
    stale = client.post(f"{base}/order", data={"parent_id": "", "ids": str(ids["opening"])})
    assert stale.status_code == 303
    assert "reload it and order it again" in client.get(base).get_data(as_text=True)
    assert _titles(meeting["id"])[0] == ("1", "Reports <em>2027</em>")


def test_bad_input_comes_back_beside_the_field_with_nothing_written(app, meeting, api):
    ids = _seed(meeting)
    client = signed_in_client(app, UserRole.ORGANISER)
    base = f"/meetings/{meeting['id']}/agenda"
    before = db.session.scalar(sa.select(sa.func.count(AgendaItem.id)))
    blank = client.post(base, data={"title": "", "kind": "other"})
    assert blank.status_code == 422
    assert 'id="title-error">Give the item a title.' in blank.get_data(as_text=True)
    under_sub = client.post(base, data={"title": "Deep", "kind": "other",
                                        "parent_id": str(ids["sub"])})  # fmt: skip
    html = under_sub.get_data(as_text=True)
    assert under_sub.status_code == 422
    assert 'id="parent_id-error">a sub-item cannot have sub-items of its own' in html
    assert 'value="Deep"' in html  # the form comes back filled in
    edit = client.post(f"{base}/{ids['reports']}", data={
        "title": "Reports", "kind": "report", "parent_id": str(ids["opening"]),
    })  # fmt: skip
    assert edit.status_code == 422
    assert "an item with sub-items cannot become a sub-item itself" in edit.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(AgendaItem.id))) == before
    assert client.get(f"/meetings/{meeting['id']}/agenda/999999").status_code == 404
    other = api.post("/events", event_payload()).json
    assert client.get(f"/meetings/{other['id']}/agenda/{ids['opening']}").status_code == 404


def test_viewers_read_the_agenda_but_change_nothing(app, meeting):
    ids = _seed(meeting)
    viewer = signed_in_client(app, UserRole.VIEWER)
    base = f"/meetings/{meeting['id']}/agenda"
    html = viewer.get(base).get_data(as_text=True)
    assert "Treasurer&#39;s report" in html
    assert "Add an item" not in html and "agenda-order.js" not in html and ">Up<" not in html
    assert viewer.get(f"{base}/{ids['opening']}").status_code == 403
    for path, data in (
        (base, {"title": "Coup", "kind": "other"}),
        (f"{base}/{ids['opening']}", {"title": "Coup", "kind": "other"}),
        (f"{base}/{ids['opening']}/delete", {}),
        (f"{base}/{ids['opening']}/move", {"direction": "down"}),
        (f"{base}/order", {"ids": f"{ids['reports']},{ids['opening']}"}),
    ):
        assert viewer.post(path, data=data).status_code == 403, path
    assert _titles(meeting["id"])[0] == ("1", "Opening") and len(_titles(meeting["id"])) == 3


def test_anonymous_readers_are_sent_to_sign_in(app, meeting):
    ids = _seed(meeting)
    anonymous = app.test_client()
    base = f"/meetings/{meeting['id']}/agenda"
    for path in (base, f"{base}/{ids['opening']}"):
        response = anonymous.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert anonymous.post(f"{base}/{ids['opening']}/delete").status_code == 302
    assert len(_titles(meeting["id"])) == 3
