"""The door: check-in and check-out at the desks, as the service and the API answer them.
Outcomes for each side of the door, replays of a desk's queued scans, credentials still
pending, refusals naming their field with nothing written, and who may use the desk.
Concurrency of four desks: test_door_concurrency.py."""

from __future__ import annotations

import string
from datetime import timedelta

import pytest
import sqlalchemy as sa

from planner.db import utcnow
from planner.events.models import ParticipantStatus, Participation
from planner.extensions import db
from planner.governance.door import service
from planner.governance.door.service import Outcome
from planner.governance.models import (
    Credential,
    CredentialDecision,
    CredentialState,
    Direction,
    DoorScan,
)
from tests.conftest import event_payload, row_count
from tests.support.api_helpers import assert_error
from tests.support.queries import counted_statements


def _participation(assembly, index: int = 0) -> Participation:
    participation = db.session.get(Participation, assembly["participants"][index]["id"])
    assert participation is not None
    return participation


def _token(assembly, index: int = 0) -> str:
    return service.check_in_token(_participation(assembly, index))


def _scan(api, assembly, direction: str, body: dict):
    return api.post(f"/events/{assembly['event']['id']}/check-{direction}", body)


def test_in_and_out_and_in_again(api, assembly):
    event_id, token = assembly["event"]["id"], _token(assembly)
    first = service.check_in(event_id, token)
    assert (first.outcome, first.present, first.credential) == (Outcome.ADMITTED, True, None)
    arrived = first.checked_in_at
    assert service.check_in(event_id, token).outcome is Outcome.ALREADY_IN
    assert _participation(assembly).checked_in_at == arrived
    left = service.check_out(event_id, token)
    assert (left.outcome, left.present) == (Outcome.CHECKED_OUT, False)
    assert left.checked_out_at is not None
    assert service.check_out(event_id, token).outcome is Outcome.ALREADY_OUT
    back = service.check_in(event_id, token)
    assert (back.outcome, back.present) == (Outcome.ADMITTED, True)
    assert back.checked_out_at is None
    assert back.checked_in_at >= arrived
    db.session.commit()
    scans = db.session.scalars(sa.select(DoorScan).order_by(DoorScan.id)).all()
    assert [(s.direction.value, s.outcome) for s in scans] == [
        ("in", "admitted"), ("in", "already-in"), ("out", "checked-out"),
        ("out", "already-out"), ("in", "admitted"),
    ]  # fmt: skip


def test_leaving_before_arriving_is_already_out(api, assembly):
    answer = service.check_out(assembly["event"]["id"], _token(assembly))
    assert (answer.outcome, answer.present) == (Outcome.ALREADY_OUT, False)
    assert answer.checked_out_at is None


def test_a_replayed_scan_gets_its_first_answer_and_changes_nothing(api, assembly):
    token = _token(assembly)
    scanned_at = utcnow() - timedelta(minutes=3)
    body = {"token": token, "scan_id": "5b1e4c52-7a0f-4d0e-9a55-0c1f2f3b4a5d",
            "scanned_at": scanned_at.isoformat()}  # fmt: skip
    first = _scan(api, assembly, "in", body)
    assert first.status_code == 200, first.json
    assert (first.json["outcome"], first.json["replayed"]) == ("admitted", False)
    # Meanwhile another desk lets them out; the replay answers as before, with today's state.
    assert _scan(api, assembly, "out", {"token": token}).json["outcome"] == "checked-out"
    again = _scan(api, assembly, "in", body)
    assert again.status_code == 200
    assert (again.json["outcome"], again.json["replayed"]) == ("admitted", True)
    assert again.json["present"] is False and again.json["checked_out_at"] is not None
    assert row_count(DoorScan) == 2
    stored = db.session.scalar(sa.select(DoorScan).where(DoorScan.scan_id == body["scan_id"]))
    assert stored.scanned_at == scanned_at
    # The same scan id for someone else is the desk's mistake: refused, nothing written.
    other = {**body, "token": _token(assembly, 1)}
    assert_error(_scan(api, assembly, "in", other), 409, field="scan_id")
    assert _participation(assembly, 1).checked_in_at is None
    assert row_count(DoorScan) == 2


