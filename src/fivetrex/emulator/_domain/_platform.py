"""Shared pieces of the platform areas: timings, uploads and downloads, body checks.

Time-driven changes (a transformation run finishing, a private link becoming ready, an
agent coming online) are derived from the virtual clock when the resource is read, with
the exact due time as their timestamp, so runs stay deterministic without a scheduler."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable
from dataclasses import dataclass
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

_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_TIME_OF_DAY_RE = re.compile(r"^([01][0-9]|2[0-3]):(00|30)$")
_DBT_VERSION_RE = re.compile(r"^\d+\.\d+\.\d+$")
_GIT_URL_RE = re.compile(r"^(git@[\w.-]+:[\w./-]+|(https|ssh)://[\w.@:-]+/[\w./-]+)$")
_ENV_VAR_RE = re.compile(r"^DBT_[A-Z0-9_.-]+=.*$")
_WEEKDAYS = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")
_SCHEDULE_TYPES = frozenset({"INTEGRATED", "TIME_OF_DAY", "INTERVAL", "CRON"})
_ENTITY_TYPES = frozenset({"source", "destination", "all"})
_ONE_HOUR = timedelta(hours=1)
_MAX_WINDOW = timedelta(days=7)
_PACKAGES = {package["id"]: package for package in QUICKSTART_PACKAGES}
_PACKAGES_BY_NAME = {package["name"]: package for package in QUICKSTART_PACKAGES}


# -- request payloads that are not JSON ----------------------------------------------------


@dataclass(frozen=True)
class Upload:
    """The raw body of a ``multipart/form-data`` operation (parsed by the domain)."""

    content_type: str
    data: bytes


@dataclass(frozen=True)
class RawBody:
    """A non-JSON response body (a file download)."""

    body: bytes
    media_type: str = "application/octet-stream"


def parse_multipart(content_type: str, data: bytes) -> dict[str, tuple[str | None, bytes]]:
    """Split a ``multipart/form-data`` body into ``{name: (filename, content)}``.

    Raises:
        InvalidInputError: Not multipart, no boundary, or a malformed part.
    """
    media, _, params = content_type.partition(";")
    if media.strip().lower() != "multipart/form-data":
        raise InvalidInputError(
            "The request must be multipart/form-data with a 'file' part (the package ZIP)"
        )
    match = re.search(r'boundary="?([^";]+)"?', params)
    if match is None:
        raise InvalidInputError("The multipart/form-data Content-Type has no boundary")
    delimiter = b"--" + match.group(1).encode("latin-1")
    parts: dict[str, tuple[str | None, bytes]] = {}
    chunks = data.split(delimiter)
    for chunk in chunks[1:]:
        if chunk.startswith(b"--"):
            break
        chunk = chunk.removeprefix(b"\r\n")
        head, sep, content = chunk.partition(b"\r\n\r\n")
        if not sep:
            raise InvalidInputError("Malformed multipart/form-data part")
        headers = head.decode("latin-1")
        name = re.search(r'(?<![a-z])name="([^"]*)"', headers)
        filename = re.search(r'filename="([^"]*)"', headers)
        if name is None:
            raise InvalidInputError("A multipart/form-data part has no name")
        parts[name.group(1)] = (
            filename.group(1) if filename else None,
            content.removesuffix(b"\r\n"),
        )
    return parts


# -- small validation helpers (the core's are private to _domain) -------------------------


def _obj(body: Any, what: str = "request body", *, code: str = "InvalidInput") -> dict[str, Any]:
    if not isinstance(body, dict):
        raise InvalidInputError(f"The {what} must be a JSON object", code=code)
    return body


def _opt_bool(body: dict[str, Any], key: str, default: bool | None = None) -> bool | None:
    value = body.get(key)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise InvalidInputError(f"Field '{key}' must be a boolean")
    return value


def _opt_str(body: dict[str, Any], key: str) -> str | None:
    value = body.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInputError(f"Field '{key}' must be a string")
    return value


def _req_str(body: dict[str, Any], key: str, *, code: str = "InvalidInput") -> str:
    value = body.get(key)
    if not isinstance(value, str) or not value:
        raise InvalidInputError(f"Field '{key}' is required", code=code)
    return value


def _enum(value: Any, field: str, allowed: Iterable[str], message: str | None = None) -> str:
    options = sorted(allowed)
    if not isinstance(value, str) or value not in options:
        raise InvalidInputError(
            message or f"Invalid value '{value}' for field '{field}'. Allowed: {', '.join(options)}"
        )
    return value


def _clone_obj(value: dict[str, Any]) -> dict[str, Any]:
    return {k: _clone(v) for k, v in value.items()}


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _not_found(code: str, message: str) -> EmulatorError:
    return EmulatorError(message, code=code, status=404)


def _bad_request(message: str) -> InvalidInputError:
    return InvalidInputError(message, code="BadRequest")
