"""The quorum pages: the organisers' live count with proxies and rolls, the roll's page and the
projector; organisers change, viewers read, anonymous readers are sent to sign in."""

from __future__ import annotations

import io

import sqlalchemy as sa

from planner.auth.models import UserRole
from planner.extensions import db
from planner.governance.models import Proxy, Roll
from planner.members.models import Membership, Organisation
from tests.support.door import accredit, arrive
from tests.support.letters import HTML, pdf_letter
from tests.support.pages import signed_in_client


def _accredited(assembly) -> list[int]:
    for participant in assembly["participants"]:
        accredit(participant["id"])
    return [d["organisation_id"] for d in assembly["delegates"]]


def test_the_quorum_page_shows_the_count_and_who_is_there(app, assembly):
    event_id = assembly["event"]["id"]
    _accredited(assembly)
    arrive(assembly["participants"][1]["id"])
    page = signed_in_client(app, UserRole.ORGANISER).get(f"/meetings/{event_id}/quorum")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "No quorum: 3 more needed" in html
    assert '<strong data-quorum="present">1</strong>' in html
    assert "山田 太郎" in html and "Yamada Taro" in html  # the delegate present, both scripts
    assert "Freeze the voter roll now" in html and "Record a proxy" in html
    assert f"/api/v1/events/{event_id}/quorum" in html  # what the page polls


