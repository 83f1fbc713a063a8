"""``client.connector_sdk_packages``: custom connector code (Connector SDK ZIP files)."""

from __future__ import annotations

import os
from typing import IO, Final

from .._operation import Resource, endpoint, stream_of
from ..models import ConnectorSdkPackage, Page

__all__ = ["ConnectorSdkPackages", "PackageFile"]

#: A file to upload: a path, the bytes, or a file object opened in binary mode.
PackageFile = str | os.PathLike[str] | bytes | IO[bytes]


class ConnectorSdkPackages(Resource):
    """Connector SDK packages: ``client.connector_sdk_packages``."""

    @endpoint("GET", "/connector-sdk/packages", operation_id="list_connector_sdk_packages")
    def list(
        self, *, limit: int | None = None, cursor: str | None = None
    ) -> Page[ConnectorSdkPackage]:
        """List one page of the account's Connector SDK packages.

        Args:
            limit: Items per page (1..1000).
            cursor: The ``next_cursor`` of the previous page.
        """
        ...

    stream: Final = stream_of(list)

    @endpoint(
        "GET", "/connector-sdk/packages/{package_id}", operation_id="get_connector_sdk_package"
    )
    def get(self, package_id: str) -> ConnectorSdkPackage:
        """Retrieve a package."""
        ...

    @endpoint(
        "POST",
        "/connector-sdk/packages",
        operation_id="create_connector_sdk_package",
        upload="file",
    )
    def create(self, file: PackageFile) -> ConnectorSdkPackage:
        """Upload a package (a ZIP made with ``fivetran package``).

        Then create a connection with ``config={"package_id": package.id, ...}``.

        Args:
            file: A path, the bytes, or a binary file object.
        """
        ...

    @endpoint(
        "PATCH",
        "/connector-sdk/packages/{package_id}",
        operation_id="update_connector_sdk_package",
        upload="file",
    )
    def update(self, package_id: str, file: PackageFile) -> ConnectorSdkPackage:
        """Replace a package's code (its connection uses it from its next sync).

        Args:
            file: A path, the bytes, or a binary file object.
        """
        ...

    @endpoint(
        "DELETE",
        "/connector-sdk/packages/{package_id}",
        operation_id="delete_connector_sdk_package",
    )
    def delete(self, package_id: str) -> None:
        """Delete a package (refused with 403 while a connection uses it)."""
        ...

    @endpoint(
        "GET",
        "/connector-sdk/packages/{package_id}/download",
        operation_id="download_connector_sdk_package",
        binary=True,
    )
    def download(self, package_id: str) -> bytes:
        """Download a package's ZIP file (the bytes)."""
        ...
