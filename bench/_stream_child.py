"""Child process of the memory benchmark: stream one group's connections, report memory.

Run in a fresh interpreter per measurement so that the peak RSS belongs to this one
stream only: the peak (``VmHWM``) is reset after imports and warm-up, so the growth is
what streaming itself added. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import sys
import time


def status_kib(field: str) -> int | None:
    """A ``/proc/self/status`` memory field in KiB (``VmRSS``, ``VmHWM``), if readable."""
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def reset_peak() -> bool:
    """Reset this process's peak RSS (``VmHWM``) to its current RSS (Linux >= 4.0)."""
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
    except OSError:
        return False
    return True


def peak_rss_kib() -> int:
    """Peak RSS of this process, in KiB.

    ``VmHWM`` belongs to this process's own memory map. ``ru_maxrss`` is the fallback
    only: on Linux it also counts the parent's RSS at ``fork`` (it survives ``exec``),
    so a child of a big parent reports the parent's size.
    """
    hwm = status_kib("VmHWM")
    if hwm is not None:
        return hwm
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def release_pages() -> None:
    """What-if: ``walk_pages`` dropping each page before fetching the next one.

    As shipped, the generator still holds page N (1,000 models) while page N+1 is
    fetched and validated, so two pages are alive at the peak. This installs the
    proposed change (BENCHMARKS.md) to measure its effect; nothing else differs.
    """
    from collections.abc import Callable
    from typing import Any

    import fivetrex._operation as operation
    from fivetrex._flow import Emit
    from fivetrex.pagination import PaginationError

    def walk_pages(
        fetch: Callable[[str | None], Any],
        *,
        cursor: str | None = None,
        max_pages: int | None = None,  # the shipped signature; not capped here
    ) -> Any:
        seen: set[str] = set()
        while True:
            page = yield from fetch(cursor)
            items, nxt = page.items, page.next_cursor
            del page
            for item in items:
                yield Emit(item)
            del items  # release this page before fetching the next one
            if not nxt:
                return
            if nxt in seen or nxt == cursor:
                raise PaginationError(f"the server repeated the cursor {nxt!r}; stopping")
            seen.add(nxt)
            cursor = nxt

    operation.walk_pages = walk_pages  # type: ignore[assignment]


def main() -> int:
    """Stream, measure, print."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--api-key", required=True)
    parser.add_argument("--api-secret", required=True)
    parser.add_argument("--group-id", required=True)
    parser.add_argument("--tracemalloc", action="store_true")
    parser.add_argument(
        "--release-pages", action="store_true", help="what-if: the proposed walk_pages change"
    )
    parser.add_argument("--max-seconds", type=float, default=600.0)
    args = parser.parse_args()

    from fivetrex import Fivetrex

    if args.release_pages:
        release_pages()

    client = Fivetrex(api_key=args.api_key, api_secret=args.api_secret, base_url=args.base_url)
    # Warm up: imports, pydantic validators, the connection pool.
    client.connections.list(args.group_id, limit=1)
    gc.collect()
    if args.tracemalloc:
        import tracemalloc

        tracemalloc.start()
    peak_before = peak_rss_kib()  # imports and warm-up
    reset = reset_peak()
    rss_before = status_kib("VmRSS") or 0
    count = 0
    start = time.perf_counter()
    deadline = start + args.max_seconds
    for _connection in client.connections.stream(args.group_id, limit=1000):
        count += 1
        if count % 1000 == 0 and time.perf_counter() > deadline:
            break
    seconds = time.perf_counter() - start
    peak_after = peak_rss_kib()
    heap_peak = 0
    if args.tracemalloc:
        import tracemalloc

        heap_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    client.close()
    out = {
        "count": count,
        "seconds": seconds,
        "rss_before_kib": rss_before,
        "peak_before_kib": peak_before,
        "peak_kib": max(peak_after, peak_before),
        "growth_kib": peak_after - rss_before,
        "peak_reset": reset,
        "heap_peak_bytes": heap_peak,
    }
    sys.stdout.write(json.dumps(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
