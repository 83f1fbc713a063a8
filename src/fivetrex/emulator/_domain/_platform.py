"""Shared pieces of the platform areas: timings, catalog lookups, small helpers.

Time-driven changes (a transformation run finishing, a private link becoming ready, an
agent coming online) are derived from the virtual clock when the resource is read, with
the exact due time as their timestamp, so runs stay deterministic without a scheduler."""

from __future__ import annotations

import base64
import re
from datetime import timedelta
from typing import Any

from fivetrex.emulator._errors import (
    EmulatorError,
    InvalidInputError,
)
from fivetrex.emulator._json import clone as _clone
from fivetrex.emulator._platform_catalog import QUICKSTART_PACKAGES

TRANSFORMATION_RUN_SECONDS = 120.0
"""Virtual seconds a transformation run takes."""
PRIVATE_LINK_READY_SECONDS = 300.0
"""Virtual seconds a private link stays ``CREATING``/``UPDATING``."""
PRIVATE_LINK_DESTROY_SECONDS = 60.0
"""Virtual seconds a deleted private link stays ``DESTROYING`` before it disappears."""
AGENT_ONLINE_AFTER_SECONDS = 30.0
"""Virtual seconds until a new (or re-keyed) agent reports online / connected."""
SYNC_HISTORY_LIMIT = 500
"""Sync history records kept per connection (oldest dropped first)."""

_DBT_VERSION_RE = re.compile(r"^\d+\.\d+\.\d+$")
_GIT_URL_RE = re.compile(r"^(git@[\w.-]+:[\w./-]+|(https|ssh)://[\w.@:-]+/[\w./-]+)$")
_ONE_HOUR = timedelta(hours=1)
_MAX_WINDOW = timedelta(days=7)
_PACKAGES = {package["id"]: package for package in QUICKSTART_PACKAGES}
_PACKAGES_BY_NAME = {package["name"]: package for package in QUICKSTART_PACKAGES}


# -- small helpers of the platform areas ----------------------------------------------


def _clone_obj(value: dict[str, Any]) -> dict[str, Any]:
    return {k: _clone(v) for k, v in value.items()}


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _not_found(code: str, message: str) -> EmulatorError:
    return EmulatorError(message, code=code, status=404)


def _bad_request(message: str) -> InvalidInputError:
    return InvalidInputError(message, code="BadRequest")
