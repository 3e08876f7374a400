"""Votes on SQLite and PostgreSQL: opening against the frozen roll, show of hands, roll-call
and electronic ballots, closing and counting, and every refusal with nothing written."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from planner.caching import current_data_version
from planner.events.models import Participation
from planner.extensions import db
from planner.governance.models import NamedChoice, Tally, Vote, Voter
from tests.support.api_helpers import assert_error
from tests.support.door import arrive, leave
from tests.support.queries import counted_statements
from tests.support.votes import (
    BANGKOK,
    HANOI,
    LYON,
    QUEZON,
    SEOUL,
    TOKYO,
    freeze,
    link,
    open_vote,
)


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _ballot(app, token: str, vote_id: int, organisation_id: int, **choice):
    return app.test_client().post(
        f"/api/v1/ballots/{token}/{vote_id}", json={"organisation_id": organisation_id, **choice}
    )


def test_a_vote_needs_a_frozen_roll(api, voting):
    response = api.post(
        f"/events/{voting['event_id']}/votes",
        {"agenda_item_id": voting["item_id"], "question": "Adopt?", "method": "show-of-hands"},
    )
    assert "roll" in assert_error(response, 409)["message"]
    assert _count(Vote) == 0 and _count(Tally) == 0


def test_without_quorum_a_vote_opens_only_with_a_reason(api, voting):
    for participant in voting["delegates"][:3]:
        leave(participant)
    freeze(api, voting["event_id"])  # 2 present, Quezon's holder (Tokyo) gone: 2 of 4
    body = {"agenda_item_id": voting["item_id"], "question": "Adopt?", "method": "show-of-hands"}
    response = api.post(f"/events/{voting['event_id']}/votes", body)
    assert_error(response, 422, field="quorum_override")
    assert _count(Vote) == 0
    vote = open_vote(api, voting, "show-of-hands", quorum_override="The statute allows it")
    assert (vote["quorum_counted"], vote["quorum_needed"]) == (2, 4)
    assert vote["quorum_override"] == "The statute allows it"


def test_a_quorate_vote_keeps_no_override_and_one_vote_is_open_at_a_time(api, voting):
    freeze(api, voting["event_id"])
    vote = open_vote(api, voting, "show-of-hands", quorum_override="not needed")
    assert (vote["quorum_counted"], vote["quorum_needed"], vote["quorum_override"]) == (6, 4, None)
    assert vote["entitled"] == 6
    response = api.post(
        f"/events/{voting['event_id']}/votes",
        {"agenda_item_id": voting["item_id"], "question": "Again?", "method": "roll-call"},
    )
    assert "open" in assert_error(response, 409)["message"]
    assert _count(Vote) == 1


def test_show_of_hands_counts_no_more_hands_than_members_present(api, voting):
    freeze(api, voting["event_id"])
    vote = open_vote(api, voting, "show-of-hands", rule="two-thirds")
    path = f"/events/{voting['event_id']}/votes/{vote['id']}"
    response = api.request("PUT", path + "/counts", {"yes": 4, "no": 2, "abstain": 1})
    assert "6 members" in assert_error(response, 422, field="yes")["message"]
    assert sum(db.session.scalars(sa.select(Tally.count))) == 0
    counted = api.request("PUT", path + "/counts", {"yes": 4, "no": 2, "abstain": 0}).json
    assert counted["counts"] == {"yes": 4, "no": 2, "abstain": 0} and counted["ballots"] == 6
    closed = api.post(path + "/close").json
    assert closed["outcome"] == "adopted"  # exactly two thirds
    # The adopted resolution is the register's first decision of its body and year.
    [decision] = api.get("/decisions").json["items"]
    assert (decision["vote_id"], decision["title"]) == (vote["id"], "Resolution 1")
    assert decision["number"].startswith("GA/")
    assert_error(api.request("PUT", path + "/counts", {"yes": 1, "no": 0, "abstain": 0}), 409)
    assert_error(api.post(path + "/close"), 409)


def test_a_roll_call_calls_members_in_protocol_order_proxies_with_their_holder(api, voting):
    members = voting["members"]
    freeze(api, voting["event_id"])
    vote = open_vote(api, voting, "roll-call", rule="absolute")
    path = f"/events/{voting['event_id']}/votes/{vote['id']}/members"
    called = api.get(path).json["items"]
    order = [BANGKOK, LYON, HANOI, TOKYO, QUEZON, SEOUL]  # President, VP, EC, then JP, KR
    assert [c["organisation_id"] for c in called] == [members[i] for i in order]
    assert called[4]["held_by"] == members[TOKYO] and called[4]["attendance"] == "represented"
    for index, answer in zip(order, ["yes", "yes", "no", "abstain", "yes", "yes"], strict=True):
        response = api.post(path, {"organisation_id": members[index], "choice": answer})
        assert response.status_code == 200, response.json
    again = api.post(path, {"organisation_id": members[SEOUL], "choice": "no"})
    assert "already" in assert_error(again, 409)["message"]
    assert [c["choices"] for c in api.get(path).json["items"]][:3] == [["yes"], ["yes"], ["no"]]
    closed = api.post(f"/events/{voting['event_id']}/votes/{vote['id']}/close").json
    assert closed["counts"] == {"yes": 4, "no": 1, "abstain": 1}
    assert closed["outcome"] == "adopted"  # 4 of 6 on the roll: an absolute majority
    assert_error(api.post(path, {"organisation_id": members[SEOUL], "choice": "no"}), 409)
    assert _count(Voter) == 6 and _count(NamedChoice) == 6


def test_electronic_ballots_one_per_member_held_by_its_own_link(app, api, voting):
    members, delegates = voting["members"], voting["delegates"]
    freeze(api, voting["event_id"])
    vote = open_vote(api, voting, "electronic")
    tokyo = link(delegates[TOKYO])
    mine = app.test_client().get(f"/api/v1/ballots/{tokyo}").json["votes"]
    assert [m["organisation_id"] for m in mine[0]["members"]] == [members[QUEZON], members[TOKYO]]
    assert _ballot(app, tokyo, vote["id"], members[TOKYO], choice="yes").status_code == 200
    assert _ballot(app, tokyo, vote["id"], members[QUEZON], choice="no").status_code == 200
    second = _ballot(app, tokyo, vote["id"], members[TOKYO], choice="no")
    assert "already" in assert_error(second, 409)["message"]
    # Another member's vote, from Seoul's link: not Seoul's to cast.
    assert_error(_ballot(app, link(delegates[SEOUL]), vote["id"], members[TOKYO], choice="no"), 403)
    assert_error(
        _ballot(app, link(delegates[SEOUL]), vote["id"], members[SEOUL], choice="maybe"),
        422,
        field="choice",
    )
    shown = api.get(f"/events/{voting['event_id']}/votes/{vote['id']}").json
    assert (shown["ballots"], shown["entitled"], shown["counts"]) == (
        2,
        6,
        None,
    )
    for index in (SEOUL, HANOI):
        assert (
            _ballot(
                app, link(delegates[index]), vote["id"], members[index], choice="yes"
            ).status_code
            == 200
        )
    closed = api.post(f"/events/{voting['event_id']}/votes/{vote['id']}/close").json
    assert closed["counts"] == {"yes": 3, "no": 1, "abstain": 0}
    assert closed["outcome"] == "adopted" and closed["ballots"] == 4
    late = _ballot(app, link(delegates[LYON]), vote["id"], members[LYON], choice="no")
    assert "closed" in assert_error(late, 409)["message"]
    assert _count(Voter) == 4 and _count(NamedChoice) == 4
    assert {c.cast_by_id for c in db.session.scalars(sa.select(NamedChoice))} == {
        delegates[TOKYO],
        delegates[SEOUL],
        delegates[HANOI],
    }


def test_refused_ballots_write_nothing(app, api, voting):
    members, delegates, event_id = voting["members"], voting["delegates"], voting["event_id"]
    freeze(api, event_id)
    # No vote open yet: a ballot for a vote that has not opened names nothing.
    assert_error(_ballot(app, link(delegates[SEOUL]), 1, members[SEOUL], choice="yes"), 404)
    vote = open_vote(api, voting, "electronic")
    hanoi, lyon = link(delegates[HANOI]), link(delegates[LYON])
    # A revoked link, and a removed participant's link.
    assert (
        api.post(f"/events/{event_id}/participants/{delegates[HANOI]}/rsvp-token").status_code
        == 200
    )
    assert_error(_ballot(app, hanoi, vote["id"], members[HANOI], choice="yes"), 404)
    assert api.delete(f"/events/{event_id}/participants/{delegates[LYON]}").status_code == 204
    assert_error(_ballot(app, lyon, vote["id"], members[LYON], choice="yes"), 404)
    # Quezon arrives in person: Tokyo's proxy ballot for it is refused, Quezon votes itself.
    arrive(delegates[QUEZON])
    tokyo = link(delegates[TOKYO])
    refused = _ballot(app, tokyo, vote["id"], members[QUEZON], choice="no")
    assert "arrived in person" in assert_error(refused, 409, field="organisation_id")["message"]
    assert _count(Voter) == 0 and _count(NamedChoice) == 0
    assert sum(db.session.scalars(sa.select(Tally.count))) == 0
    quezon = _ballot(app, link(delegates[QUEZON]), vote["id"], members[QUEZON], choice="yes")
    assert quezon.status_code == 200, quezon.json
    # A delegate who left the room holds no vote.
    leave(delegates[SEOUL])
    assert_error(
        _ballot(app, link(delegates[SEOUL]), vote["id"], members[SEOUL], choice="yes"), 403
    )
    assert _count(Voter) == 1


def test_an_election_ballot_chooses_up_to_its_seats(app, api, voting):
    members, delegates = voting["members"], voting["delegates"]
    freeze(api, voting["event_id"])
    vote = open_vote(
        api,
        voting,
        "electronic",
        secret=True,
        seats=2,
        seat_role="vice-president",
        seat_body_id=voting["committee_id"],
        candidates=[{"organisation_id": members[i]} for i in (SEOUL, LYON, HANOI)],
    )
    seoul, lyon, hanoi = (c["id"] for c in vote["candidates"])
    too_many = _ballot(
        app, link(delegates[SEOUL]), vote["id"], members[SEOUL], candidate_ids=[seoul, lyon, hanoi]
    )
    assert_error(too_many, 422, field="candidate_ids")
    assert _count(Voter) == 0
    ballots = {SEOUL: [seoul, lyon], TOKYO: [lyon, hanoi], HANOI: [hanoi], BANGKOK: []}
    for index, chosen in ballots.items():
        response = _ballot(
            app, link(delegates[index]), vote["id"], members[index], candidate_ids=chosen
        )
        assert response.status_code == 200, response.json
    closed = api.post(f"/events/{voting['event_id']}/votes/{vote['id']}/close").json
    assert closed["counts"] == {
        "ballots": 4,
        f"candidate:{seoul}": 1,
        f"candidate:{lyon}": 2,
        f"candidate:{hanoi}": 2,
    }
    assert (closed["outcome"], closed["elected"], closed["tied"]) == ("elected", [lyon, hanoi], [])
    assert _count(NamedChoice) == 0  # secret
    assert api.get("/decisions").json["total"] == 0  # an election is not a decision
    # Confirmed: Lyon stays Vice-President, Hanoi moves up from member; Bangkok presides.
    path = f"/events/{voting['event_id']}/votes/{vote['id']}/confirm"
    assert api.post(path).json["confirmed_at"] is not None
    seats = api.get("/bodies/executive-committee").json["seats"]
    current = sorted((s["organisation_id"], s["role"]) for s in seats if s["term_end"] is None)
    assert current == sorted(
        [(members[BANGKOK], "president"), (members[LYON], "vice-president"),
         (members[HANOI], "vice-president")]
    )  # fmt: skip
    assert_error(api.post(path), 409)


def test_a_secret_vote_cannot_join_who_voted_to_what_was_cast(app, api, voting):
    """From the database alone: the vote's rows in every table that holds them carry nothing
    that orders or names a ballot. Voter rows: the vote and the member, no id, no time;
    counters: the vote, the choice, the count; no named choice; and on PostgreSQL, after the
    close, no counter was last written by a ballot's transaction."""
    members, delegates = voting["members"], voting["delegates"]
    freeze(api, voting["event_id"])
    vote = open_vote(api, voting, "electronic", secret=True)
    for index, answer in ((SEOUL, "yes"), (HANOI, "no"), (LYON, "yes"), (BANGKOK, "abstain")):
        assert (
            _ballot(
                app, link(delegates[index]), vote["id"], members[index], choice=answer
            ).status_code
            == 200
        )
    api.post(f"/events/{voting['event_id']}/votes/{vote['id']}/close")
    inspector = sa.inspect(db.engine)
    assert {c["name"] for c in inspector.get_columns("vote_voters")} == {
        "vote_id",
        "organisation_id",
    }
    assert {c["name"] for c in inspector.get_columns("vote_tallies")} == {
        "vote_id",
        "choice",
        "count",
    }
    # Every other table pointing at votes holds nothing of this vote's ballots (the decision
    # the adopted vote made names the vote, written by the close, and no ballot).
    for table in ("vote_choices", "candidates"):
        rows = db.session.execute(
            sa.text(f"SELECT count(*) FROM {table} WHERE vote_id = :v"), {"v": vote["id"]}
        ).scalar()
        assert rows == 0, table
    if db.engine.dialect.name == "postgresql":
        voters = set(db.session.scalars(sa.text("SELECT xmin::text FROM vote_voters")))
        counters = set(db.session.scalars(sa.text("SELECT xmin::text FROM vote_tallies")))
        assert len(voters) == 4 and len(counters) == 1 and not voters & counters
    else:  # SQLite: the counters' rowids are their order of creation at opening
        rowids = (
            db.session.execute(sa.text("SELECT choice FROM vote_tallies ORDER BY rowid"))
            .scalars()
            .all()
        )
        assert rowids == ["yes", "no", "abstain"]


