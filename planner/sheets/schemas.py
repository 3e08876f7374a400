"""API shapes of imports and exports."""

from __future__ import annotations

import marshmallow as ma
from flask_smorest.fields import Upload
from marshmallow import fields, validate

from planner.api.fields import Schema
from planner.sheets.exports import FORMATS
from planner.sheets.service import Action, Kind


class ImportFormSchema(Schema):
    """An import's form (multipart/form-data): the kind of rows and the file, or the token of
    a preview."""

    kind = fields.Enum(
        Kind,
        by_value=True,
        required=True,
        metadata={"description": "what the file's rows are: organisations or delegates"},
    )
    token = fields.String(
        validate=validate.Length(max=2000),
        metadata={
            "description": "POST /imports only: the token of a preview, to import exactly the "
            "file that was previewed (instead of sending it again)"
        },
    )
    file = Upload(
        metadata={
            "description": "a .csv (UTF-8 or UTF-16, comma or semicolon) or .xlsx file, the "
            "column names in its first row, at most 5,000 rows"
        }
    )


class RowPlanSchema(Schema):
    row = fields.Integer(metadata={"description": "the row's number in the file (headings: 1)"})
    key = fields.String(metadata={"description": "the slug or e-mail that finds the row"})
    action = fields.Enum(Action, by_value=True)
    changes = fields.List(fields.String(), metadata={"description": "the columns updated"})
    problems = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "why the row is refused, per column"},
    )


class PlanSchema(Schema):
    kind = fields.Enum(Kind, by_value=True)
    counts = fields.Dict(keys=fields.String(), values=fields.Integer())
    rows = fields.List(fields.Nested(RowPlanSchema))
    token = fields.String(
        metadata={"description": "preview only: send it to POST /imports to import this file"}
    )


class ExportQuery(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE

    format = fields.String(
        required=True, validate=validate.OneOf(list(FORMATS)), metadata={"enum": list(FORMATS)}
    )
