"""Child process of the fan-out benchmark: keep-alive GETs from several threads.

Measures what the *server* can do with many concurrent requests, free of the
measuring process's GIL: the parent runs several of these at once. Every thread
starts at the same wall-clock instant (``--start-at``), sends ``--count`` GETs over
its own keep-alive ``httpx.Client`` (bounded by ``--max-seconds`` too), and the
child prints one JSON line with the instant its last thread finished.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time

import httpx


def main() -> int:
    """Load, print."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", action="append", required=True, help="URLs, used in turn")
    parser.add_argument("--auth", required=True)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--count", type=int, default=100, help="requests per thread")
    parser.add_argument("--start-at", type=float, required=True, help="time.time() to start")
    parser.add_argument("--max-seconds", type=float, default=60.0)
    args = parser.parse_args()
    headers = {"Authorization": args.auth, "Accept": "application/json;version=2"}
    done = [0] * args.threads
    failures: list[str] = []

    def worker(slot: int) -> None:
        with httpx.Client(timeout=30.0) as http:
            http.get(args.url[0], headers=headers)  # open the connection before the start
            time.sleep(max(0.0, args.start_at - time.time()))
            deadline = time.monotonic() + args.max_seconds
            while done[slot] < args.count and time.monotonic() < deadline:
                url = args.url[(slot + done[slot]) % len(args.url)]
                response = http.get(url, headers=headers)
                if response.status_code != 200:
                    failures.append(str(response.status_code))
                done[slot] += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(args.threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    out = {"requests": sum(done), "finished_at": time.time(), "failures": failures[:5]}
    sys.stdout.write(json.dumps(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