def test_closing_counts_in_a_fixed_number_of_statements(app, api, voting):
    members, delegates, event_id = voting["members"], voting["delegates"], voting["event_id"]
    freeze(api, event_id)
    costs = []
    for ballots in (4, 5):  # both adopted, so both make a decision
        vote = open_vote(api, voting, "electronic")
        for index in range(ballots):
            _ballot(app, link(delegates[index]), vote["id"], members[index], choice="yes")
        with counted_statements() as statements:
            assert api.post(f"/events/{event_id}/votes/{vote['id']}/close").status_code == 200
        costs.append(len(statements))
    assert costs[0] == costs[1]


@pytest.mark.parametrize("client", ["viewer_api", "anonymous_api"])
def test_only_organisers_open_count_call_and_close(request, api, voting, client):
    other = request.getfixturevalue(client)
    freeze(api, voting["event_id"])
    vote = open_vote(api, voting, "roll-call")
    base = f"/events/{voting['event_id']}/votes"
    status = 403 if client == "viewer_api" else 401
    assert_error(
        other.post(
            base, {"agenda_item_id": voting["item_id"], "question": "x", "method": "roll-call"}
        ),
        status,
    )
    assert_error(
        other.post(
            f"{base}/{vote['id']}/members",
            {"organisation_id": voting["members"][0], "choice": "yes"},
        ),
        status,
    )
    assert_error(
        other.request("PUT", f"{base}/{vote['id']}/counts", {"yes": 1, "no": 0, "abstain": 0}),
        status,
    )
    assert_error(other.post(f"{base}/{vote['id']}/close"), status)
    readable = other.get(f"{base}/{vote['id']}")
    assert readable.status_code == (200 if client == "viewer_api" else 401)
    assert _count(Voter) == 0 and db.session.scalar(sa.select(Vote.closed_at)) is None


