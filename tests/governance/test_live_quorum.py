"""The statute's scenarios of the live quorum, proxies and frozen rolls, on SQLite and
PostgreSQL: six full members of the General Assembly (majority: 4 of 6), each with a voting
delegate (the ``assembly`` fixture)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from planner.events.models import Event, ParticipantRole, Participation
from planner.extensions import db
from planner.governance.door.service import check_in_token
from planner.governance.models import Proxy
from planner.governance.quorum.live import live_quorum
from planner.members.models import Dues, DuesStatus, Membership, Organisation
from planner.uploads.models import Upload
from tests.support.api_helpers import assert_error
from tests.support.credentials import stored_files, upload_letter
from tests.support.door import accredit, arrive, counted, leave
from tests.support.letters import HTML, WINDOWS_EXECUTABLE, pdf_letter
from tests.support.queries import counted_statements


@pytest.fixture
def door(api, assembly) -> dict:
    """The assembly with every delegate's credentials approved; a second person of the first
    member as its alternate. ``members``: organisation ids in fixture order."""
    event_id = assembly["event"]["id"]
    first = db.session.get(Participation, assembly["participants"][0]["id"])
    alternate = api.post("/delegates", {
        "full_name": "Lee Seo-yeon", "native_name": "이서연", "email": "alt@seoul.example",
        "organisation_id": first.delegate.organisation_id, "timezone": "Asia/Seoul",
    }).json  # fmt: skip
    alternate_id = api.post(
        f"/events/{event_id}/participants", {"delegate_id": alternate["id"], "role": "alternate"}
    ).json["id"]
    for index, participant in enumerate(assembly["participants"]):
        accredit(participant["id"], alternate_id if index == 0 else None)
    members = [d["organisation_id"] for d in assembly["delegates"]]
    delegates = [p["id"] for p in assembly["participants"]]
    return {"event_id": event_id, "members": members, "delegates": delegates,
            "alternate": alternate_id}  # fmt: skip


def _give(api, door, giver: int, holder: int):
    return api.post(
        f"/events/{door['event_id']}/proxies",
        {"giver_id": door["members"][giver], "holder_id": door["members"][holder]},
    )


def test_the_alternate_counts_only_while_the_delegate_is_absent(api, door):
    event_id, first = door["event_id"], door["delegates"][0]
    assert counted(api, event_id) == (0, 0, False)
    arrive(door["alternate"])
    assert counted(api, event_id) == (1, 0, False)
    arrive(first)  # the delegate arrives: the member is still one
    assert counted(api, event_id) == (1, 0, False)
    leave(first)  # and leaves again: the alternate, still in the room, speaks for it
    assert counted(api, event_id) == (1, 0, False)
    leave(door["alternate"])
    assert counted(api, event_id) == (0, 0, False)


def test_quorum_is_reached_and_lost_as_people_arrive_and_leave(api, door):
    event_id, delegates = door["event_id"], door["delegates"]
    for participant in delegates[:3]:
        arrive(participant)
    assert counted(api, event_id) == (3, 0, False)
    arrive(delegates[3])
    assert counted(api, event_id) == (4, 0, True)
    leave(delegates[0])
    assert counted(api, event_id) == (3, 0, False)
    arrive(delegates[0])  # back in: a new check-in after a check-out counts again
    assert counted(api, event_id) == (4, 0, True)


def test_an_associate_or_a_member_in_arrears_is_never_counted(api, door):
    event_id, members, delegates = door["event_id"], door["members"], door["delegates"]
    db.session.get(Organisation, members[4]).membership = Membership.ASSOCIATE
    db.session.scalars(
        sa.select(Dues).where(Dues.organisation_id == members[5])
    ).one().status = DuesStatus.OUTSTANDING
    db.session.commit()
    # Member 5 in arrears gives its proxy before it fell behind? It may not even give one now.
    assert_error(_give(api, door, 5, 0), 422, field="giver_id")
    for participant in delegates:
        arrive(participant)
    quorum = api.get(f"/events/{event_id}/quorum").json
    assert (quorum["voting_seats"], quorum["needed"], quorum["present"]) == (4, 3, 4)
    # Not as represented either: a proxy given while in standing, then the dues fall due.
    leave(delegates[1])
    assert _give(api, door, 1, 0).status_code == 201
    assert counted(api, event_id) == (3, 1, True)
    db.session.scalars(
        sa.select(Dues).where(Dues.organisation_id == members[1])
    ).one().status = DuesStatus.OUTSTANDING
    db.session.commit()
    assert counted(api, event_id) == (3, 0, True)


def test_a_proxy_counts_only_while_its_holder_is_present(api, door):
    event_id, delegates = door["event_id"], door["delegates"]
    assert _give(api, door, 4, 0).status_code == 201
    assert _give(api, door, 5, 0).status_code == 201
    assert counted(api, event_id) == (0, 0, False)  # the holder is absent: nothing
    arrive(delegates[0])
    arrive(delegates[1])
    assert counted(api, event_id) == (2, 2, True)
    leave(delegates[0])
    assert counted(api, event_id) == (1, 0, False)


def test_a_member_present_in_person_is_counted_once_not_through_its_proxy(api, door):
    event_id, delegates = door["event_id"], door["delegates"]
    assert _give(api, door, 1, 0).status_code == 201
    arrive(delegates[0])
    arrive(delegates[1])
    assert counted(api, event_id) == (2, 0, False)


def test_credentials_not_approved_count_for_nothing(api, assembly):
    event_id = assembly["event"]["id"]
    credential = accredit(assembly["participants"][0]["id"])
    arrive(assembly["participants"][0]["id"])
    arrive(assembly["participants"][1]["id"])  # no credentials at all
    assert counted(api, event_id) == (1, 0, False)
    credential.decision = credential.decision.REJECTED
    credential.reason = "letter unsigned"
    db.session.commit()
    assert counted(api, event_id) == (0, 0, False)


def test_proxies_that_the_statute_forbids_are_refused_and_nothing_is_written(api, door):
    event_id = door["event_id"]
    assert _give(api, door, 1, 0).status_code == 201
    assert _give(api, door, 2, 0).status_code == 201
    refusals = [
        (_give(api, door, 3, 3), 422, "holder_id"),  # to itself
        (_give(api, door, 3, 0), 422, "holder_id"),  # over the cap of 2
        (_give(api, door, 3, 1), 422, "holder_id"),  # B gave its own: A→B while B→C
        (_give(api, door, 0, 3), 422, "giver_id"),  # C holds others': C→D while A→C
        (_give(api, door, 1, 4), 409, "giver_id"),  # a second proxy of one giver
    ]
    for response, status, field in refusals:
        assert_error(response, status, field=field)
    observer = db.session.get(Organisation, door["members"][5])
    observer.membership = Membership.ASSOCIATE
    db.session.commit()
    assert_error(_give(api, door, 3, 5), 422, field="holder_id")  # a non-voting member
    assert_error(
        api.post(f"/events/{event_id}/proxies", {"giver_id": door["members"][3],
                                                  "holder_id": 999999}),
        422, field="holder_id",
    )  # fmt: skip
    assert db.session.scalar(sa.select(sa.func.count(Proxy.id))) == 2


def test_a_proxy_can_be_revoked_until_the_roll_is_frozen(api, door):
    event_id = door["event_id"]
    first = _give(api, door, 1, 0).json
    assert first["standing"] is True
    revoked = api.post(f"/events/{event_id}/proxies/{first['id']}/revoke")
    assert (revoked.status_code, revoked.json["revoked_reason"]) == (200, "revoked")
    assert_error(api.post(f"/events/{event_id}/proxies/{first['id']}/revoke"), 409)
    second = _give(api, door, 1, 2).json  # given again, to another member
    assert api.post(f"/events/{event_id}/rolls").status_code == 201
    assert_error(api.post(f"/events/{event_id}/proxies/{second['id']}/revoke"), 409)
    assert_error(_give(api, door, 3, 2), 409)
    listed = api.get(f"/events/{event_id}/proxies").json
    assert [(p["id"], p["standing"]) for p in listed["items"]] == [
        (second["id"], True), (first["id"], False)
    ]  # fmt: skip


def test_a_frozen_roll_does_not_change_when_anything_changes_afterwards(api, door):
    event_id, members, delegates = door["event_id"], door["members"], door["delegates"]
    arrive(door["alternate"])
    arrive(delegates[1])
    assert _give(api, door, 2, 1).status_code == 201
    frozen = api.post(f"/events/{event_id}/rolls")
    assert frozen.status_code == 201, frozen.json
    roll = frozen.json
    assert (roll["entitled"], roll["present"], roll["represented"], roll["needed"]) == (6, 2, 1, 4)
    entries = {entry["organisation_id"]: entry for entry in roll["entries"]}
    first, third = entries[members[0]], entries[members[2]]
    assert (first["attendance"], first["attendee_name"], first["attendee_native_name"]) == (
        "in-person", "Lee Seo-yeon", "이서연"
    )  # fmt: skip
    assert (third["attendance"], third["represented_by_id"], third["vote_held_by_id"]) == (
        "represented", members[1], members[1]
    )  # fmt: skip
    assert (entries[members[3]]["attendance"], entries[members[3]]["vote_held_by_id"]) == (
        "absent", None
    )  # fmt: skip
    # Afterwards: people come and go, a member is renamed, another falls into arrears.
    for participant in delegates:
        arrive(participant)
    leave(delegates[1])
    db.session.get(Organisation, members[0]).name = "Renamed"
    db.session.get(Organisation, members[4]).membership = Membership.ASSOCIATE
    db.session.commit()
    assert api.get(f"/events/{event_id}/rolls/{roll['id']}").json == roll
    assert api.get(f"/events/{event_id}/quorum").json["present"] == 4
    later = api.post(f"/events/{event_id}/rolls")
    if later.status_code == 409:  # the same second as the first: one more second
        assert "second" in later.json["error"]["message"]
    listed = api.get(f"/events/{event_id}/rolls").json
    assert listed["items"][-1]["id"] == roll["id"]


def test_a_second_freeze_in_the_same_second_is_refused(api, door, monkeypatch):
    from planner.governance.rolls import service

    moment = service.utcnow().replace(microsecond=0)
    monkeypatch.setattr(service, "utcnow", lambda: moment)
    assert api.post(f"/events/{door['event_id']}/rolls").status_code == 201
    assert_error(api.post(f"/events/{door['event_id']}/rolls"), 409)
    assert api.get(f"/events/{door['event_id']}/rolls").json["total"] == 1


def test_rolls_and_proxies_of_another_meeting_are_not_found(api, door, assembly):
    event_id = door["event_id"]
    roll = api.post(f"/events/{event_id}/rolls").json
    copied = ("kind", "title", "starts_at", "ends_at", "timezone")
    other = api.post(
        "/events", {**{key: assembly["event"][key] for key in copied}, "body": "general-assembly"}
    ).json
    assert_error(api.get(f"/events/{other['id']}/rolls/{roll['id']}"), 404)
    assert_error(api.get(f"/events/{event_id}/rolls/999999"), 404)
    assert_error(api.get(f"/events/{event_id}/proxies/999999"), 404)


def test_the_quorum_of_a_large_assembly_takes_a_fixed_number_of_statements(api, door):
    event = db.session.get(Event, door["event_id"])
    for participant in door["delegates"]:
        arrive(participant)
    assert event.body.slug == "general-assembly"
    with counted_statements() as few:
        small = live_quorum(event)
    # Many more members, participants, proxies: the same number of statements.
    body_seats = []
    for index in range(40):
        organisation = api.post("/organisations", {
            "slug": f"city-{index}", "name": f"City {index}", "country": "KR",
            "timezone": "Asia/Seoul", "membership": "full",
        }).json  # fmt: skip
        db.session.add(Dues(organisation_id=organisation["id"], year=event.starts_at.year - 1,
                            status=DuesStatus.PAID, amount=1, currency="USD"))  # fmt: skip
        person = api.post("/delegates", {
            "full_name": f"Delegate {index}", "email": f"d{index}@city.example",
            "organisation_id": organisation["id"], "timezone": "Asia/Seoul",
        }).json  # fmt: skip
        participant = api.post(f"/events/{event.id}/participants", {
            "delegate_id": person["id"], "role": ParticipantRole.VOTING_DELEGATE.value,
        }).json  # fmt: skip
        accredit(participant["id"])
        body_seats.append(organisation["id"])
        if index % 2:
            arrive(participant["id"])
    db.session.commit()
    assert event.body.slug == "general-assembly"  # the meeting itself, loaded as before
    with counted_statements() as many:
        large = live_quorum(event)
    assert (small.entitled, large.entitled) == (6, 46)
    assert large.present == 6 + 20
    assert len(many) == len(few) <= 4


def test_viewers_read_proxies_and_rolls_but_change_nothing(api, viewer_api, anonymous_api, door):
    event_id = door["event_id"]
    body = {"giver_id": door["members"][1], "holder_id": door["members"][0]}
    proxy = api.post(f"/events/{event_id}/proxies", body).json
    roll = api.post(f"/events/{event_id}/rolls").json
    for path in ("proxies", f"proxies/{proxy['id']}", "rolls", f"rolls/{roll['id']}", "quorum"):
        assert viewer_api.get(f"/events/{event_id}/{path}").status_code == 200
        assert_error(anonymous_api.get(f"/events/{event_id}/{path}"), 401)
    for path in ("proxies", f"proxies/{proxy['id']}/revoke", "rolls"):
        assert_error(viewer_api.post(f"/events/{event_id}/{path}", body), 403)
        assert_error(anonymous_api.post(f"/events/{event_id}/{path}", body), 401)
    assert api.get(f"/events/{event_id}/rolls").json["total"] == 1
    assert api.get(f"/events/{event_id}/proxies").json["items"][0]["standing"] is True


def test_a_mandate_letter_follows_the_proxy_and_only_organisers_read_it(
    api, viewer_api, anonymous_api, door
):
    event_id = door["event_id"]
    proxy = _give(api, door, 1, 0).json
    assert proxy["has_letter"] is False
    path = f"/events/{event_id}/proxies/{proxy['id']}/letter"
    files, uploads = stored_files(), db.session.scalar(sa.select(sa.func.count(Upload.id)))
    for data, name in ((WINDOWS_EXECUTABLE, "mandate.pdf"), (HTML, "mandate.pdf"),
                       (b"", "mandate.pdf"), (pdf_letter(), "../mandate.pdf")):  # fmt: skip
        assert_error(upload_letter(api, path, data, name), 422, field="letter")
    assert stored_files() == files
    assert db.session.scalar(sa.select(sa.func.count(Upload.id))) == uploads
    letter = pdf_letter("Mandate: Tokyo votes for Seoul")
    uploaded = upload_letter(api, path, letter, "mandat.pdf")
    assert (uploaded.status_code, uploaded.json["has_letter"]) == (200, True)
    fetched = api.get(path)
    assert fetched.status_code == 200 and fetched.data == letter
    assert fetched.headers["Content-Disposition"].startswith("attachment")
    assert_error(viewer_api.get(path), 403)
    assert_error(anonymous_api.get(path), 401)
    assert_error(upload_letter(viewer_api, path, letter, "mandat.pdf"), 403)
    api.post(f"/events/{event_id}/proxies/{proxy['id']}/revoke")
    assert_error(upload_letter(api, path, letter, "again.pdf"), 409, field="letter")


def test_a_member_arriving_in_person_cancels_the_proxy_it_gave(api, door):
    event_id, delegates = door["event_id"], door["delegates"]
    proxy = _give(api, door, 1, 0).json
    arrive(delegates[0])
    assert counted(api, event_id) == (1, 1, False)
    token = check_in_token(db.session.get(Participation, delegates[1]))
    assert api.post(f"/events/{event_id}/check-in", {"token": token}).json["outcome"] == "admitted"
    cancelled = api.get(f"/events/{event_id}/proxies/{proxy['id']}").json
    assert (cancelled["standing"], cancelled["revoked_reason"]) == (False, "present in person")
    api.post(f"/events/{event_id}/check-out", {"token": token})
    assert counted(api, event_id) == (1, 0, False)  # gone: the proxy does not come back
