"""Cursor pagination: the ``Page`` model and the seed's generic :func:`paginate` helper.

Fivetran lists answer ``{"items": [...], "next_cursor": "..."}``; a missing, null
or empty ``next_cursor`` means the last page. Every ``stream()`` method of the
clients walks pages with the same code as :func:`paginate`: lazily (page N+1 is
fetched only when page N is used up), stopping at the last page, and raising
:class:`PaginationError` if the server hands back a cursor it already gave.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from ._flow import AsyncDriver, Call, Emit, Flow, ItemFlow, SyncDriver
from .errors import FivetrexError, InvalidArgumentError

if TYPE_CHECKING:
    from .models._base import Page

__all__ = ["Page", "PaginationError", "apaginate", "paginate", "walk_pages"]

T = TypeVar("T")

MAX_LIMIT = 1000


class PaginationError(FivetrexError):
    """The server broke the pagination contract (e.g. it repeated a cursor)."""


def check_limit(limit: int | None) -> None:
    """Raise ``ValueError`` unless ``limit`` is ``None`` or an int in 1..1000."""
    if limit is None:
        return
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise InvalidArgumentError(f"limit must be an integer from 1 to {MAX_LIMIT}, got {limit!r}")


def walk_pages(
    fetch: Callable[[str | None], Flow[Page[Any]]], *, cursor: str | None = None
) -> ItemFlow:
    """Emit every item of every page, fetching each page only when the last is used up."""
    seen: set[str] = set()
    while True:
        page = yield from fetch(cursor)
        items, nxt = page.items, page.next_cursor
        del page
        for item in items:
            yield Emit(item)
        del items  # hold no page while the next one is fetched
        if not nxt:
            return
        if nxt in seen or nxt == cursor:
            raise PaginationError(f"the server repeated the cursor {nxt!r}; stopping")
        seen.add(nxt)
        cursor = nxt


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
    driver = SyncDriver(None, sleep=lambda _s: None, clock=lambda: 0.0)
    return driver.iterate(walk_pages(_user_fetch(fetch_page)))


def apaginate(fetch_page: Callable[[str | None], Awaitable[Page[T]]]) -> AsyncIterator[T]:
    """The async twin of :func:`paginate`: ``fetch_page`` is a coroutine function."""
    driver = AsyncDriver(None, sleep=lambda _s: None, clock=lambda: 0.0)
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
