"""Migrations build the schema the models describe, on SQLite and PostgreSQL, from empty;
the demo network loads on top of them, once."""

from __future__ import annotations

from collections import Counter

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from planner.db import utcnow
from planner.demo.loader import load_demo
from planner.documents.queries import documents_of
from planner.events.models import (
    Event,
    EventKind,
    EventStatus,
    ParticipantRole,
    ParticipantStatus,
    Participation,
)
from planner.extensions import db
from planner.governance.agenda import queries as agenda
from planner.governance.credentials import service as credentials
from planner.governance.minutes.queries import minutes_record
from planner.governance.models import (
    AgendaItem,
    AgendaItemKind,
    Attendance,
    CredentialDecision,
    CredentialState,
    Decision,
    NamedChoice,
    Proxy,
    Roll,
    RollEntry,
    Vote,
    VoteMethod,
    VoteOutcome,
)
from planner.governance.quorum.live import live_quorum
from planner.governance.votes.service import described
from planner.members import service as members
from planner.members.models import Body, Delegate, Membership, Organisation, SeatRole
from planner.uploads.service import open_upload
from tests.conftest import make_app, throwaway_postgres


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_app(request, tmp_path):
    """An app on a brand-new, empty database (no create_all: only migrations build it)."""
    if request.param == "sqlite":
        yield make_app(f"sqlite:///{tmp_path / 'fresh.db'}", tmp_path)
        return
    with throwaway_postgres("planner_migrate") as url:
        application = make_app(url, tmp_path)
        yield application
        with application.app_context():
            db.engine.dispose()


def test_migrations_match_the_models_and_downgrade(empty_app):
    with empty_app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
        assert differences == []
        downgrade(revision="base")
        tables = set(sa.inspect(db.engine).get_table_names())
        assert tables <= {"alembic_version"}


def test_demo_network_loads_once_on_a_migrated_database(empty_app):
    runner = empty_app.test_cli_runner()
    with empty_app.app_context():
        upgrade()
    first = runner.invoke(args=["planner", "demo"])
    assert first.exit_code == 0, first.output
    assert "83 full and 47 associate" in first.output and "13 meetings" in first.output
    second = runner.invoke(args=["planner", "demo"])
    assert second.exit_code == 0 and "already loaded" in second.output

    with empty_app.app_context():
        memberships = Counter(db.session.scalars(sa.select(Organisation.membership)))
        assert memberships[Membership.FULL] == 83
        assert memberships[Membership.ASSOCIATE] == 47
        delegates = db.session.scalars(sa.select(Delegate)).all()
        assert 240 <= len(delegates) <= 260
        assert any("\uac00" <= c <= "\ud7a3" for d in delegates for c in d.native_name or "")
        events = db.session.scalars(sa.select(Event)).all()
        assert {e.kind for e in events} == set(EventKind)
        assert {EventStatus.SCHEDULED, EventStatus.DRAFT, EventStatus.CANCELLED} <= {
            e.status for e in events
        }
        now = db.func.now()
        assert db.session.scalar(sa.select(sa.func.count()).where(Event.ends_at < now)) > 0
        assert db.session.scalar(sa.select(sa.func.count()).where(Event.starts_at > now)) > 0
        assembly = db.session.scalar(
            sa.select(Event).where(Event.kind == EventKind.GENERAL_ASSEMBLY, Event.starts_at > now)
        )
        assert len(assembly.sessions) >= 15
        assert (assembly.ends_at - assembly.starts_at).days == 2
        assert {e.kind for e in assembly.side_events} >= {EventKind.SEMINAR, EventKind.STUDY_VISIT}
        statuses = set(db.session.scalars(sa.select(Participation.status)))
        assert statuses == set(ParticipantStatus)
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Delegate)) == len(delegates)
        # Two members that cannot come have given their proxies to two that do.
        quorum = live_quorum(assembly)
        proxies = db.session.scalars(sa.select(Proxy).where(Proxy.event_id == assembly.id)).all()
        assert len(proxies) == 2 and all(p.revoked_at is None for p in proxies)
        assert {p.giver_id for p in proxies} <= set(quorum.members)
        # The Assembly's credentials in every state, with real letters in storage.
        held = credentials.credentials_of(assembly.id)
        assert {credentials.state(c) for c in held} == set(CredentialState)
        assert any(c.delegate.delegate.heads_authority for c in held)
        assert all(c.reason for c in held if c.decision is CredentialDecision.REJECTED)
        # Its agenda, numbered, with sub-items and the business linked to its sessions.
        numbered = {e.number: e for e in agenda.flat(agenda.agenda(assembly.id))}
        assert numbered["1"].item.title == "Opening of the General Assembly"
        assert numbered["8.1"].item.title == "Election of the President"
        assert {e.item.kind for e in numbered.values()} == set(AgendaItemKind)
        assert numbered["2"].session is not None and numbered["2"].session.event_id == assembly.id
        letters = [c.letter for c in held if c.letter is not None]
        assert {letter.content_type for letter in letters} == {"application/pdf", "image/png"}
        for letter in letters:
            with open_upload(letter) as file:
                assert len(file.read()) == letter.size
        # Its documents: an agenda in two languages, a report in a second version.
        papers = {d.title: d for d in documents_of(assembly.id)}
        assert sorted(v.language for v in papers["Provisional agenda"].versions) == ["en", "fr"]
        assert [v.number for v in papers["Annual report 2026"].versions] == [2, 1]
        assert papers["Draft budget 2027"].agenda_item.kind is AgendaItemKind.BUDGET


