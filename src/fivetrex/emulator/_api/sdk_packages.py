"""Connector SDK packages over HTTP: ``multipart/form-data`` uploads, file downloads and the
route table (domain: :mod:`fivetrex.emulator._domain.sdk_packages`).

These are the API's only operations whose bodies are not JSON. ``_app`` hands the body of
an operation in :data:`UPLOAD_OPERATIONS` to its route as an :class:`Upload` (skipping the
JSON decoding and validation), and sends a :class:`RawBody` a route returns as it is.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from fivetrex.emulator._api._common import paged, param
from fivetrex.emulator._domain import Backend
from fivetrex.emulator._errors import InvalidInputError
from fivetrex.emulator._routes import Call, Route

__all__ = [
    "SDK_PACKAGE_ROUTES",
    "UPLOAD_OPERATIONS",
    "RawBody",
    "Upload",
    "package_file",
    "parse_multipart",
]

_PKG = "/v1/connector-sdk/packages"

UPLOAD_OPERATIONS = frozenset({("POST", _PKG), ("PATCH", _PKG + "/{package_id}")})
"""``(method, template)`` of operations whose body is multipart/form-data."""

_NOT_MULTIPART = "The request must be multipart/form-data with a 'file' part (the package ZIP)"


@dataclass(frozen=True)
class Upload:
    """The raw body of a ``multipart/form-data`` operation (parsed by its route)."""

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
        raise InvalidInputError(_NOT_MULTIPART)
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


def package_file(body: Any) -> bytes:
    """The package ZIP of an upload: its ``file`` part, which must be a ZIP archive."""
    if not isinstance(body, Upload):
        raise InvalidInputError(_NOT_MULTIPART)
    parts = parse_multipart(body.content_type, body.data)
    if "file" not in parts:
        raise InvalidInputError("The multipart 'file' part is required")
    content = parts["file"][1]
    if not content or not zipfile.is_zipfile(io.BytesIO(content)):
        raise InvalidInputError("Invalid package file: a ZIP archive is expected")
    return content


def _update(b: Backend, c: Call) -> Any:
    return b.update_sdk_package(param(c, "package_id"), package_file(c.body))


def _download(b: Backend, c: Call) -> RawBody:
    return RawBody(b.download_sdk_package(param(c, "package_id")), "application/octet-stream")


SDK_PACKAGE_ROUTES: tuple[Route, ...] = (
    Route("GET", _PKG, paged(lambda b, c, cur, lim: b.list_sdk_packages(cur, lim)),
          message="Connector SDK packages retrieved successfully"),
    Route("POST", _PKG, lambda b, c: b.create_sdk_package(package_file(c.body)), 201,
          "Package created successfully"),
    Route("GET", _PKG + "/{package_id}", lambda b, c: b.get_sdk_package(param(c, "package_id")),
          message="Connector SDK package details retrieved successfully"),
    Route("PATCH", _PKG + "/{package_id}", _update, message="Package updated successfully"),
    Route("DELETE", _PKG + "/{package_id}",
          lambda b, c: b.delete_sdk_package(param(c, "package_id")),
          message="Package deleted successfully"),
    Route("GET", _PKG + "/{package_id}/download", _download),
)  # fmt: skip
"""The Connector SDK packages' routes."""
