"""API shapes of quorum."""

from marshmallow import fields

from planner.api.fields import Schema


class QuorumSchema(Schema):
    rule = fields.String(metadata={"description": "majority, two-thirds or one-third"})
    voting_seats = fields.Integer(
        metadata={"description": "voting members of the meeting's body (its voting rule)"}
    )
    needed = fields.Integer(metadata={"description": "voting members present for a quorum"})
    expected = fields.Integer(metadata={"description": "voting members who accepted"})
    possible = fields.Integer(metadata={"description": "with those who answered tentative"})
    reached = fields.Boolean(metadata={"description": "forecast: expected >= needed"})
    present = fields.Integer(
        metadata={"description": "voting members in the room: delegate or alternate checked in"}
    )
    represented = fields.Integer(
        metadata={"description": "absent voting members whose proxy holder is present"}
    )
    counted = fields.Integer(metadata={"description": "present + represented"})
    quorate = fields.Boolean(metadata={"description": "now: counted >= needed"})
    letters_missing = fields.Integer(
        metadata={
            "description": "credentials still waiting for their Delegation of Authority letter"
        }
    )
