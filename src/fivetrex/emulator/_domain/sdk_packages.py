"""Connector SDK packages (uploaded ZIPs).

The route (:mod:`fivetrex.emulator._api.sdk_packages`) reads the ZIP out of the
``multipart/form-data`` upload and checks it is one; this module stores, replaces, serves
and deletes it (403 while a connection uses it).
"""

from __future__ import annotations

import base64
import hashlib
from typing import TYPE_CHECKING, Any

from fivetrex.emulator._domain._common import Page
from fivetrex.emulator._errors import EmulatorError
from fivetrex.emulator._json import public as _public

if TYPE_CHECKING:
    from fivetrex.emulator._state import Doc
from fivetrex.emulator._domain._base import BackendBase

__all__ = ["SdkPackagesArea", "package_document"]


def _content_fields(content: bytes) -> dict[str, Any]:
    return {
        "file_sha256_hash": hashlib.sha256(content).hexdigest(),
        "_file": base64.b64encode(content).decode(),
    }


def package_document(package_id: str, content: bytes, *, user_id: str, stamp: str) -> Doc:
    """The stored form of package ``package_id``: ``content`` (a ZIP) uploaded by
    ``user_id`` at ``stamp``."""
    return {
        "id": package_id,
        "created_by": user_id,
        "last_updated_by": user_id,
        "created_at": stamp,
        "updated_at": stamp,
        **_content_fields(content),
    }


class SdkPackagesArea(BackendBase):
    """Connector SDK packages: upload, replace, download, delete."""

    def _package(self, package_id: str) -> Doc:
        message = f"Connector SDK package with id '{package_id}' does not exist"
        return self.state.require(
            "sdk_packages", package_id, "ConnectorSdkPackage", message=message
        )

    def _package_connection(self, package_id: str) -> str | None:
        for conn in self.state.values("connections"):
            if (
                conn["service"] == "connector_sdk"
                and isinstance(conn.get("config"), dict)
                and conn["config"].get("package_id") == package_id
            ):
                return str(conn["id"])
        return None

    def render_sdk_package(self, doc: Doc) -> dict[str, Any]:
        """Public form of a package (``connection_id`` when a connection uses it)."""
        out = _public(doc)
        linked = self._package_connection(doc["id"])
        if linked is not None:
            out["connection_id"] = linked
        return out

    def list_sdk_packages(self, cursor: str | None, limit: int) -> Page:
        """``GET /v1/connector-sdk/packages``."""
        return self.page(self.state.values("sdk_packages"), cursor, limit, self.render_sdk_package)

    def get_sdk_package(self, package_id: str) -> dict[str, Any]:
        """``GET /v1/connector-sdk/packages/{package_id}``."""
        return self.render_sdk_package(self._package(package_id))

    def create_sdk_package(self, content: bytes) -> dict[str, Any]:
        """``POST /v1/connector-sdk/packages``: ``content`` is the package (a ZIP)."""
        package_id = self.state.new_id()
        doc = package_document(
            package_id, content, user_id=self.settings.user_id, stamp=self.now_iso()
        )
        self.state.put("sdk_packages", package_id, doc)
        return self.render_sdk_package(doc)

    def update_sdk_package(self, package_id: str, content: bytes) -> dict[str, Any]:
        """``PATCH /v1/connector-sdk/packages/{package_id}``: ``content`` (a ZIP) replaces
        the package's code."""
        doc = self._package(package_id)
        doc.update(_content_fields(content))
        doc["updated_at"] = self.now_iso()
        doc["last_updated_by"] = self.settings.user_id
        self.state.touch("sdk_packages", package_id)
        return self.render_sdk_package(doc)

    def delete_sdk_package(self, package_id: str) -> None:
        """``DELETE /v1/connector-sdk/packages/{package_id}`` (403 while linked)."""
        self._package(package_id)
        linked = self._package_connection(package_id)
        if linked is not None:
            raise EmulatorError(
                f"Package '{package_id}' is associated with connection '{linked}' and cannot "
                "be deleted; delete the connection first",
                code="Forbidden",
                status=403,
            )
        self.state.delete("sdk_packages", package_id)

    def download_sdk_package(self, package_id: str) -> bytes:
        """``GET /v1/connector-sdk/packages/{package_id}/download``: the stored ZIP."""
        doc = self._package(package_id)
        return base64.b64decode(doc["_file"])
