#!/usr/bin/env python3
"""One entry point for working on fivetrex from a fresh machine.

    python3 dev.py demo     # set up .venv, then run `fivetrex demo` on the embedded emulator
    python3 dev.py test     # set up .venv, then run the test suite
    python3 dev.py lint     # ruff + mypy --strict + complexity (radon: no function in src/ over C)
    python3 dev.py docs     # mkdocs build --strict
    python3 dev.py bench    # the benchmarks in bench/
    python3 dev.py generate # rewrite src/fivetrex/_generated/ from the declarations
    python3 dev.py coverage [--check]
                            # write (or check) docs/coverage.md from the declarations and
                            # Fivetran's OpenAPI spec (../shared or $FIVETREX_OPENAPI_SPEC)
    python3 dev.py integrations [airflow|airflow2|dagster] [pytest args]
                            # the Airflow 3 / Airflow 2 / Dagster tests, each in its own
                            # environment (.venv-NAME: the orchestrators stay out of .venv)

Only Python 3.10+ and a reachable package index are needed: the first run makes
`.venv/` from `uv.lock` (installing uv itself into `.cache/bootstrap/`).
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
BOOT = ROOT / ".cache" / "bootstrap"
# FIVETREX_VENV lets a second interpreter keep its own environment (CI tests 3.10 too).
VENV = ROOT / os.environ.get("FIVETREX_VENV", ".venv")
UV_VERSION = "0.13.9"
# The orchestrator extras: never in .venv. Their tests run in environments of their own,
# .venv-NAME = the project + the extra + the dependency group NAME (SUITES: NAME -> extra).
ORCHESTRATORS = ("airflow", "dagster")
SUITES = {"airflow": "airflow", "airflow2": "airflow", "dagster": "dagster"}
TESTS = ROOT / "tests" / "orchestrators"


def _bin(env: Path, name: str) -> Path:
    sub = "Scripts" if os.name == "nt" else "bin"
    suffix = ".exe" if os.name == "nt" else ""
    return env / sub / f"{name}{suffix}"


def _run(*cmd: str | Path, env: dict[str, str] | None = None) -> int:
    return subprocess.call([str(c) for c in cmd], cwd=ROOT, env=env)  # noqa: S603 - our own tools


def ensure_env(env_dir: Path = VENV, selection: tuple[str, ...] = ()) -> None:
    """Create .venv exactly as uv.lock says (idempotent and quick when up to date).

    ``selection`` replaces the default (every extra but the orchestrators', dev group).
    """
    uv = _bin(BOOT, "uv")
    if not uv.exists():
        print("dev.py: bootstrapping uv into .cache/bootstrap ...", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(BOOT)
        rc = _run(
            _bin(BOOT, "python"),
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            f"uv=={UV_VERSION}",
        )
        if rc:
            sys.exit(rc)
    if not selection:
        selection = ("--all-extras", *(a for o in ORCHESTRATORS for a in ("--no-extra", o)))
    env = dict(os.environ, UV_PROJECT_ENVIRONMENT=str(env_dir))
    rc = _run(uv, "sync", "--frozen", *selection, "--quiet", "--python", sys.executable, env=env)
    if rc:
        sys.exit(rc)


def integrations(argv: list[str]) -> int:
    """Run the orchestrator tests, each suite in its own environment (all by default)."""
    names = [a for a in argv if a in SUITES] or list(SUITES)
    rest = [a for a in argv if a not in SUITES]
    ensure_env()  # mypy comes from .venv
    for name in names:
        if name == "airflow2" and sys.version_info >= (3, 13):
            print("dev.py: Airflow 2.10 does not run on Python 3.13+: skipping airflow2")
            continue
        extra = SUITES[name]
        env_dir = ROOT / f".venv-{name}"
        ensure_env(env_dir, ("--no-default-groups", "--extra", extra, "--group", name))
        py = _bin(env_dir, "python")
        # mypy --strict on the integration, against the orchestrator's own types
        module = f"src/fivetrex/{extra}"
        module_name = f"fivetrex.{extra}"
        rc = _run(_bin(VENV, "python"), "-m", "mypy", "--python-executable", py, module)
        if name == extra:  # pyright --verifytypes (from .venv), the current orchestrator installed
            check = "tests/test_type_completeness.py"
            types = dict(os.environ, FIVETREX_TYPES_PYTHON=str(py), FIVETREX_TYPES_ONLY=module_name)
            rc = rc or _run(_bin(VENV, "python"), "-m", "pytest", "-q", check, env=types)
        env = dict(os.environ, FIVETREX_ORCHESTRATOR_TESTS=extra)
        # fivetrex's integration, and the orchestrator's third-party Fivetran client on the
        # emulator (test_airflow_provider_fivetran.py, test_dagster_fivetran.py)
        tests = sorted(str(p.relative_to(ROOT)) for p in TESTS.glob(f"test_{extra}*.py"))
        rc = rc or _run(py, "-m", "pytest", *tests, "--timeout=300", *rest, env=env)
        if rc:
            return rc
    return 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return 0
    cmd, rest = argv[0], argv[1:]
    if cmd == "integrations":
        return integrations(rest)
    ensure_env()
    py = _bin(VENV, "python")
    if cmd == "demo":
        return _run(py, "-m", "fivetrex", "demo", *rest)
    if cmd == "test":
        return _run(py, "-m", "pytest", *rest)
    if cmd == "lint":
        paths = [p for p in ("src", "tests", "bench", "scripts", "dev.py") if (ROOT / p).exists()]
        return (
            _run(py, "-m", "ruff", "check", *paths)
            or _run(py, "-m", "ruff", "format", "--check", *paths)
            or _run(py, "-m", "mypy")
            or _run(py, "scripts/complexity.py")
        )
    if cmd == "docs":
        return _run(py, "-m", "mkdocs", "build", "--strict", "--quiet", *rest)
    if cmd == "bench":
        return _run(py, "bench/run.py", *rest)
    if cmd == "generate":
        return _run(py, "scripts/generate.py", *rest)
    if cmd == "coverage":
        return _run(py, "scripts/api_coverage.py", *rest)
    if cmd == "run":
        return _run(py, *rest)
    print(f"dev.py: unknown command {cmd!r}\n{__doc__}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
