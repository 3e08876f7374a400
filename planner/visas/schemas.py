"""API shapes of visa letters. Passport data goes to organisers only: viewers get the
``ForViewers`` twin, whose passport fields are always null."""

from flask import url_for
from marshmallow import fields, validate

from planner.api.fields import Line, PageArgs, Schema, page_schema, secrets_hidden
from planner.visas.models import PASSPORT_FIELDS, VisaLetterState


class VisaLetterQuery(PageArgs):
    state = fields.String(validate=validate.OneOf([state.value for state in VisaLetterState]))


class VisaLetterSchema(Schema):
    id = fields.Integer()
    participant_id = fields.Integer(attribute="participation_id")
    delegate_id = fields.Integer(attribute="participation.delegate_id")
    delegate_name = fields.String(attribute="participation.delegate.full_name")
    state = fields.Enum(VisaLetterState, by_value=True)
    number = fields.String(
        allow_none=True, metadata={"example": "VL-2027-0042", "description": "once issued"}
    )
    passport_name = fields.String(allow_none=True, metadata={"description": "as in the passport"})
    nationality = fields.String(allow_none=True, metadata={"description": "ISO 3166-1 alpha-2"})
    passport_number = fields.String(allow_none=True)
    passport_expires_on = fields.Date(allow_none=True)
    born_on = fields.Date(allow_none=True)
    erased_at = fields.AwareDateTime(
        allow_none=True, metadata={"description": "when the passport data was erased"}
    )
    consulate = fields.String(metadata={"description": "the embassy or consulate addressed"})
    in_korean = fields.Boolean(metadata={"description": "a Korean page follows the English one"})
    correction_message = fields.String(allow_none=True)
    issued_at = fields.AwareDateTime(allow_none=True)
    revoked_at = fields.AwareDateTime(allow_none=True)
    revocation_reason = fields.String(allow_none=True)
    replaces_id = fields.Integer(allow_none=True, metadata={"description": "a revoked letter"})
    letter_url = fields.Method(
        "_letter_url",
        allow_none=True,
        metadata={"type": "string", "description": "the PDF (organisers only), once issued"},
    )

    def _letter_url(self, letter) -> str | None:
        if not letter.issued:
            return None
        return url_for(
            "visa_letters.download", event_id=letter.participation.event_id, letter_id=letter.id
        )


class CorrectionSchema(Schema):
    message = Line(
        1000, required=True, metadata={"description": "what to correct; e-mailed to the delegate"}
    )


class RevocationSchema(Schema):
    reason = Line(500, allow_none=True, metadata={"description": "e-mailed to the delegate"})


VisaLetterForViewers = secrets_hidden(VisaLetterSchema, *PASSPORT_FIELDS)
VisaLetterPage = page_schema(VisaLetterSchema)
VisaLetterPageForViewers = page_schema(VisaLetterForViewers)