def test_the_answer_carries_who_and_where_they_stand(api, assembly):
    response = _scan(api, assembly, "in", {"token": _token(assembly)})
    assert response.status_code == 200
    answer = response.json
    assert answer["outcome"] == "admitted" and answer["first_scan"] is True
    assert (answer["full_name"], answer["native_name"]) == ("Kim Min-jun", "김민준")
    assert answer["organisation"]["name"] == "Seoul Metropolitan Government"
    assert answer["organisation"]["native_name"] == "서울특별시"
    assert (answer["role"], answer["status"]) == ("voting-delegate", "invited")
    assert answer["credential_state"] is None and answer["present"] is True
    assert answer["checked_in_at"] and answer["checked_out_at"] is None
    assert answer["participant_id"] == assembly["participants"][0]["id"]
    assert not {"token", "rsvp_url"} & set(answer)
    again = _scan(api, assembly, "in", {"token": _token(assembly)}).json
    assert (again["outcome"], again["first_scan"]) == ("already-in", False)
    by_name = _scan(api, assembly, "out", {"participant_id": answer["participant_id"]})
    assert by_name.json["outcome"] == "checked-out" and by_name.json["present"] is False


@pytest.mark.parametrize(
    ("decision", "heads", "state", "outcome"),
    [
        (CredentialDecision.PENDING, False, "missing", "credentials-pending"),
        (CredentialDecision.PENDING, True, "pending", "credentials-pending"),
        (CredentialDecision.REJECTED, True, "rejected", "credentials-pending"),
        (CredentialDecision.APPROVED, False, "approved", "admitted"),
    ],
)
def test_a_delegate_whose_credentials_are_not_approved_is_shown_so(
    api, assembly, decision, heads, state, outcome
):
    delegate, alternate = _participation(assembly, 0), _participation(assembly, 1)
    delegate.delegate.heads_authority = heads
    db.session.add(
        Credential(
            event_id=delegate.event_id,
            organisation_id=delegate.delegate.organisation_id,
            delegate_id=delegate.id,
            alternate_id=alternate.id,
            decision=decision,
            reason="no letter" if decision is CredentialDecision.REJECTED else None,
        )
    )
    db.session.commit()
    for index in (0, 1):
        answer = _scan(api, assembly, "in", {"token": _token(assembly, index)}).json
        assert (answer["outcome"], answer["credential_state"]) == (outcome, state)
        assert answer["present"] is True
    # Someone who speaks for no member has no credentials to show.
    third = _scan(api, assembly, "in", {"token": _token(assembly, 2)}).json
    assert (third["outcome"], third["credential_state"]) == ("admitted", None)
    assert _scan(api, assembly, "in", {"token": _token(assembly)}).json["outcome"] == "already-in"
    assert CredentialState(state)  # every state the desk shows is a credentials state


def test_a_scan_reads_who_it_moves_in_one_statement(api, assembly):
    """The participant, their person and organisation, the credentials they speak under and
    whether those need a letter: one SELECT, for an alternate (whose credentials name another
    participant as the delegate) as for someone with no credentials; the rest of a scan is
    the conditional UPDATE, the scan's row and the data version."""
    delegate, alternate = _participation(assembly, 0), _participation(assembly, 1)
    db.session.add(
        Credential(
            event_id=delegate.event_id,
            organisation_id=delegate.delegate.organisation_id,
            delegate_id=delegate.id,
            alternate_id=alternate.id,
        )
    )
    db.session.commit()
    for index, state in ((1, "missing"), (2, None)):
        token = _token(assembly, index)
        db.session.remove()  # nothing already loaded: the request reads what it needs
        with counted_statements() as statements:
            answer = _scan(api, assembly, "in", {"token": token}).json
        assert (answer["outcome"], answer["credential_state"]) == (
            "credentials-pending" if state else "admitted",
            state,
        )
        reads = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
        about_people = [s for s in reads if "participations" in s or "credentials" in s]
        assert len(about_people) == 1, about_people


@pytest.mark.parametrize("status", [ParticipantStatus.DECLINED, ParticipantStatus.CANCELLED])
def test_someone_not_expected_is_refused_with_nothing_written(api, assembly, status):
    participation = _participation(assembly)
    participation.status = status
    db.session.commit()
    token = _token(assembly)
    answer = service.check_in(assembly["event"]["id"], token)
    assert (answer.outcome, answer.present) == (Outcome.NOT_EXPECTED, False)
    db.session.rollback()
    for direction in ("in", "out"):
        error = assert_error(
            _scan(api, assembly, direction, {"token": token, "scan_id": "a1"}), 409, field="token"
        )
        assert "Kim Min-jun" in error["message"]
    assert _participation(assembly).checked_in_at is None
    assert row_count(DoorScan) == 0


