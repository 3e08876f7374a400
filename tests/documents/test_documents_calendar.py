"""Invitations and feeds attach the documents their reader may read (RFC 5545 ATTACH, FMTTYPE
application/pdf), and calendar parsers read them: an invitation through its recipient's RSVP
link, a delegate's feed through that feed's own secret, every other feed the public documents
only."""

from __future__ import annotations

import re

import icalendar
import pytest

from tests.support.credentials import empty_storage
from tests.support.documents import committee, paper, rsvp_token, send_paper, send_version
from tests.support.meetings import feed_path

__all__ = ["committee"]


@pytest.fixture(autouse=True)
def _empty_storage(app):
    empty_storage()


SITE = "https://planner.example"


@pytest.fixture
def client(app):
    """A calendar client: no account, no session."""
    return app.test_client()


def _attached(text: bytes, uid: str | None = None) -> list[tuple[str, str]]:
    """The ATTACH links of the calendar's VEVENT (the one with ``uid``, else the first)."""
    assert b"\r\n" in text and not re.search(rb"[^\r]\n", text)
    vevents = icalendar.Calendar.from_ical(text).walk("VEVENT")
    vevent = next(v for v in vevents if uid is None or str(v["uid"]) == uid)
    found = vevent.get("attach", [])
    found = found if isinstance(found, list) else [found]
    return [(str(a), a.params["FMTTYPE"]) for a in found]


def _attachments(api, event_id: int, participant: dict) -> list[tuple[str, str]]:
    return _attached(
        api.get(f"/events/{event_id}/participants/{participant['id']}/invite.ics").data
    )


def _uid(event_id: int) -> str:
    return f"event-{event_id}@planner.example"


def test_an_invitation_attaches_the_documents_its_reader_may_read(api, committee):
    event_id, people = committee["event"]["id"], committee["participants"]
    programme = send_paper(api, event_id, paper(), title="Programme").json
    budget = send_paper(api, event_id, paper(), title="Budget", visibility="members").json
    link = "https://planner.example/rsvp/{}/documents/{}"
    member = _attachments(api, event_id, people[0])
    assert member == [
        (link.format(rsvp_token(people[0]), programme["id"]), "application/pdf"),
        (link.format(rsvp_token(people[0]), budget["id"]), "application/pdf"),
    ]
    observer = _attachments(api, event_id, people[4])
    assert observer == [(link.format(rsvp_token(people[4]), programme["id"]), "application/pdf")]


def test_a_delegates_feed_links_what_they_may_read_through_the_feeds_secret(api, client, committee):
    event_id, people = committee["event"]["id"], committee["participants"]
    delegates = committee["delegates"]
    programme = send_paper(api, event_id, paper("Programme"), title="Programme").json
    budget = send_paper(api, event_id, paper("Budget"), title="Budget", visibility="members").json
    member_feed, observer_feed = feed_path(api, delegates[0]), feed_path(api, delegates[4])
    link = SITE + member_feed.removesuffix(".ics") + "/documents/{}"
    assert _attached(client.get(member_feed).data, _uid(event_id)) == [
        (link.format(programme["id"]), "application/pdf"),
        (link.format(budget["id"]), "application/pdf"),
    ]
    observer_links = _attached(client.get(observer_feed).data, _uid(event_id))
    assert [url.rsplit("/", 1)[1] for url, _ in observer_links] == [str(programme["id"])]
    # No RSVP link in a feed: it answers invitations and holds passport data.
    assert rsvp_token(people[0]).encode() not in client.get(member_feed).data

    # The links work without an account, and only for what the feed's owner may read.
    opened = client.get(link.format(budget["id"]).removeprefix(SITE))
    assert opened.status_code == 200 and opened.data.startswith(b"%PDF")
    assert opened.headers["Cache-Control"] == "private, no-cache"
    observer_base = observer_feed.removesuffix(".ics")
    assert client.get(f"{observer_base}/documents/{budget['id']}").status_code == 404
    assert client.get(f"{observer_base}/documents/{programme['id']}").status_code == 200


def test_a_feed_document_link_dies_with_the_feed_and_the_readers_place(api, client, committee):
    event_id, people = committee["event"]["id"], committee["participants"]
    delegate = committee["delegates"][1]
    programme = send_paper(api, event_id, paper(), title="Programme").json
    old = feed_path(api, delegate).removesuffix(".ics") + f"/documents/{programme['id']}"
    assert client.get(old).status_code == 200
    assert api.post(f"/delegates/{delegate['id']}/calendar-token").status_code == 200
    assert client.get(old).status_code == 404  # a rotated feed secret opens nothing
    new_feed = feed_path(api, delegate)
    current = new_feed.removesuffix(".ics") + f"/documents/{programme['id']}"
    assert client.get(current).status_code == 200

    assert api.delete(f"/events/{event_id}/participants/{people[1]['id']}").status_code == 204
    assert client.get(current).status_code == 404  # removed: their papers go with them
    assert _attached(client.get(new_feed).data, _uid(event_id)) == []


def test_a_feed_shows_a_document_added_after_it_was_read(api, client, committee):
    """The meeting's text is cached between renderings; its links are not part of it."""
    event_id = committee["event"]["id"]
    feed = feed_path(api, committee["delegates"][0])
    assert _attached(client.get(feed).data, _uid(event_id)) == []
    programme = send_paper(api, event_id, paper(), title="Programme").json
    links = _attached(client.get(feed).data, _uid(event_id))
    assert [url.rsplit("/", 1)[1] for url, _ in links] == [str(programme["id"])]
    # A second version is the same document: still one link.
    send_version(api, event_id, programme["id"], paper("Programme (ko)"), language="ko")
    assert len(_attached(client.get(feed).data, _uid(event_id))) == 1


@pytest.mark.parametrize("feed", ["/calendar/public.ics", "/calendar/events/{id}.ics",
                                  "/calendar/bodies/executive-committee.ics"])  # fmt: skip
def test_public_feeds_link_public_documents_only(api, client, committee, feed):
    event_id = committee["event"]["id"]
    public = send_paper(api, event_id, paper(), title="Press release", visibility="public").json
    send_paper(api, event_id, paper(), title="Programme", visibility="participants")
    send_paper(api, event_id, paper(), title="Budget", visibility="members")
    text = client.get(feed.format(id=event_id)).data
    assert _attached(text, _uid(event_id)) == [
        (f"{SITE}/documents/{public['id']}", "application/pdf")
    ]
    assert client.get(f"/documents/{public['id']}").status_code == 200


def test_a_confidential_meetings_documents_are_in_no_public_feed(api, client, committee):
    event_id = committee["event"]["id"]
    public = send_paper(api, event_id, paper(), title="Press release", visibility="public").json
    assert api.patch(f"/events/{event_id}", {"confidential": True}).status_code == 200
    assert f"/documents/{public['id']}".encode() not in client.get("/calendar/public.ics").data
    # Its participants' own feeds still link it, through their secret.
    feed = feed_path(api, committee["delegates"][0])
    assert len(_attached(client.get(feed).data, _uid(event_id))) == 1