def test_the_demo_holds_a_past_assembly_with_its_whole_record(empty_app):
    with empty_app.app_context():
        upgrade()
        load_demo()
        past, coming = db.session.scalars(
            sa.select(Event)
            .where(Event.kind == EventKind.GENERAL_ASSEMBLY)
            .order_by(Event.starts_at)
        ).all()
        now = utcnow()
        assert past.ends_at < now < coming.starts_at
        assert past.body.slug == "general-assembly" and past.venue is not None
        assert 350 <= (coming.starts_at - past.starts_at).days <= 371

        # Its participants: credentials approved for most, most checked in on its first
        # morning, two members represented by proxy on the roll frozen before the votes.
        [roll] = db.session.scalars(sa.select(Roll).where(Roll.event_id == past.id)).all()
        assert past.starts_at < roll.frozen_at < past.ends_at
        assert roll.represented == 2 and roll.present + roll.represented >= roll.needed
        held = credentials.credentials_of(past.id)
        approved = [c for c in held if c.decision is CredentialDecision.APPROVED]
        assert roll.present <= len(approved) < len(held)
        arrivals = [p.checked_in_at for p in past.participations if p.checked_in_at]
        assert len(arrivals) > len(past.participations) / 2
        assert all(past.starts_at <= t < roll.frozen_at for t in arrivals)

        # Its votes, by every method, taken during the meeting; one rejected.
        views = described(
            db.session.scalars(
                sa.select(Vote).where(Vote.event_id == past.id).order_by(Vote.opened_at)
            ).all()
        )
        assert {(v.method, v.secret) for v in views} == {
            (VoteMethod.SHOW_OF_HANDS, False),
            (VoteMethod.ROLL_CALL, False),
            (VoteMethod.ELECTRONIC, False),
            (VoteMethod.ELECTRONIC, True),
        }
        assert all(past.starts_at < v.opened_at < v.closed_at < past.ends_at for v in views)
        assert all(v.ballots <= v.entitled == roll.present + roll.represented for v in views)
        outcomes = Counter(v.outcome for v in views)
        assert outcomes[VoteOutcome.REJECTED] == 1 and outcomes[VoteOutcome.ELECTED] == 3
        assert views[0].agenda_item.title == "Adoption of the agenda"
        # The roll-call called the members represented by proxy: their answers are named.
        [roll_call] = [v for v in views if v.method is VoteMethod.ROLL_CALL]
        represented = set(
            db.session.scalars(
                sa.select(RollEntry.organisation_id).where(
                    RollEntry.roll_id == roll.id, RollEntry.attendance == Attendance.REPRESENTED
                )
            )
        )
        answered = set(
            db.session.scalars(
                sa.select(NamedChoice.organisation_id).where(NamedChoice.vote_id == roll_call.id)
            )
        )
        assert len(represented) == 2 and represented <= answered
        assert len(answered) == roll_call.ballots == roll_call.entitled
        secret = [v.id for v in views if v.secret]
        assert not db.session.scalar(
            sa.select(sa.func.count()).where(NamedChoice.vote_id.in_(secret))
        )

        # Adopted business (not procedure) numbered in the register, in the meeting's year.
        decisions = db.session.scalars(
            sa.select(Decision).where(Decision.event_id == past.id).order_by(Decision.sequence)
        ).all()
        year = decisions[-1].adopted_at.astimezone(past.zone).year
        assert [d.number for d in decisions] == [f"GA/{year}/{n:02d}" for n in range(1, 5)]
        assert all(d.vote.outcome is VoteOutcome.ADOPTED for d in decisions)
        assert all(d.adopted_at == d.vote.closed_at for d in decisions)

        # Its elections, confirmed, made today's Executive Committee: one President.
        elections = [v for v in views if v.is_election]
        assert all(v.confirmed_at is not None for v in elections)
        candidates = {c.id: c.organisation_id for v in elections for c in v.candidates}
        elected = {(candidates[c], v.seat_role) for v in elections for c in v.elected}
        committee = db.session.scalar(sa.select(Body).where(Body.slug == "executive-committee"))
        today = now.astimezone(past.zone).date()
        current = [s for s in committee.seats if members.term_on(s, today) is members.Term.CURRENT]
        assert {(s.organisation_id, s.role) for s in current} == elected
        assert [s.role for s in current].count(SeatRole.PRESIDENT) == 1
        assert {s.term_start for s in current} == {
            elections[0].closed_at.astimezone(past.zone).date()
        }
        spring = db.session.scalar(sa.select(Event).where(Event.title.endswith("spring meeting")))
        invited = {
            p.delegate.organisation_id
            for p in spring.participations
            if p.role is ParticipantRole.VOTING_DELEGATE
        }
        assert invited == {s.organisation_id for s in current}

        # Its minutes, a text under every item, approved by that later committee meeting.
        record = minutes_record(past)
        assert record.approval is not None and record.approval.event_id == spring.id
        assert past.ends_at < spring.starts_at < record.approval.approved_at < spring.ends_at
        texts = db.session.scalars(
            sa.select(AgendaItem.minutes_text).where(AgendaItem.event_id == past.id)
        ).all()
        assert len(texts) == 12 and all(texts)


