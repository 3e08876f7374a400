"""API shapes of pack options and bulk pack jobs."""

from marshmallow import fields, validate

from planner.api.fields import Schema
from planner.config import LANGUAGES
from planner.packs.service import PAPERS


class PaperArgs(Schema):
    paper = fields.String(load_default="a4", validate=validate.OneOf(PAPERS))


class PackArgs(PaperArgs):
    lang = fields.String(
        load_default=None,
        metadata={
            "enum": list(LANGUAGES),
            "description": "default: the delegate's own (packs), en (badges)",
        },
    )


class ProgressSchema(Schema):
    done = fields.Integer(metadata={"description": "packs made or failed so far"})
    total = fields.Integer()
    failed = fields.Integer()


class FailureSchema(Schema):
    participant_id = fields.Integer()
    error = fields.String()


class JobResultSchema(Schema):
    zip = fields.String(metadata={"description": "every personal pack, one PDF each"})
    print_pdf = fields.String(metadata={"description": "all packs in one PDF, in badge order"})
    badges = fields.String(metadata={"description": "the badge sheet"})


class JobSchema(Schema):
    id = fields.String()
    event_id = fields.Integer()
    state = fields.String(
        metadata={
            "description": "queued, running, done, failed, or expired (done or failed, and its "
            "files deleted after the retention period)"
        }
    )
    progress = fields.Nested(ProgressSchema)
    failures = fields.List(fields.Nested(FailureSchema))
    error = fields.String(allow_none=True)
    result = fields.Nested(JobResultSchema, allow_none=True)
