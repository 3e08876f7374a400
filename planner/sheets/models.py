"""A previewed spreadsheet waiting for the organiser's confirmation."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from planner.db import UTCDateTime, utcnow
from planner.extensions import Model


class StagedSheet(Model):
    """The bytes of a previewed file, kept in the database rather than the file storage: the
    import that reads them deletes them in its own transaction (a file is imported once, on
    whichever host), and a preview never confirmed is forgotten after an hour by one DELETE."""

    __tablename__ = "staged_sheets"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
