#!/usr/bin/env python3
"""Run the fivetrex benchmarks (``python3 dev.py bench`` runs this file).

    python3 dev.py bench                    # everything (several minutes: see BENCHMARKS.md)
    python3 dev.py bench --quick            # small sizes, few repetitions: a smoke run
    python3 dev.py bench --only overhead    # one benchmark (repeat --only, or NAME,NAME)
    python3 dev.py bench --json out.json    # also write the results as JSON
    python3 dev.py bench --markdown         # also print the results as Markdown tables

Each benchmark measures a baseline in the same run (interleaved with its subject),
prints medians, the ratio and PASS/FAIL against its target. Servers listen on
127.0.0.1 only; every request loop is bounded in count and in time.

Exit status: 0 when every benchmark ran (whatever its verdict), 1 when one crashed;
with ``--strict`` also 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import chaos, cli_startup, fanout, imports, memory, overhead, server  # noqa: E402
from bench._common import Result, machine_info  # noqa: E402

#: In the order of the issues: the emulator's (A), then the syncs issue's 1-5.
BENCHMARKS: dict[str, ModuleType] = {
    m.NAME: m for m in (server, overhead, memory, fanout, chaos, imports, cli_startup)
}


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(
        prog="bench/run.py",
        description="Run the fivetrex benchmarks.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="benchmarks: " + ", ".join(BENCHMARKS),
    )
    parser.add_argument("--quick", action="store_true", help="small sizes, few repetitions")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="NAME",
        help="run only these benchmarks (repeatable, or comma-separated)",
    )
    parser.add_argument("--reps", type=int, default=None, help="override repetitions")
    parser.add_argument("--json", type=Path, default=None, help="write results to this file")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables too")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target fails")
    args = parser.parse_args(argv)
    names = [n.strip() for item in args.only for n in item.split(",") if n.strip()]
    unknown = sorted(set(names) - set(BENCHMARKS))
    if unknown:
        parser.error(
            f"unknown benchmark(s) {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}"
        )
    args.names = names or list(BENCHMARKS)
    return args


def markdown(result: Result) -> str:
    """One benchmark as a Markdown table."""
    lines = [
        f"### {result.name}: {result.title}",
        "",
        "| measurement | median | noise (max-min)/median | n |",
        "|---|---:|---:|---:|",
    ]
    for m in result.metrics:
        noise = f"{m.spread * 100:.0f}%" if m.spread is not None and m.samples > 1 else "-"
        value = m.shown().split("  (")[0]
        lines.append(f"| {m.name} | {value} | {noise} | {m.samples} |")
    if result.ratio is not None:
        lines.append(f"| **ratio {result.ratio_label}** | **{result.ratio:.2f}x** | | |")
    lines.append(
        f"| **target** | {result.target or 'none (informational)'} | **{result.verdict}** | |"
    )
    lines.append("")
    lines += [f"- {note}" for note in result.notes]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the chosen benchmarks; return the exit status."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    info = machine_info()
    mode = "quick" if args.quick else "full"
    print(
        f"fivetrex benchmarks ({mode}) - {info['date']} - {info['cpus']} CPUs ({info['cpu']}) - "
        f"Python {info['python']} - httpx {info['httpx']} - pydantic {info['pydantic']} - "
        f"commit {info['commit']} - load average {info['load']:.2f}",
        flush=True,
    )
    results: list[Result] = []
    crashed: list[str] = []
    started = time.perf_counter()
    for name in args.names:
        print(f"\n-- running {name} ...", flush=True)
        try:
            result = BENCHMARKS[name].run(quick=args.quick, reps=args.reps)
        except Exception:
            traceback.print_exc()
            crashed.append(name)
            continue
        results.append(result)
        print(result.render(), flush=True)

    print(f"\n== summary ({time.perf_counter() - started:.0f}s)")
    for result in results:
        ratio = f"{result.ratio:.2f}x" if result.ratio is not None else "-"
        print(f"   {result.verdict:<5} {result.name:<9} ratio {ratio:<8} {result.target or ''}")
    for name in crashed:
        print(f"   ERROR {name}")
    if args.markdown:
        print()
        for result in results:
            print(markdown(result) + "\n")
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(
                {"machine": info, "mode": mode, "results": [r.to_dict() for r in results]},
                indent=2,
            )
        )
    if crashed:
        return 1
    if args.strict and any(r.passed is False for r in results):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
