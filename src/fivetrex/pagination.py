"""Cursor pagination: the ``Page`` model and the seed's generic :func:`paginate` helper.

Fivetran lists answer ``{"items": [...], "next_cursor": "..."}``; a missing, null
or empty ``next_cursor`` means the last page. Every ``stream()`` method of the
clients walks pages with the same code as :func:`paginate`: lazily (page N+1 is
fetched only when page N is used up), stopping at the last page. A walk always ends:

* a cursor the walk already used (an immediate repeat or a cycle ``A -> B -> A``)
  raises :class:`PaginationError`;
* :data:`MAX_EMPTY_PAGES` empty pages in a row that still point to a next page raise
  :class:`PaginationError` (a server handing out fresh cursors forever);
* ``stream(max_pages=N)`` stops after N pages, whatever the server says.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from ._flow import AsyncioDriver, BlockingDriver, Call, Emit, Flow, ItemFlow
from .errors import FivetrexError, InvalidArgumentError

if TYPE_CHECKING:
    from .models._base import Page

__all__ = [
    "MAX_EMPTY_PAGES",
    "CursorGuard",
    "Page",
    "PaginationError",
    "apaginate",
    "paginate",
    "walk_pages",
]

T = TypeVar("T")

MAX_LIMIT = 1000
#: Empty pages in a row, each with a next cursor, after which a walk gives up. Fivetran
#: never sends an empty page before the last one; ten is far beyond any transient oddity.
MAX_EMPTY_PAGES = 10


class PaginationError(FivetrexError):
    """The server broke the pagination contract (e.g. it repeated a cursor)."""


def check_limit(limit: int | None) -> None:
    """Raise ``ValueError`` unless ``limit`` is ``None`` or an int in 1..1000."""
    if limit is None:
        return
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise InvalidArgumentError(f"limit must be an integer from 1 to {MAX_LIMIT}, got {limit!r}")


class CursorGuard:
    """Decides whether a walk goes on to ``next_cursor``; raises when it never would end.

    One guard per walk: feed it each page's item count and next cursor with
    :meth:`advance`, which returns the cursor to fetch next, or ``None`` at the end.
    """

    def __init__(self, start: str | None = None, *, max_pages: int | None = None) -> None:
        if max_pages is not None and (
            isinstance(max_pages, bool) or not isinstance(max_pages, int) or max_pages < 1
        ):
            raise InvalidArgumentError(f"max_pages must be an integer >= 1, got {max_pages!r}")
        self.seen: set[str] = {start} if start else set()
        self.pages: int = 0
        self.empty_run: int = 0
        self.max_pages = max_pages

    def advance(self, count: int, nxt: str | None) -> str | None:
        """The cursor of the next page to fetch, or ``None`` when the walk is done."""
        self.pages += 1
        if not nxt:  # missing, null or "": the last page
            return None
        if not isinstance(nxt, str):
            raise PaginationError(f"the server sent a cursor that is not a string: {nxt!r}")
        if self.max_pages is not None and self.pages >= self.max_pages:
            return None
        if nxt in self.seen:
            raise PaginationError(f"the server repeated the cursor {nxt!r}; stopping")
        self.empty_run = self.empty_run + 1 if count == 0 else 0
        if self.empty_run >= MAX_EMPTY_PAGES:
            raise PaginationError(
                f"{self.empty_run} empty pages in a row, each pointing to another; stopping"
            )
        self.seen.add(nxt)
        return nxt


def walk_pages(
    fetch: Callable[[str | None], Flow[Page[Any]]],
    *,
    cursor: str | None = None,
    max_pages: int | None = None,
) -> ItemFlow:
    """Emit every item of every page, fetching each page only when the last is used up."""
    guard = CursorGuard(cursor, max_pages=max_pages)
    while True:
        page = yield from fetch(cursor)
        items, nxt = page.items, page.next_cursor
        del page
        for item in items:
            yield Emit(item)
        count = len(items)
        del items  # hold no page while the next one is fetched
        following = guard.advance(count, nxt)
        if following is None:
            return
        cursor = following


def _user_fetch(fetch_page: Callable[[str | None], Any]) -> Callable[[str | None], Flow[Page[Any]]]:
    def fetch(cursor: str | None) -> Flow[Page[Any]]:
        page = yield Call(fetch_page, (cursor,))
        if isinstance(page, dict):
            from .models._base import Page

            page = Page[Any].model_validate(page)
        return page  # type: ignore[no-any-return]

    return fetch


def paginate(fetch_page: Callable[[str | None], Page[T]]) -> Iterator[T]:
    """Lazily iterate every item of a cursor-paginated list.

    Args:
        fetch_page: A function of the cursor (``None`` for the first page) returning a
            :class:`Page` (or a ``{"items": ..., "next_cursor": ...}`` dict).

    Example:
        >>> pages = {None: Page(items=[1, 2], next_cursor="b"), "b": Page(items=[3])}
        >>> list(paginate(lambda cursor: pages[cursor]))
        [1, 2, 3]
    """
    driver = BlockingDriver(None, sleep=lambda _s: None, clock=lambda: 0.0)
    return driver.iterate(walk_pages(_user_fetch(fetch_page)))


def apaginate(fetch_page: Callable[[str | None], Awaitable[Page[T]]]) -> AsyncIterator[T]:
    """The async twin of :func:`paginate`: ``fetch_page`` is a coroutine function."""
    driver = AsyncioDriver(None, sleep=lambda _s: None, clock=lambda: 0.0)
    return driver.iterate(walk_pages(_user_fetch(fetch_page)))


def __getattr__(name: str) -> Any:
    # ``Page`` (a pydantic model) loads on first use: ``import fivetrex`` stays light
    if name == "Page":
        from .models._base import Page

        globals()["Page"] = Page
        return Page
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), "Page"})
