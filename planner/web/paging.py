"""Long lists in pages: a congress's 2,000 participants or a network's 1,300 members are read a
page at a time (a page of everything would be megabytes of HTML that no one scrolls). The page
number comes from ``?page=``; a number past the end shows the last page, one that is not a
number the first."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import sqlalchemy as sa
from flask import current_app, request

from planner.extensions import db

#: Rows of a page (``LIST_PAGE_SIZE`` in the configuration).
PAGE_SIZE = 200
#: A page number as a URL may give it (ASCII digits: "²" is a digit to str.isdigit).
_NUMBER = re.compile(r"[1-9][0-9]{0,5}")

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: Sequence[T]
    number: int  # from 1
    size: int
    total: int

    @property
    def count(self) -> int:
        """How many pages there are (one, if the list is empty)."""
        return _pages(self.total, self.size)

    @property
    def first(self) -> int:
        """The place in the whole list of this page's first row (from 1; 0 when empty)."""
        return (self.number - 1) * self.size + 1 if self.total else 0

    @property
    def last(self) -> int:
        return min(self.number * self.size, self.total)


def requested_page() -> int:
    """The ``page`` of the query string, from 1."""
    number = request.args.get("page", "")
    return int(number) if _NUMBER.fullmatch(number) else 1


def page_of(rows: Sequence[T], number: int) -> Page[T]:
    """Page ``number`` of ``rows`` (the last page for a number past the end), for a list that
    is sorted in Python."""
    size = _size()
    number = _within(number, len(rows), size)
    start = (number - 1) * size
    return Page(rows[start : start + size], number, size, len(rows))


def page_of_query(statement: sa.Select, number: int) -> Page:
    """Page ``number`` of what ``statement`` selects, read with LIMIT and OFFSET (and a count)."""
    size = _size()
    counted = sa.select(sa.func.count()).select_from(statement.order_by(None).subquery())
    total = db.session.scalar(counted) or 0
    number = _within(number, total, size)
    rows = db.session.scalars(statement.limit(size).offset((number - 1) * size)).all()
    return Page(rows, number, size, total)


def _size() -> int:
    return current_app.config.get("LIST_PAGE_SIZE", PAGE_SIZE)


def _within(number: int, total: int, size: int) -> int:
    return min(max(number, 1), _pages(total, size))


def _pages(total: int, size: int) -> int:
    return max(1, -(-total // size))