def test_a_vote_of_another_meeting_is_not_found(api, voting):
    freeze(api, voting["event_id"])
    vote = open_vote(api, voting, "roll-call")
    assert_error(api.get(f"/events/{voting['event_id'] + 1000}/votes/{vote['id']}"), 404)
    assert db.session.get(Participation, voting["delegates"][0]) is not None


def test_ballots_leave_every_cached_answer_valid_and_reads_of_the_vote_fresh(app, api, voting):
    """A ballot renews no data version (feeds and cached answers stay valid through a vote of
    130 members), yet every read of the vote shows the ballots as they arrive."""
    members, delegates, event_id = voting["members"], voting["delegates"], voting["event_id"]
    freeze(api, event_id)
    vote = open_vote(api, voting, "electronic")
    path = f"/events/{event_id}/votes/{vote['id']}"
    token = link(delegates[SEOUL])
    assert api.get(path).json["ballots"] == 0
    assert api.get(f"/events/{event_id}/votes").json["items"][0]["ballots"] == 0
    mine = app.test_client().get(f"/api/v1/ballots/{token}").json
    assert mine["votes"][0]["members"][0]["voted"] is False
    version = current_data_version()
    assert _ballot(app, token, vote["id"], members[SEOUL], choice="yes").status_code == 200
    assert current_data_version() == version
    assert api.get(path).json["ballots"] == 1
    assert api.get(f"/events/{event_id}/votes").json["items"][0]["ballots"] == 1
    mine = app.test_client().get(f"/api/v1/ballots/{token}").json
    assert mine["votes"][0]["members"][0]["voted"] is True
    # The close is the vote's own change: it renews the version.
    api.post(path + "/close")
    assert current_data_version() != version


def test_a_ballot_costs_the_same_few_statements_with_or_without_proxies(app, api, voting):
    """Who the link belongs to, the vote, what it holds now (its roll entries and who speaks
    for them in the room: one statement), the Voter row, the named choice, and the counters
    with the vote's lock: six, for a holder of proxies as for a member alone."""
    members, delegates, event_id = voting["members"], voting["delegates"], voting["event_id"]
    freeze(api, event_id)
    vote = open_vote(api, voting, "electronic")
    costs = []
    for index in (SEOUL, TOKYO):  # Tokyo holds Quezon's proxy
        token = link(delegates[index])
        db.session.remove()
        with counted_statements() as statements:
            response = _ballot(app, token, vote["id"], members[index], choice="yes")
        assert response.status_code == 200, response.json
        costs.append(len(statements))
    assert costs == [6, 6], costs
