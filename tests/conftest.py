"""Shared test configuration."""

from __future__ import annotations

import os

import pytest


def pytest_sessionstart(session: pytest.Session) -> None:
    """In CI (``CI=true``) the OpenAPI spec must be there: its tests never silently skip.

    On someone's fresh clone without ``../shared`` the spec's tests skip with "OpenAPI
    spec not found"; in CI that would hide hundreds of checks, so the run stops at once.
    """
    if os.environ.get("CI", "").lower() not in ("true", "1"):
        return
    from _support import load_script

    coverage = load_script("api_coverage")
    if coverage.find_spec() is None:
        where = os.environ.get(coverage.SPEC_ENV) or "../shared/fivetran-openapi.json"
        raise pytest.UsageError(
            f"CI=true and the OpenAPI spec is missing ({where}): the spec's tests would be "
            f"skipped; provide it (or set ${coverage.SPEC_ENV})"
        )


@pytest.fixture
def anyio_backend() -> str:
    """Run ``@pytest.mark.anyio`` tests on asyncio only."""
    return "asyncio"


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    """Run a test once with ``Fivetrex`` and once with ``AsyncFivetrex``."""
    return str(request.param)
