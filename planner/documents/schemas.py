"""API shapes of a meeting's documents: a document with the newest version in each language
(``languages``) or its whole history (``versions``); what an upload sends beside its file."""

from flask import url_for
from flask_smorest.fields import Upload
from marshmallow import fields, validate

from planner.api.fields import Language, Line, Schema, StrictInteger
from planner.documents import service
from planner.documents.models import DocumentKind, Visibility

_AGENDA_ITEM = "an agenda item of this meeting (/events/{id}/agenda); null: the meeting itself"


def _file_url(version) -> str:
    return url_for(
        "documents.version_file",
        event_id=version.document.event_id,
        document_id=version.document_id,
        version_id=version.id,
    )


class VersionSchema(Schema):
    id = fields.Integer(dump_only=True)
    language = fields.String(dump_only=True)
    number = fields.Integer(
        dump_only=True, metadata={"description": "1, 2, 3… in its language, newest highest"}
    )
    filename = fields.String(attribute="upload.filename", dump_only=True)
    size = fields.Integer(attribute="upload.size", dump_only=True)
    sha256 = fields.String(attribute="upload.sha256", dump_only=True)
    created_at = fields.AwareDateTime(dump_only=True)
    file_url = fields.Function(_file_url, dump_only=True, metadata={"description": "the PDF"})


class DocumentSchema(Schema):
    id = fields.Integer(dump_only=True)
    event_id = fields.Integer(dump_only=True)
    title = Line(300, required=True)
    kind = fields.Enum(DocumentKind, by_value=True, load_default=DocumentKind.OTHER)
    visibility = fields.Enum(
        Visibility,
        by_value=True,
        required=True,
        metadata={
            "description": "public: anyone; participants: the meeting's participants; members: "
            "its participants whose organisation is a member of the meeting's body"
        },
    )
    agenda_item_id = StrictInteger(allow_none=True, metadata={"description": _AGENDA_ITEM})
    created_at = fields.AwareDateTime(dump_only=True)
    updated_at = fields.AwareDateTime(dump_only=True)
    languages = fields.Function(
        lambda document: VersionSchema(many=True).dump(
            sorted(service.newest_versions(document).values(), key=lambda v: v.language)
        ),
        dump_only=True,
        metadata={"description": "the newest version in each language"},
    )


class DocumentHistorySchema(DocumentSchema):
    versions = fields.List(
        fields.Nested(VersionSchema),
        dump_only=True,
        metadata={"description": "every version, by language, newest first"},
    )


class DocumentUploadSchema(Schema):
    """A new document: its first version's file and what it is (multipart/form-data)."""

    file = Upload(required=True, metadata={"description": "the paper: a PDF"})
    title = Line(300, required=True)
    kind = fields.String(
        load_default=DocumentKind.OTHER.value,
        validate=validate.OneOf([k.value for k in DocumentKind]),
    )
    visibility = fields.String(
        required=True, validate=validate.OneOf([v.value for v in Visibility])
    )
    language = Language(load_default="en", metadata={"description": "the file's language"})
    agenda_item_id = fields.Integer(
        validate=validate.Range(min=1), metadata={"description": _AGENDA_ITEM}
    )


class VersionUploadSchema(Schema):
    """A new version of a document in a language (multipart/form-data)."""

    file = Upload(required=True, metadata={"description": "the paper: a PDF"})
    language = Language(load_default="en", metadata={"description": "the file's language"})


class LanguageArgs(Schema):
    lang = Language(
        metadata={"description": "the language wanted; English, else the first, without it"}
    )
