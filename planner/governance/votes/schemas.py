"""API shapes of votes and ballots."""

from marshmallow import fields, validate

from planner.api.fields import Line, Schema, StrictBoolean, StrictInteger, page_schema
from planner.governance.models import Attendance, MajorityRule, VoteMethod, VoteOutcome
from planner.governance.votes.counting import ANSWERS
from planner.members.models import SeatRole


class CandidateRequestSchema(Schema):
    organisation_id = StrictInteger(required=True)
    person_id = StrictInteger(
        allow_none=True, metadata={"description": "the person it puts forward"}
    )


class VoteOpenSchema(Schema):
    agenda_item_id = StrictInteger(required=True)
    question = Line(500, required=True, required_nonblank=True)
    method = fields.Enum(VoteMethod, by_value=True, required=True)
    rule = fields.Enum(MajorityRule, by_value=True, load_default=MajorityRule.SIMPLE)
    secret = StrictBoolean(load_default=False, metadata={"description": "electronic votes only"})
    quorum_override = Line(
        500,
        allow_none=True,
        metadata={"description": "why the vote opens without quorum (refused without one)"},
    )
    seats = StrictInteger(
        validate=validate.Range(min=1, max=50), metadata={"description": "an election's seats"}
    )
    seat_role = fields.Enum(SeatRole, by_value=True)
    seat_body_id = StrictInteger(
        metadata={"description": "an election's: the body whose seats it fills"}
    )
    candidates = fields.List(
        fields.Nested(CandidateRequestSchema), validate=validate.Length(min=1, max=200)
    )


class CandidateSchema(Schema):
    id = fields.Integer()
    organisation_id = fields.Integer()
    name = fields.String(attribute="organisation.name")
    person_id = fields.Integer(allow_none=True)


class VoteSchema(Schema):
    id = fields.Integer()
    event_id = fields.Integer()
    agenda_item_id = fields.Integer()
    roll_id = fields.Integer(metadata={"description": "the frozen roll it runs against"})
    question = fields.String()
    method = fields.Enum(VoteMethod, by_value=True)
    rule = fields.Enum(MajorityRule, by_value=True)
    secret = fields.Boolean()
    seats = fields.Integer(allow_none=True)
    seat_role = fields.Enum(SeatRole, by_value=True, allow_none=True)
    seat_body_id = fields.Integer(allow_none=True)
    confirmed_at = fields.AwareDateTime(
        allow_none=True, metadata={"description": "when an election's seats were taken"}
    )
    candidates = fields.List(fields.Nested(CandidateSchema))
    quorum_counted = fields.Integer(metadata={"description": "present or represented at opening"})
    quorum_needed = fields.Integer()
    quorum_override = fields.String(allow_none=True)
    opened_at = fields.AwareDateTime()
    closed_at = fields.AwareDateTime(allow_none=True)
    entitled = fields.Integer(metadata={"description": "members who may vote"})
    ballots = fields.Integer(metadata={"description": "ballots received (hands counted)"})
    counts = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        allow_none=True,
        metadata={"description": "yes/no/abstain, or candidate:<id> and ballots; null while "
                  "an electronic vote is open (never a running result)"},
    )  # fmt: skip
    outcome = fields.Enum(VoteOutcome, by_value=True, allow_none=True)
    elected = fields.List(fields.Integer(), metadata={"description": "candidate ids"})
    tied = fields.List(
        fields.Integer(), metadata={"description": "candidate ids tied for the last seats"}
    )


VotePage = page_schema(VoteSchema)


class CountsSchema(Schema):
    yes = StrictInteger(required=True, validate=validate.Range(min=0, max=100000))
    no = StrictInteger(required=True, validate=validate.Range(min=0, max=100000))
    abstain = StrictInteger(required=True, validate=validate.Range(min=0, max=100000))


class AnswerSchema(Schema):
    organisation_id = StrictInteger(required=True, metadata={"description": "the member"})
    choice = fields.String(
        validate=validate.OneOf(ANSWERS), metadata={"description": "a question's"}
    )
    candidate_ids = fields.List(
        StrictInteger(),
        validate=validate.Length(max=200),
        metadata={"description": "an election's: up to its seats, none for a blank ballot"},
    )


class CalledSchema(Schema):
    organisation_id = fields.Integer()
    name = fields.String()
    attendance = fields.Enum(Attendance, by_value=True)
    attendee = fields.String(allow_none=True)
    held_by = fields.Integer(allow_none=True, metadata={"description": "its proxy's holder"})
    held_by_name = fields.String(allow_none=True)
    voted = fields.Boolean()
    choices = fields.List(fields.String(), metadata={"description": "empty in a secret vote"})


class CallListSchema(Schema):
    items = fields.List(fields.Nested(CalledSchema))


class HeldSchema(Schema):
    organisation_id = fields.Integer()
    name = fields.String()
    voted = fields.Boolean()


class BallotVoteSchema(Schema):
    id = fields.Integer()
    question = fields.String()
    secret = fields.Boolean()
    seats = fields.Integer(allow_none=True)
    candidates = fields.List(fields.Nested(CandidateSchema))
    members = fields.List(fields.Nested(HeldSchema), metadata={"description": "votes you hold"})


class BallotsSchema(Schema):
    event_id = fields.Integer()
    votes = fields.List(fields.Nested(BallotVoteSchema), metadata={"description": "open ones"})


class BallotSchema(Schema):
    organisation_id = fields.Integer()
    voted = fields.Boolean()
