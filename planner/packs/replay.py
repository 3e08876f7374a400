"""Pages every pack of a meeting shares, laid out once per process and drawn again in the next.

The programme, the venue page and the participant list are the same in every pack of a
meeting in one language on one paper size; only the pages around them are personal. Laying
them out (wrapping and shaping hundreds of names, splitting tables over pages) is most of the
work of a pack, so the first pack notes where each of their flowables was drawn and the next
ones draw the same flowables at the same places, on pages whose header and footer are their
own. The PDF is the same as a fresh build (tested page by page).

Flowables keep their layout once wrapped and are drawn on any canvas: fonts are subset per
document when text is drawn, not when it is wrapped. They do note the canvas they draw on, so
the layouts are kept per thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from reportlab.platypus import ActionFlowable, Flowable, PageBreak

from planner.caching import LruCache

Placement = tuple[Flowable, float, float, float]  # the flowable, x, y and its frame's spare width

_layouts = threading.local()


@dataclass
class SharedPages:
    """Where each flowable of the shared pages landed, page by page."""

    pages: dict[int, list[Placement]] = field(default_factory=dict)

    def note(self, page: int, placement: Placement) -> None:
        self.pages.setdefault(page, []).append(placement)

    def story(self) -> list[Flowable]:
        """The shared pages again, each drawn whole and followed by a page break."""
        story: list[Flowable] = []
        for number in sorted(self.pages):
            story += [_Page(self.pages[number]), PageBreak()]
        return story[:-1]


class _Noting:
    """Stands for a flowable of the shared pages in the first build and notes where it is
    drawn; everything else (splitting, spacing, keep-with-next) is the flowable's own."""

    def __init__(self, flowable: Flowable, shared: SharedPages):
        self._flowable = flowable
        self._shared = shared

    def __getattr__(self, name: str):
        return getattr(self._flowable, name)

    def getKeepWithNext(self):  # ReportLab names these
        # The document clears keep-with-next on this stand-in once it has grouped it.
        if "keepWithNext" in self.__dict__:
            return self.__dict__["keepWithNext"]
        return self._flowable.getKeepWithNext()

    def wrap(self, available_width: float, available_height: float):
        canvas = self.__dict__.get("canv")
        return self._flowable.wrapOn(canvas, available_width, available_height)

    def wrapOn(self, canvas, available_width: float, available_height: float):
        return self._flowable.wrapOn(canvas, available_width, available_height)

    def split(self, available_width: float, available_height: float):
        canvas = self.__dict__.get("canv")
        parts = self._flowable.splitOn(canvas, available_width, available_height)
        return noting(parts, self._shared)

    def splitOn(self, canvas, available_width: float, available_height: float):
        return noting(
            self._flowable.splitOn(canvas, available_width, available_height), self._shared
        )

    def drawOn(self, canvas, x: float, y: float, _sW: float = 0) -> None:
        self._shared.note(canvas.getPageNumber(), (self._flowable, x, y, _sW))
        self._flowable.drawOn(canvas, x, y, _sW)


class _Page(Flowable):
    """One shared page: its flowables drawn where the first build drew them."""

    def __init__(self, placements: list[Placement]):
        super().__init__()
        self._placements = placements

    def wrap(self, available_width: float, available_height: float):
        return available_width, 0

    def drawOn(self, canvas, x: float, y: float, _sW: float = 0) -> None:
        for flowable, at_x, at_y, spare in self._placements:
            flowable.drawOn(canvas, at_x, at_y, spare)


def noting(story: Iterable[Flowable], shared: SharedPages) -> list:
    """The story with its content flowables standing in for themselves (page breaks and
    template changes stay as they are: the document acts on them by type)."""
    return [f if isinstance(f, (ActionFlowable, PageBreak)) else _Noting(f, shared) for f in story]


def shared_pages(
    key: tuple, lay_out: Callable[[], list[Flowable]]
) -> tuple[list, SharedPages | None]:
    """The story of the shared pages for ``key`` and, on their first layout in this thread, the
    record to keep (with `keep`) once the document is built."""
    layouts = getattr(_layouts, "cache", None)
    if layouts is None:
        layouts = _layouts.cache = LruCache(max_entries=2, max_age=3600)
    found = layouts.get(key)
    if found is not None:
        return found.story(), None
    shared = SharedPages()
    return noting(lay_out(), shared), shared


def keep(key: tuple, shared: SharedPages) -> None:
    _layouts.cache.put(key, shared)


def forget() -> None:
    """Drop this thread's layouts: the next pack of every meeting is laid out whole."""
    _layouts.cache = None
