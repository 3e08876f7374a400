"""The votes pages: an organiser opens and runs a show of hands, a roll-call and an electronic
vote; delegates vote from their own link; refusals stand beside their fields with nothing
written; viewers read and change nothing; anonymous readers are sent to sign in."""

from __future__ import annotations

import re

import sqlalchemy as sa

from planner.auth.models import UserRole
from planner.extensions import db
from planner.governance.models import NamedChoice, Tally, Vote, Voter
from planner.members.models import Membership, Organisation
from tests.conftest import make_app
from tests.support.door import leave
from tests.support.pages import signed_in_client
from tests.support.votes import BANGKOK, HANOI, LYON, QUEZON, SEOUL, TOKYO, freeze, link, open_vote


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _token(html: str) -> str:
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)


def _post(client, path: str, data: dict, page: str):
    """A form as the browser sends it, with the CSRF token of the page it was on."""
    token = _token(client.get(page).get_data(as_text=True))
    return client.post(path, data={"csrf_token": token, **data})


def _opening(voting, **fields) -> dict:
    data = {"agenda_item_id": voting["item_id"], "question": "Adopt the budget?",
            "method": "show-of-hands", "rule": "simple"}  # fmt: skip
    data.update(fields)
    return data


def test_an_organiser_runs_a_show_of_hands_from_the_votes_tab(app, api, voting):
    event_id = voting["event_id"]
    organiser = signed_in_client(app, UserRole.ORGANISER)
    tab = f"/meetings/{event_id}/votes"
    html = organiser.get(tab).get_data(as_text=True)
    assert "freeze one on the Quorum tab first" in html and "Open the vote" not in html
    freeze(api, event_id)
    html = organiser.get(tab).get_data(as_text=True)
    assert "6 members present or represented, 4 needed." in html and "quorate" in html
    assert "1. Resolution 1" in html  # the agenda item, by number and title
    assert "Reason to open without quorum" not in html  # asked only without quorum
    opened = _post(organiser, tab, _opening(voting, rule="two-thirds"), tab)
    assert opened.status_code == 302
    vote = db.session.scalars(sa.select(Vote)).one()
    page = f"/meetings/{event_id}/votes/{vote.id}"
    assert opened.headers["Location"].endswith(page)
    html = organiser.get(page).get_data(as_text=True)
    assert "Two thirds: yes from at least two thirds of the votes cast" in html
    assert "<dd>1. Resolution 1</dd>" in html  # the item it is on, numbered as on the agenda
    assert "The tellers’ count" in html and "Close the vote" in html
    too_many = _post(organiser, page + "/counts", {"yes": 5, "no": 2, "abstain": 0}, page)
    html = too_many.get_data(as_text=True)
    assert too_many.status_code == 422
    assert 'id="counts-error"' in html and "7 hands counted, but only 6 members" in html
    assert html.count("7 hands counted") == 1  # said once, beside the count
    assert sum(db.session.scalars(sa.select(Tally.count))) == 0
    counted = _post(organiser, page + "/counts", {"yes": 4, "no": 2, "abstain": 0}, page)
    assert counted.status_code == 302
    confirm = organiser.get(page + "/close").get_data(as_text=True)
    assert "This cannot be undone." in confirm
    assert _post(organiser, page + "/close", {}, page + "/close").status_code == 302
    html = organiser.get(page).get_data(as_text=True)
    assert "Adopted" in html and "yes: 4 · no: 2 · abstentions: 0" in html
    assert "Record the count" not in html and "Close the vote" not in html
    listed = organiser.get(tab).get_data(as_text=True)
    assert "Adopt the budget?" in listed and "show of hands" in listed and "adopted" in listed


