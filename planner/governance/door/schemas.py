"""API shapes of the door: a scan at a desk, its answer, and the desk's search."""

from marshmallow import ValidationError, fields, validate, validates_schema

from planner.api.fields import Moment, Pattern, Schema, StrictInteger, Text
from planner.governance.door.service import Outcome
from planner.governance.models import CredentialState

#: What a desk may call its scans: a UUID, or any id of its own making of up to 64 of these.
SCAN_ID = r"^[A-Za-z0-9_-]{1,64}$"


class ScanSchema(Schema):
    """A badge's code (``token``), or a participant found by name at the desk."""

    token = fields.String(
        validate=validate.Length(min=1, max=200),
        metadata={"description": "what the badge's QR code holds"},
    )
    participant_id = StrictInteger(
        metadata={"description": "instead of a token: a participant the desk found by name"}
    )
    scan_id = fields.String(
        validate=Pattern(SCAN_ID),
        metadata={
            "description": "the desk's own id for this scan (a UUID): sent again, the scan is "
            "answered as the first time and changes nothing"
        },
    )
    scanned_at = Moment(metadata={"description": "when the desk scanned, by its clock"})

    @validates_schema
    def _one_person(self, data, **_kwargs):
        if ("token" in data) == ("participant_id" in data):
            raise ValidationError(
                "send a badge's token, or a participant_id, but not both", "token"
            )


class OrganisationAtDoorSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    native_name = fields.String(allow_none=True)


class DoorEntrySchema(Schema):
    """A participant as the desk sees them now: who, for whom, and whether in the room."""

    participant_id = fields.Integer()
    event_id = fields.Integer()
    full_name = fields.String()
    native_name = fields.String(allow_none=True)
    organisation = fields.Nested(
        OrganisationAtDoorSchema,
    )
    role = fields.String()
    status = fields.String()
    credential_state = fields.Enum(
        CredentialState,
        by_value=True,
        attribute="credential",
        allow_none=True,
        metadata={"description": "of a member's designated delegate or alternate; else null"},
    )
    present = fields.Boolean(metadata={"description": "checked in and not checked out since"})
    checked_in_at = fields.AwareDateTime(allow_none=True)
    checked_out_at = fields.AwareDateTime(allow_none=True)


class DoorAnswerSchema(DoorEntrySchema):
    """The server's answer to a scan, which replaces whatever the desk guessed."""

    outcome = fields.Enum(Outcome, by_value=True)
    first_scan = fields.Boolean(
        metadata={"description": "this scan let the participant in (admitted or with "
                  "credentials pending)"}
    )  # fmt: skip
    scan_id = fields.String(allow_none=True)
    replayed = fields.Boolean(metadata={"description": "the answer stored for this scan_id"})


class DoorSearchArgs(Schema):
    q = Text(
        200,
        required=True,
        validate=validate.Length(min=1),
        metadata={"description": "part of a name, in any script (also the organisation's)"},
    )


class DoorSearchSchema(Schema):
    items = fields.List(fields.Nested(DoorEntrySchema))
    total = fields.Integer()
