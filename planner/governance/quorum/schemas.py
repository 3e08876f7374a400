"""API shapes of quorum."""

from marshmallow import fields

from planner.api.fields import Schema


class QuorumSchema(Schema):
    rule = fields.String(metadata={"description": "majority, two-thirds or one-third"})
    voting_seats = fields.Integer(metadata={"description": "voting seats of the meeting's body"})
    needed = fields.Integer(metadata={"description": "voting members present for a quorum"})
    expected = fields.Integer(metadata={"description": "voting members who accepted"})
    possible = fields.Integer(metadata={"description": "with those who answered tentative"})
    reached = fields.Boolean(metadata={"description": "expected >= needed"})
    letters_missing = fields.Integer(
        metadata={
            "description": "credentials still waiting for their Delegation of Authority letter"
        }
    )