def test_someone_removed_while_their_badge_is_scanned_is_not_expected(api, assembly):
    """Another organiser removes them between the desk's lookup and its move: the move's own
    condition sees it."""
    participation = _participation(assembly)
    person = service.participant_at(participation.event_id, participation.id)
    db.session.execute(
        sa.update(Participation)
        .where(Participation.id == participation.id)
        .values(status=ParticipantStatus.CANCELLED)
        .execution_options(synchronize_session=False)
    )
    assert person.status is ParticipantStatus.INVITED  # the desk's stale view
    answer = service.scan(person, Direction.IN)
    assert (answer.outcome, answer.status, answer.present) == (
        Outcome.NOT_EXPECTED, ParticipantStatus.CANCELLED, False,
    )  # fmt: skip
    assert _participation(assembly).checked_in_at is None


def test_codes_altered_replaced_or_of_another_meeting_are_refused(api, assembly, venue):
    event_id, token = assembly["event"]["id"], _token(assembly)
    other = api.post("/events", event_payload(venue_id=venue["id"])).json
    ids, _, signature = token.rpartition(".")
    # The first character: the last one's low bits are base64 padding, which decoding drops.
    flipped = ("B" if signature[0] != "B" else "C") + signature[1:]
    alphabet = string.ascii_uppercase + string.ascii_lowercase + string.digits + "-_"
    padding_only = alphabet[alphabet.index(signature[-1]) ^ 1]  # same bytes once decoded
    for bad in (
        f"{ids}.{flipped}",  # altered signature
        f"{ids}.{signature[:-1]}{padding_only}",  # altered where decoding would not see it
        token.replace(f"{event_id}.", f"{other['id']}.", 1),  # moved to another meeting
        f"{event_id}.{assembly['participants'][1]['id']}.{signature}",  # someone else's id
        "not a code",
        token + "\n" + token,
    ):
        assert_error(_scan(api, assembly, "in", {"token": bad}), 422, field="token")
    # This meeting's code posted to another meeting.
    assert_error(api.post(f"/events/{other['id']}/check-in", {"token": token}), 422, field="token")
    # A renewed link (a new nonce: the delegate removed and added back) kills the old code.
    _participation(assembly).renew_link()
    db.session.commit()
    assert_error(_scan(api, assembly, "in", {"token": token}), 422, field="token")
    assert _scan(api, assembly, "in", {"token": _token(assembly)}).status_code == 200
    assert row_count(DoorScan) == 1
    assert_error(api.post("/events/999999/check-in", {"token": token}), 404)


def test_bad_scans_name_their_field_and_write_nothing(api, assembly, venue):
    token = _token(assembly)
    other = api.post("/events", event_payload(venue_id=venue["id"])).json
    elsewhere = api.post(
        f"/events/{other['id']}/participants",
        {"delegate_id": assembly["delegates"][0]["id"], "role": "observer"},
    ).json
    future = (utcnow() + timedelta(hours=1)).isoformat()
    for body, field in [
        ({}, "token"),
        ({"token": ""}, "token"),
        ({"token": token, "participant_id": assembly["participants"][0]["id"]}, "token"),
        ({"participant_id": elsewhere["id"]}, "participant_id"),
        ({"participant_id": "1"}, "participant_id"),
        ({"token": token, "scan_id": "x" * 65}, "scan_id"),
        ({"token": token, "scan_id": "../etc"}, "scan_id"),
        ({"token": token, "scan_id": ""}, "scan_id"),
        ({"token": token, "scanned_at": "yesterday"}, "scanned_at"),
        ({"token": token, "scanned_at": "2027-05-11T10:00:00"}, "scanned_at"),  # no offset
        ({"token": token, "scanned_at": future}, "scanned_at"),
        ({"token": token, "extra": 1}, "extra"),
    ]:
        for direction in ("in", "out"):
            assert_error(_scan(api, assembly, direction, body), 422, field=field)
    assert row_count(DoorScan) == 0
    assert db.session.scalar(
        sa.select(sa.func.count()).where(Participation.checked_in_at.isnot(None))
    ) == 0  # fmt: skip


