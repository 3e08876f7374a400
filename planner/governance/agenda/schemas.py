"""API shapes of the agenda. The minutes' text of an item belongs to the minutes, not here."""

from marshmallow import fields, validate

from planner.api.fields import Line, Schema, StrictInteger, Text
from planner.governance.models import AgendaItemKind

#: Items in one list that a reorder takes at most (far more than any agenda has).
MAX_ITEMS = 500


class AgendaItemRequestSchema(Schema):
    title = Line(300, required=True, required_nonblank=True)
    text = Text(allow_none=True, metadata={"description": "a short explanation of the item"})
    kind = fields.Enum(
        AgendaItemKind, by_value=True, metadata={"description": "other if not given"}
    )
    parent_id = StrictInteger(
        allow_none=True,
        metadata={"description": "a top-level item of this agenda: the new item is its sub-item"},
    )
    session_id = StrictInteger(
        allow_none=True,
        metadata={"description": "a session of this meeting's timetable where the item is taken"},
    )


class LinkedSessionSchema(Schema):
    id = fields.Integer()
    title = fields.String()
    starts_at = fields.AwareDateTime()
    ends_at = fields.AwareDateTime()


class AgendaItemSchema(Schema):
    """An item as the agenda shows it: numbered, with its session and its sub-items."""

    id = fields.Integer(attribute="item.id")
    event_id = fields.Integer(attribute="item.event_id")
    parent_id = fields.Integer(attribute="item.parent_id", allow_none=True)
    number = fields.String(metadata={"description": "3 for a top-level item, 3.2 for a sub-item"})
    position = fields.Integer(attribute="item.position")
    title = fields.String(attribute="item.title")
    text = fields.String(attribute="item.text", allow_none=True)
    kind = fields.Enum(AgendaItemKind, by_value=True, attribute="item.kind")
    session_id = fields.Integer(attribute="item.session_id", allow_none=True)
    session = fields.Nested(LinkedSessionSchema, allow_none=True)
    children = fields.List(
        fields.Nested(lambda: AgendaItemSchema()),
        metadata={"description": "the sub-items in order (none under a sub-item)"},
    )


class AgendaSchema(Schema):
    items = fields.List(fields.Nested(AgendaItemSchema))


class ReorderSchema(Schema):
    parent_id = StrictInteger(
        allow_none=True,
        load_default=None,
        metadata={"description": "the item whose sub-items these are; null for the top level"},
    )
    ids = fields.List(
        StrictInteger(),
        required=True,
        validate=validate.Length(min=1, max=MAX_ITEMS),
        metadata={"description": "every item of that list, each once, in the new order"},
    )
