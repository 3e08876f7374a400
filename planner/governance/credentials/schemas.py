"""API shapes of credentials. The letter itself is never in them: only whether one is in."""

from flask_smorest.fields import Upload
from marshmallow import fields, validate

from planner.api.fields import Line, Schema, StrictInteger, page_schema
from planner.governance.credentials import service
from planner.governance.models import CredentialDecision, CredentialState

_PARTICIPANT = "a participant id of this meeting (/events/{id}/participants)"


class CredentialSchema(Schema):
    id = fields.Integer(dump_only=True)
    event_id = fields.Integer(dump_only=True)
    organisation_id = StrictInteger(required=True, metadata={"description": "the voting member"})
    delegate_id = StrictInteger(
        required=True, metadata={"description": f"the designated delegate: {_PARTICIPANT}"}
    )
    alternate_id = StrictInteger(
        allow_none=True,
        metadata={
            "description": f"the alternate (votes while the delegate is absent): {_PARTICIPANT}"
        },
    )
    delegate_name = fields.Function(lambda c: c.delegate.delegate.full_name, dump_only=True)
    alternate_name = fields.Function(
        lambda c: c.alternate.delegate.full_name if c.alternate else None,
        dump_only=True,
        allow_none=True,
    )
    letter_needed = fields.Function(
        service.letter_needed,
        dump_only=True,
        metadata={"description": "false when the delegate heads the authority"},
    )
    has_letter = fields.Function(
        lambda c: c.letter_id is not None,
        dump_only=True,
        metadata={"description": "a letter is in (organisers fetch it at …/letter)"},
    )
    state = fields.Function(
        lambda c: service.state(c).value,
        dump_only=True,
        metadata={"enum": [s.value for s in CredentialState]},
    )
    decision = fields.Enum(CredentialDecision, by_value=True, dump_only=True)
    reason = fields.String(dump_only=True, allow_none=True)
    decided_at = fields.AwareDateTime(dump_only=True, allow_none=True)


class MemberCredentialsSchema(Schema):
    """A voting member of the meeting and its credentials (null: no delegate designated)."""

    organisation_id = fields.Integer(attribute="organisation.id")
    organisation_name = fields.String(attribute="organisation.name")
    organisation_native_name = fields.String(attribute="organisation.native_name", allow_none=True)
    country = fields.String(attribute="organisation.country")
    state = fields.Function(
        lambda entry: entry.state.value if entry.state else None,
        allow_none=True,
        metadata={
            "enum": [s.value for s in CredentialState],
            "description": "null until the member designates its delegate",
        },
    )
    credential = fields.Nested(CredentialSchema, allow_none=True)


class DecisionSchema(Schema):
    decision = fields.String(
        required=True,
        validate=validate.OneOf(
            [CredentialDecision.APPROVED.value, CredentialDecision.REJECTED.value]
        ),
    )
    reason = Line(
        500,
        allow_none=True,
        metadata={"description": "required when rejected; e-mailed to the delegate"},
    )


class LetterSchema(Schema):
    letter = Upload(
        required=True,
        metadata={"description": "the Delegation of Authority letter: PDF, JPEG or PNG"},
    )


MemberCredentialsPage = page_schema(MemberCredentialsSchema)
