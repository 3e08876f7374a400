"""API shapes of the decisions register."""

from flask import url_for
from marshmallow import fields, validate

from planner.api.fields import PageArgs, Schema, Text, page_schema
from planner.validation import MAX_INTEGER


class DecisionQuery(PageArgs):
    q = Text(200, metadata={"description": "a number (GA/2027/04), or part of a title or text"})
    body = fields.String(
        validate=validate.Regexp(r"^[A-Za-z]{1,10}$"),
        metadata={"description": "the body's initials, as numbers carry them (GA, EC)"},
    )
    year = fields.Integer(validate=validate.Range(min=1900, max=MAX_INTEGER))


class RegisteredDecisionSchema(Schema):
    id = fields.Integer()
    number = fields.String(metadata={"example": "GA/2027/04"})
    title = fields.String()
    text = fields.String()
    adopted_at = fields.AwareDateTime()
    event_id = fields.Integer()
    event_title = fields.String(attribute="event.title")
    vote_id = fields.Integer(metadata={"description": "the vote that adopted it"})
    minutes_url = fields.Method(
        "_minutes_url",
        dump_only=True,
        metadata={"type": "string", "description": "the minutes of the meeting that adopted it"},
    )

    def _minutes_url(self, decision) -> str:
        return url_for("minutes.get_minutes", event_id=decision.event_id)


RegisteredDecisionPage = page_schema(RegisteredDecisionSchema)