def test_the_desk_search_finds_names_in_any_script(api, assembly):
    event_id = assembly["event"]["id"]

    def names(q: str) -> list[str]:
        response = api.get(f"/events/{event_id}/door", query_string={"q": q})
        assert response.status_code == 200, response.json
        for item in response.json["items"]:
            assert not {"token", "rsvp_url", "check_in_code"} & set(item)
        assert response.json["total"] == len(response.json["items"])
        return [item["full_name"] for item in response.json["items"]]

    assert names("KIM min") == ["Kim Min-jun"]
    assert names("민준") == ["Kim Min-jun"]
    assert names("太郎") == ["Yamada Taro"]
    assert names("สมชาย") == ["Somchai Jaidee"]
    assert names("Nguyễn") == ["Nguyen Thi Minh Khai"]
    assert names("서울") == ["Kim Min-jun"]  # the organisation's own name
    assert names("%") == [] and names("nobody") == []
    (yamada,) = api.get(f"/events/{event_id}/door", query_string={"q": "yamada"}).json["items"]
    assert yamada["present"] is False
    # The move renews the data version: the search's cached answer is not served again.
    assert _scan(api, assembly, "in", {"token": _token(assembly, 1)}).status_code == 200
    (yamada,) = api.get(f"/events/{event_id}/door", query_string={"q": "yamada"}).json["items"]
    assert yamada["present"] is True and yamada["organisation"]["native_name"] == "東京都"
    assert _scan(api, assembly, "out", {"token": _token(assembly, 1)}).status_code == 200
    (yamada,) = api.get(f"/events/{event_id}/door", query_string={"q": "yamada"}).json["items"]
    assert yamada["present"] is False and yamada["checked_out_at"] is not None
    assert_error(api.get(f"/events/{event_id}/door"), 422, field="q")
    for bad in ("", "\x00", "kim\x1b", "k" * 201):
        assert_error(api.get(f"/events/{event_id}/door", query_string={"q": bad}), 422, field="q")
    assert_error(api.get("/events/999999/door", query_string={"q": "kim"}), 404)


def test_the_search_shows_twenty_and_counts_all(api, assembly):
    event_id = assembly["event"]["id"]
    for number in range(22):
        delegate = api.post("/delegates", {
            "full_name": f"Park Ji-{number:02}", "native_name": f"박지{number:02}",
            "email": f"park{number}@seoul.example",
            "organisation_id": assembly["delegates"][0]["organisation_id"], "language": "ko",
        }).json  # fmt: skip
        added = api.post(
            f"/events/{event_id}/participants", {"delegate_id": delegate["id"], "role": "observer"}
        )
        assert added.status_code == 201
    found = api.get(f"/events/{event_id}/door", query_string={"q": "park"}).json
    assert (len(found["items"]), found["total"]) == (20, 22)
    assert found["items"][0]["full_name"] == "Park Ji-00"


def test_only_organisers_use_the_desk(api, viewer_api, anonymous_api, assembly):
    event_id, token = assembly["event"]["id"], _token(assembly)
    for direction in ("in", "out"):
        path = f"/events/{event_id}/check-{direction}"
        assert_error(anonymous_api.post(path, {"token": token}), 401)
        assert_error(viewer_api.post(path, {"token": token}), 403)
    assert_error(anonymous_api.get(f"/events/{event_id}/door", query_string={"q": "kim"}), 401)
    # The search is a read, like the participants list: viewers may.
    assert viewer_api.get(f"/events/{event_id}/door", query_string={"q": "kim"}).status_code == 200
    assert row_count(DoorScan) == 0 and _participation(assembly).checked_in_at is None
    assert _scan(api, assembly, "in", {"token": token}).json["outcome"] == "admitted"
    assert _scan(api, assembly, "out", {"token": token}).json["outcome"] == "checked-out"


def test_the_door_is_in_the_openapi_document(api):
    document = api.get("/openapi.json").json
    paths = document["paths"]
    for direction in ("in", "out"):
        operation = paths["/api/v1/events/{event_id}/check-" + direction]["post"]
        assert {"200", "409", "422"} <= set(operation["responses"])
    assert "q" in {p["name"] for p in paths["/api/v1/events/{event_id}/door"]["get"]["parameters"]}
    answer = document["components"]["schemas"]["DoorAnswer"]["properties"]
    assert answer["outcome"]["enum"] == [o.value for o in Outcome]
    assert {"full_name", "native_name", "organisation", "role", "credential_state", "present",
            "checked_in_at", "checked_out_at"} <= set(answer)  # fmt: skip