def test_viewers_read_the_quorum_but_change_nothing(app, assembly):
    event_id = assembly["event"]["id"]
    members = _accredited(assembly)
    viewer = signed_in_client(app, UserRole.VIEWER)
    html = viewer.get(f"/meetings/{event_id}/quorum").get_data(as_text=True)
    assert "Voting members (6)" in html
    assert "Freeze the voter roll now" not in html and "Record a proxy" not in html
    data = {"giver_id": members[1], "holder_id": members[0]}
    assert viewer.post(f"/meetings/{event_id}/proxies", data=data).status_code == 403
    assert viewer.post(f"/meetings/{event_id}/rolls").status_code == 403
    assert db.session.scalar(sa.select(sa.func.count(Proxy.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(Roll.id))) == 0
    assert viewer.get(f"/meetings/{event_id}/projector").status_code == 200


def test_anonymous_readers_are_sent_to_sign_in(app, assembly):
    event_id = assembly["event"]["id"]
    anonymous = app.test_client()
    for path in ("quorum", "projector", "rolls/1"):
        response = anonymous.get(f"/meetings/{event_id}/{path}")
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert anonymous.post(f"/meetings/{event_id}/rolls").status_code == 302
    assert anonymous.get(f"/api/v1/events/{event_id}/quorum").status_code == 401


def test_a_refused_proxy_is_explained_beside_its_field_and_nothing_is_written(app, assembly):
    event_id = assembly["event"]["id"]
    members = _accredited(assembly)
    db.session.get(Organisation, members[5]).membership = Membership.ASSOCIATE
    db.session.commit()
    organiser = signed_in_client(app, UserRole.ORGANISER)
    refused = organiser.post(
        f"/meetings/{event_id}/proxies", data={"giver_id": members[1], "holder_id": members[1]}
    )
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert 'id="holder_id-error"' in html and "a member cannot hold its own proxy" in html
    associate = organiser.post(
        f"/meetings/{event_id}/proxies", data={"giver_id": members[5], "holder_id": members[1]}
    )
    assert associate.status_code == 422  # not among the choices: only voting members are
    assert db.session.scalar(sa.select(sa.func.count(Proxy.id))) == 0
    given = organiser.post(
        f"/meetings/{event_id}/proxies", data={"giver_id": members[2], "holder_id": members[1]}
    )
    assert given.status_code == 302
    html = organiser.get(given.headers["Location"]).get_data(as_text=True)
    assert "has given its proxy to" in html and "Revoke" in html


def test_organisers_revoke_a_proxy_and_freeze_the_roll(app, assembly):
    event_id = assembly["event"]["id"]
    members = _accredited(assembly)
    arrive(assembly["participants"][1]["id"])
    organiser = signed_in_client(app, UserRole.ORGANISER)
    organiser.post(
        f"/meetings/{event_id}/proxies", data={"giver_id": members[2], "holder_id": members[1]}
    )
    proxy = db.session.scalars(sa.select(Proxy)).one()
    frozen = organiser.post(f"/meetings/{event_id}/rolls")
    assert frozen.status_code == 302
    roll_page = organiser.get(frozen.headers["Location"]).get_data(as_text=True)
    assert "The voter roll is frozen." in roll_page
    assert "Tokyo Metropolitan Government" in roll_page and "山田 太郎" in roll_page
    assert "represented" in roll_page and "not quorate" in roll_page
    # Frozen: the proxy stands, and the page says it can no longer change.
    refused = organiser.post(f"/meetings/{event_id}/proxies/{proxy.id}/revoke")
    html = organiser.get(refused.headers["Location"]).get_data(as_text=True)
    assert "proxies can no longer change" in html
    db.session.expire_all()
    assert db.session.get(Proxy, proxy.id).revoked_at is None


def test_pages_of_a_meeting_without_a_body_or_of_another_meetings_roll(app, assembly, api):
    event_id = assembly["event"]["id"]
    seminar = api.post(
        "/events", {key: assembly["event"][key] for key in ("title", "starts_at", "ends_at",
                                                            "timezone")} | {"kind": "seminar"}
    ).json  # fmt: skip
    organiser = signed_in_client(app, UserRole.ORGANISER)
    assert organiser.get(f"/meetings/{seminar['id']}/quorum").status_code == 422
    roll = api.post(f"/events/{event_id}/rolls").json
    assert organiser.get(f"/meetings/{event_id}/rolls/{roll['id']}").status_code == 200
    assert organiser.get(f"/meetings/{seminar['id']}/rolls/{roll['id']}").status_code == 404
    assert organiser.get("/meetings/999999/projector").status_code == 404


def test_the_meeting_page_follows_the_quorum_too(app, assembly):
    event_id = assembly["event"]["id"]
    _accredited(assembly)
    for participant in assembly["participants"][:4]:
        arrive(participant["id"])
    html = (
        signed_in_client(app, UserRole.VIEWER).get(f"/meetings/{event_id}").get_data(as_text=True)
    )
    assert "Quorum reached" in html and "quorum-live.js" in html
    assert f'data-quorum-poll="/api/v1/events/{event_id}/quorum"' in html


def test_a_proxy_recorded_on_the_page_takes_its_mandate_letter(app, assembly):
    event_id = assembly["event"]["id"]
    members = _accredited(assembly)
    organiser = signed_in_client(app, UserRole.ORGANISER)
    form = {"giver_id": members[2], "holder_id": members[1]}
    refused = organiser.post(
        f"/meetings/{event_id}/proxies",
        data={**form, "letter": (io.BytesIO(HTML), "mandate.pdf")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 422
    assert 'id="letter-error"' in refused.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Proxy.id))) == 0  # nothing half-written
    given = organiser.post(
        f"/meetings/{event_id}/proxies",
        data={**form, "letter": (io.BytesIO(pdf_letter()), "mandate.pdf")},
        content_type="multipart/form-data",
    )
    assert given.status_code == 302
    proxy = db.session.scalars(sa.select(Proxy)).one()
    assert proxy.letter is not None and proxy.letter.content_type == "application/pdf"
    html = organiser.get(given.headers["Location"]).get_data(as_text=True)
    assert f"/api/v1/events/{event_id}/proxies/{proxy.id}/letter" in html
    viewer_html = signed_in_client(app, UserRole.VIEWER).get(f"/meetings/{event_id}/quorum")
    assert "/letter" not in viewer_html.get_data(as_text=True)
