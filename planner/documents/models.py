"""Documents of a meeting, their uploaded versions, and the notices that wait for a delegate's
next "new documents" e-mail."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.db import TimestampMixin, UTCDateTime, enum_column, utcnow
from planner.events.models import Event, Participation
from planner.extensions import Model
from planner.governance.models import AgendaItem
from planner.uploads.models import Upload


class DocumentKind(enum.StrEnum):
    AGENDA = "agenda"
    REPORT = "report"
    BUDGET = "budget"
    RESOLUTION = "draft-resolution"
    PRESENTATION = "presentation"
    OTHER = "other"


class Visibility(enum.StrEnum):
    """Who may read a document: anyone, the meeting's participants, or those of its
    participants whose organisation is a member of the meeting's body."""

    PUBLIC = "public"
    PARTICIPANTS = "participants"
    MEMBERS = "members"


class Document(TimestampMixin, Model):
    """A paper of a meeting, or of one of its agenda items (the meeting's still: deleting the
    item leaves the paper with the meeting)."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    agenda_item_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("agenda_items.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(300))
    kind: Mapped[DocumentKind] = mapped_column(enum_column(DocumentKind, "document_kind"))
    visibility: Mapped[Visibility] = mapped_column(enum_column(Visibility, "document_visibility"))

    event: Mapped[Event] = relationship()
    agenda_item: Mapped[AgendaItem | None] = relationship()
    versions: Mapped[list[DocumentVersion]] = relationship(
        back_populates="document",
        order_by="(DocumentVersion.language, DocumentVersion.number.desc())",
        cascade="all, delete-orphan",
    )


class DocumentVersion(Model):
    """One upload of a document in one language. A new upload in that language is the next
    ``number``; the older ones stay, so the history can always be read."""

    __tablename__ = "document_versions"
    __table_args__ = (
        sa.UniqueConstraint("document_id", "language", "number"),
        sa.CheckConstraint("number > 0", name="number_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        sa.ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    language: Mapped[str] = mapped_column(sa.String(16))
    number: Mapped[int]
    upload_id: Mapped[int] = mapped_column(sa.ForeignKey("uploads.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    document: Mapped[Document] = relationship(back_populates="versions")
    upload: Mapped[Upload] = relationship()


class DocumentNotice(Model):
    """A document a participant may read and has not been e-mailed about yet. The digest
    gathers a delegate's notices into one e-mail (``digest_key``: that e-mail's outbox key),
    at most one an hour."""

    __tablename__ = "document_notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        sa.ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    participation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participations.id", ondelete="CASCADE"), index=True
    )
    digest_key: Mapped[str | None] = mapped_column(sa.String(200), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    document: Mapped[Document] = relationship()
    participation: Mapped[Participation] = relationship()
