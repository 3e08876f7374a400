"""API shapes of the minutes: what a reader gets (plain data from ``queries``), and what the
secretariat sends."""

import marshmallow as ma
from marshmallow import fields, validate

from planner.api.fields import Schema, StrictInteger, Text
from planner.config import LANGUAGES
from planner.events.models import ParticipantRole
from planner.governance.agenda.schemas import MAX_ITEMS
from planner.governance.models import AgendaItemKind, MajorityRule, VoteMethod, VoteOutcome
from planner.members.models import SeatRole


class ItemTextSchema(Schema):
    id = StrictInteger(required=True, metadata={"description": "an agenda item of this meeting"})
    minutes_text = Text(allow_none=True, required=True, metadata={"description": "empty: none"})


class MinutesEditSchema(Schema):
    summary = Text(allow_none=True)
    items = fields.List(
        fields.Nested(ItemTextSchema),
        validate=validate.Length(max=MAX_ITEMS),
        metadata={"description": "the texts to write, by agenda item (others stay as they are)"},
    )


class ApproveSchema(Schema):
    vote_id = StrictInteger(
        required=True,
        metadata={"description": "an adopted vote of a meeting held after this one"},
    )


class MinutesPdfArgs(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE

    lang = fields.String(
        load_default=None,
        validate=validate.OneOf(LANGUAGES),
        metadata={"description": "default: the reader's language"},
    )


class NameSchema(Schema):
    latin = fields.String()
    native = fields.String(allow_none=True, metadata={"description": "in its own script"})


class AttendeeSchema(Schema):
    person = fields.Nested(NameSchema)
    role = fields.Enum(ParticipantRole, by_value=True)


class DelegationSchema(Schema):
    organisation = fields.Nested(NameSchema)
    present = fields.List(fields.Nested(AttendeeSchema))
    absent = fields.List(fields.Nested(AttendeeSchema))


class RollFiguresSchema(Schema):
    id = fields.Integer()
    frozen_at = fields.AwareDateTime()
    entitled = fields.Integer()
    present = fields.Integer()
    represented = fields.Integer()
    needed = fields.Integer()
    quorate = fields.Boolean()


class CountSchema(Schema):
    yes = fields.Integer()
    no = fields.Integer()
    abstain = fields.Integer()


class CandidateResultSchema(Schema):
    organisation = fields.Nested(NameSchema)
    person = fields.Nested(NameSchema, allow_none=True)
    votes = fields.Integer(allow_none=True, metadata={"description": "null while open"})
    elected = fields.Boolean()
    tied = fields.Boolean()


class VoteRecordSchema(Schema):
    id = fields.Integer()
    question = fields.String()
    method = fields.Enum(VoteMethod, by_value=True)
    rule = fields.Enum(MajorityRule, by_value=True)
    secret = fields.Boolean()
    opened_at = fields.AwareDateTime()
    closed_at = fields.AwareDateTime(allow_none=True)
    quorum_counted = fields.Integer(metadata={"description": "present or represented at opening"})
    quorum_needed = fields.Integer()
    quorum_override = fields.String(allow_none=True)
    outcome = fields.Enum(VoteOutcome, by_value=True, allow_none=True)
    ballots = fields.Integer()
    counts = fields.Nested(CountSchema, allow_none=True, metadata={"description": "a question's"})
    seats = fields.Integer(allow_none=True)
    seat_role = fields.Enum(SeatRole, by_value=True, allow_none=True)
    seat_body = fields.String(allow_none=True)
    candidates = fields.List(fields.Nested(CandidateResultSchema))
    decision = fields.String(allow_none=True, metadata={"description": "its decision's number"})


class ItemRecordSchema(Schema):
    id = fields.Integer()
    number = fields.String()
    title = fields.String()
    text = fields.String(allow_none=True)
    kind = fields.Enum(AgendaItemKind, by_value=True)
    minutes_text = fields.String(allow_none=True)
    votes = fields.List(fields.Nested(VoteRecordSchema))
    children = fields.List(fields.Nested(lambda: ItemRecordSchema()))


class DecisionRecordSchema(Schema):
    number = fields.String(metadata={"example": "GA/2027/04"})
    title = fields.String()
    text = fields.String()
    adopted_at = fields.AwareDateTime()
    item_number = fields.String(allow_none=True)
    vote_id = fields.Integer()


class ApprovalSchema(Schema):
    version = fields.Integer()
    approved_at = fields.AwareDateTime(allow_none=True)
    vote_id = fields.Integer()
    question = fields.String()
    event_id = fields.Integer(metadata={"description": "the meeting that approved them"})
    meeting = fields.String()
    meeting_starts_at = fields.AwareDateTime()


class MeetingSchema(Schema):
    id = fields.Integer()
    title = fields.String()
    body = fields.String(allow_none=True)
    venue = fields.String(allow_none=True)
    starts_at = fields.AwareDateTime()
    ends_at = fields.AwareDateTime()
    timezone = fields.String()


class MinutesSchema(Schema):
    meeting = fields.Nested(MeetingSchema)
    version = fields.Integer(metadata={"description": "0: a draft"})
    approval = fields.Nested(ApprovalSchema, allow_none=True)
    summary = fields.String(allow_none=True)
    attendance = fields.List(fields.Nested(DelegationSchema))
    rolls = fields.List(fields.Nested(RollFiguresSchema))
    items = fields.List(fields.Nested(ItemRecordSchema))
    decisions = fields.List(fields.Nested(DecisionRecordSchema))