def test_without_quorum_the_form_asks_why_and_opens_nothing_without_a_reason(app, api, voting):
    event_id = voting["event_id"]
    for participant in voting["delegates"][:3]:
        leave(participant)
    freeze(api, event_id)
    organiser = signed_in_client(app, UserRole.ORGANISER)
    tab = f"/meetings/{event_id}/votes"
    html = organiser.get(tab).get_data(as_text=True)
    assert "The latest roll has no quorum (2 present or represented, 4 needed)" in html
    refused = _post(organiser, tab, _opening(voting), tab)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert 'id="quorum_override-error"' in html and "give a reason to open" in html
    secret = _post(organiser, tab, _opening(voting, secret="y", quorum_override="Statute"), tab)
    assert secret.status_code == 422 and 'id="secret-error"' in secret.get_data(as_text=True)
    blank = _post(organiser, tab, _opening(voting, question=" ", agenda_item_id=""), tab)
    html = blank.get_data(as_text=True)
    assert 'id="question-error"' in html and 'id="agenda_item_id-error"' in html
    assert _count(Vote) == 0
    opened = _post(organiser, tab, _opening(voting, quorum_override="The statute allows it"), tab)
    assert opened.status_code == 302
    html = organiser.get(opened.headers["Location"]).get_data(as_text=True)
    assert "opened without quorum" in html and "The statute allows it" in html


def test_a_roll_call_calls_members_in_protocol_order_with_their_proxies(app, api, voting):
    members, event_id = voting["members"], voting["event_id"]
    freeze(api, event_id)
    vote = open_vote(api, voting, "roll-call", rule="absolute")
    organiser = signed_in_client(app, UserRole.ORGANISER)
    page = f"/meetings/{event_id}/votes/{vote['id']}"
    html = organiser.get(page).get_data(as_text=True)
    rows = re.findall(r'<tr id="member-(\d+)"', html)
    order = [BANGKOK, LYON, HANOI, TOKYO, QUEZON, SEOUL]
    assert rows == [str(members[i]) for i in order]
    assert "represented by" in html.split(f'id="member-{members[QUEZON]}"')[1].split("</tr>")[0]
    for index, answer in zip(order, ["yes", "yes", "no", "abstain", "yes", "yes"], strict=True):
        data = {"organisation_id": members[index], "choice": answer}
        response = _post(organiser, page + "/answers", data, page)
        assert response.status_code == 302, response.get_data(as_text=True)
    again = _post(organiser, page + "/answers", {"organisation_id": members[SEOUL],
                                                  "choice": "no"}, page)  # fmt: skip
    assert again.status_code == 409
    assert "already in" in again.get_data(as_text=True)
    html = organiser.get(page).get_data(as_text=True)
    row = html.split(f'id="member-{members[HANOI]}"')[1].split("</tr>")[0]
    assert "<strong>no</strong>" in row  # what was recorded, in words
    assert "6 of 6 answers recorded" in html
    assert _post(organiser, page + "/close", {}, page + "/close").status_code == 302
    html = organiser.get(page).get_data(as_text=True)
    assert "Adopted" in html and "yes: 4 · no: 1 · abstentions: 1" in html
    assert _count(NamedChoice) == 6


