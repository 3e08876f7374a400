"""The record of an uploaded file; its bytes live in storage under ``key``."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from planner.db import TimestampMixin
from planner.extensions import Model


class Upload(TimestampMixin, Model):
    """One uploaded file. ``key`` is the random name it is stored under (never the name it
    came with); ``content_type`` is what its bytes are, not what the sender claimed."""

    __tablename__ = "uploads"
    __table_args__ = (sa.CheckConstraint("size > 0", name="size_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    filename: Mapped[str] = mapped_column(sa.String(200))
    content_type: Mapped[str] = mapped_column(sa.String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