def test_messages_queued_before_the_announcement_migration_keep_what_their_kind_meant(empty_app):
    runner = empty_app.test_cli_runner()
    with empty_app.app_context():
        upgrade()
    assert runner.invoke(args=["planner", "demo"]).exit_code == 0
    with empty_app.app_context():
        downgrade(revision="8b7e4a3084bf")
        participation = db.session.execute(
            sa.text("SELECT id, event_id FROM participations ORDER BY id LIMIT 1")
        ).one()
        for kind in ("cancellation", "update", "reminder"):
            db.session.execute(
                sa.text(
                    "INSERT INTO outbox_messages (kind, idempotency_key, event_id,"
                    " participation_id, sequence, recipient, status, attempts, next_attempt_at,"
                    " created_at) VALUES (:kind, :kind, :event, :participation, 2,"
                    " 'a@example.org', 'pending', 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                ),
                {"kind": kind, "event": participation.event_id, "participation": participation.id},
            )
        db.session.commit()
        upgrade()
        said = db.session.execute(
            sa.text("SELECT kind, calendar_method, calendar_status FROM outbox_messages")
        ).all()
    assert sorted(tuple(row) for row in said) == [
        ("cancellation", "CANCEL", "CANCELLED"),
        ("reminder", "REQUEST", "CONFIRMED"),
        ("update", "REQUEST", "CONFIRMED"),
    ]