def test_an_electronic_vote_shows_ballots_received_never_the_running_result(app, api, voting):
    members, delegates, event_id = voting["members"], voting["delegates"], voting["event_id"]
    freeze(api, event_id)
    vote = open_vote(api, voting, "electronic")
    tokyo = app.test_client()
    ballot = f"/rsvp/{link(delegates[TOKYO])}/ballot"
    rsvp = tokyo.get(f"/rsvp/{link(delegates[TOKYO])}").get_data(as_text=True)
    assert "A vote is open: Adopt the budget?" in rsvp and f'href="{ballot}"' in rsvp
    html = tokyo.get(ballot).get_data(as_text=True)
    assert 'class="ballot-question">Adopt the budget?' in html
    assert html.count('name="choice" value="yes"') == 2  # Tokyo's own vote and Quezon's
    assert "your own vote" in html and "by proxy" in html
    cast = _post(tokyo, ballot, {"vote_id": vote["id"], "organisation_id": members[TOKYO],
                                 "choice": "yes"}, ballot)  # fmt: skip
    assert cast.status_code == 303
    html = tokyo.get(cast.headers["Location"]).get_data(as_text=True)
    assert "Ballot received" in html and html.count('name="choice" value="yes"') == 1
    again = _post(tokyo, ballot, {"vote_id": vote["id"], "organisation_id": members[TOKYO],
                                  "choice": "no"}, ballot)  # fmt: skip
    assert again.status_code == 409 and "already in" in again.get_data(as_text=True)
    organiser = signed_in_client(app, UserRole.ORGANISER)
    page = f"/meetings/{event_id}/votes/{vote['id']}"
    html = organiser.get(page).get_data(as_text=True)
    assert "1 of 6 ballots received" in html
    assert "yes:" not in html and "<strong>yes</strong>" not in html  # no running result
    live = organiser.get(f"/meetings/{event_id}/votes/live").get_data(as_text=True)
    assert "Adopt the budget?" in live and "1 of 6 ballots received" in live
    assert "yes:" not in live
    assert "Adopt the budget?" in organiser.get(f"/meetings/{event_id}/projector").get_data(
        as_text=True
    )
    for index in (SEOUL, HANOI):
        own = f"/rsvp/{link(delegates[index])}/ballot"
        data = {"vote_id": vote["id"], "organisation_id": members[index], "choice": "no"}
        assert _post(app.test_client(), own, data, own).status_code == 303
    data = {"vote_id": vote["id"], "organisation_id": members[QUEZON], "choice": "abstain"}
    assert _post(tokyo, ballot, data, ballot).status_code == 303
    assert "4 of 6 ballots received" in organiser.get(page).get_data(as_text=True)
    assert _post(organiser, page + "/close", {}, page + "/close").status_code == 302
    live = organiser.get(f"/meetings/{event_id}/votes/live").get_data(as_text=True)
    assert "Rejected" in live and "yes: 1 · no: 2 · abstentions: 1" in live
    lyon = f"/rsvp/{link(delegates[LYON])}/ballot"
    data = {"vote_id": vote["id"], "organisation_id": members[LYON], "choice": "no"}
    late = app.test_client().post(lyon, data=data)
    assert late.status_code == 409 and "this vote is closed" in late.get_data(as_text=True)
    assert _count(Voter) == 4


def test_a_delegates_link_cannot_vote_for_another_member(app, api, voting):
    members, delegates = voting["members"], voting["delegates"]
    freeze(api, voting["event_id"])
    vote = open_vote(api, voting, "electronic")
    seoul = app.test_client()
    ballot = f"/rsvp/{link(delegates[SEOUL])}/ballot"
    html = seoul.get(ballot).get_data(as_text=True)
    assert html.count('name="choice" value="yes"') == 1  # Seoul's own vote only
    refused = _post(seoul, ballot, {"vote_id": vote["id"], "organisation_id": members[TOKYO],
                                    "choice": "yes"}, ballot)  # fmt: skip
    assert refused.status_code == 403
    assert "you do not hold this member&#39;s vote" in refused.get_data(as_text=True)
    assert _count(Voter) == 0
    # Lyon's delegate leaves the room: no vote held, and the page says why.
    leave(delegates[LYON])
    html = app.test_client().get(f"/rsvp/{link(delegates[LYON])}/ballot").get_data(as_text=True)
    assert "You hold no vote now" in html and 'name="choice"' not in html
    assert app.test_client().get("/rsvp/not-a-link/ballot").status_code == 404


def test_a_ballot_without_its_csrf_token_is_refused(app, api, voting, tmp_path):
    members, delegates = voting["members"], voting["delegates"]
    freeze(api, voting["event_id"])
    vote = open_vote(api, voting, "electronic")
    guarded = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, WTF_CSRF_ENABLED=True)
    data = {"vote_id": vote["id"], "organisation_id": members[SEOUL], "choice": "yes"}
    with guarded.app_context():
        client = guarded.test_client()
        ballot = f"/rsvp/{link(delegates[SEOUL])}/ballot"
        assert client.post(ballot, data=data).status_code == 400
        assert _post(client, ballot, data, ballot).status_code == 303
    assert _count(Voter) == 1


def test_viewers_read_votes_but_change_nothing(app, api, voting):
    event_id, members = voting["event_id"], voting["members"]
    freeze(api, event_id)
    vote = open_vote(api, voting, "roll-call")
    viewer = signed_in_client(app, UserRole.VIEWER)
    page = f"/meetings/{event_id}/votes/{vote['id']}"
    html = viewer.get(f"/meetings/{event_id}/votes").get_data(as_text=True)
    assert "Adopt the budget?" in html and "Open the vote" not in html
    html = viewer.get(page).get_data(as_text=True)
    assert "Close the vote" not in html and 'name="choice"' not in html
    token = _token(viewer.get("/dashboard").get_data(as_text=True))
    for path, data in (
        (f"/meetings/{event_id}/votes", _opening(voting)),
        (page + "/answers", {"organisation_id": members[SEOUL], "choice": "yes"}),
        (page + "/counts", {"yes": 1, "no": 0, "abstain": 0}),
        (page + "/close", {}),
    ):
        assert viewer.post(path, data={"csrf_token": token, **data}).status_code == 403
    assert _count(Voter) == 0 and db.session.get(Vote, vote["id"]).closed_at is None


def test_anonymous_readers_are_sent_to_sign_in(app, api, voting):
    event_id = voting["event_id"]
    freeze(api, event_id)
    vote = open_vote(api, voting, "show-of-hands")
    anonymous = app.test_client()
    for path in ("votes", f"votes/{vote['id']}", f"votes/{vote['id']}/close", "votes/live"):
        response = anonymous.get(f"/meetings/{event_id}/{path}")
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert anonymous.post(f"/meetings/{event_id}/votes/{vote['id']}/close").status_code in (
        302,
        400,
    )
    assert db.session.get(Vote, vote["id"]).closed_at is None


def test_an_organiser_runs_an_election_and_confirms_the_seats(app, api, voting):
    """Opened from the form (a refused candidate said beside the list, nothing written), taken
    by roll-call, closed, and confirmed: the committee's page shows the new holders."""
    event_id, members = voting["event_id"], voting["members"]
    organiser = signed_in_client(app, UserRole.ORGANISER)
    freeze(api, event_id)
    tab = f"/meetings/{event_id}/votes"
    election = _opening(voting, method="roll-call", question="Elect two Vice-Presidents",
                        seats=2, seat_role="vice-president",
                        seat_body_id=voting["committee_id"])  # fmt: skip
    db.session.execute(
        sa.update(Organisation)
        .where(Organisation.id == members[QUEZON])
        .values(membership=Membership.ASSOCIATE)
    )
    db.session.commit()
    refused = organiser.post(
        tab,
        data={"csrf_token": _token(organiser.get(tab).get_data(as_text=True)), **election,
              "candidates": [members[SEOUL], members[QUEZON]]},
    )  # fmt: skip
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'id="candidates-error"' in html
    assert "may not stand" in html and _count(Vote) == 0
    opened = organiser.post(
        tab,
        data={"csrf_token": _token(organiser.get(tab).get_data(as_text=True)), **election,
              "candidates": [members[SEOUL], members[HANOI], members[TOKYO]]},
    )  # fmt: skip
    assert opened.status_code == 302, opened.get_data(as_text=True)
    vote = db.session.scalars(sa.select(Vote)).one()
    page = f"/meetings/{event_id}/votes/{vote.id}"
    ids = {c.organisation_id: c.id for c in vote.candidates}
    for member in (SEOUL, TOKYO, HANOI, BANGKOK, LYON, QUEZON):
        chosen = [ids[members[SEOUL]], ids[members[HANOI]]] if member != TOKYO else []
        answer = {"organisation_id": members[member], "candidate_ids": chosen}
        assert _post(organiser, page + "/answers", answer, page).status_code == 302
    assert _post(organiser, page + "/close", {}, page + "/close").status_code == 302
    html = organiser.get(page).get_data(as_text=True)
    assert "Confirm the election" in html
    assert _post(organiser, page + "/confirm", {}, page).status_code == 302
    html = organiser.get(page).get_data(as_text=True)
    assert "hold their seats on Executive Committee" in html
    assert "Confirm the election" not in html
    # Seoul held no seat on the committee: it does now, as a Vice-President.
    committee = organiser.get("/bodies/executive-committee").get_data(as_text=True)
    assert "Seoul Metropolitan Government" in committee
    viewer = signed_in_client(app, UserRole.VIEWER)
    assert viewer.post(page + "/confirm").status_code == 403
