"""``client.transformations``: dbt Core and Quickstart transformations."""

from __future__ import annotations

from typing import Any, Final, Literal

from .._operation import Resource, endpoint, stream_of
from ..models import PackageMetadata, Page, Transformation

__all__ = ["Transformations"]

TransformationType = Literal["DBT_CORE", "QUICKSTART"]


class Transformations(Resource):
    """Transformations: ``client.transformations``."""

    @endpoint("GET", "/transformations", operation_id="transformations_list")
    def list(
        self,
        *,
        group_id: str | None = None,
        project_id: str | None = None,
        type: TransformationType | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Page[Transformation]:
        """List one page of transformations (optionally filtered).

        Args:
            group_id: Only the transformations of this group.
            project_id: Only the transformations of this dbt Core project.
            type: ``DBT_CORE`` or ``QUICKSTART``.
            limit: Items per page (1..1000).
            cursor: The ``next_cursor`` of the previous page.
        """
        ...

    stream: Final = stream_of(list)

    @endpoint("GET", "/transformations/{transformation_id}", operation_id="transformation_details")
    def get(self, transformation_id: str) -> Transformation:
        """Retrieve a transformation."""
        ...

    @endpoint("POST", "/transformations", operation_id="create_transformation")
    def create(
        self,
        /,
        *,
        type: TransformationType,
        transformation_config: dict[str, Any],
        schedule: dict[str, Any] | None = None,
        paused: bool | None = None,
        **fields: Any,
    ) -> Transformation:
        """Create a transformation.

        Args:
            type: ``DBT_CORE`` or ``QUICKSTART``.
            transformation_config: ``DBT_CORE``: ``{"project_id", "name", "steps": [{"name",
                "command"}]}``; ``QUICKSTART``: ``{"package_name", "connection_ids",
                "excluded_models"}``.
            schedule: ``{"schedule_type": "INTEGRATED" | "TIME_OF_DAY" | "INTERVAL" |
                "CRON", "time_of_day", "interval", "cron", "days_of_week",
                "connection_ids", "smart_syncing"}``.
            paused: Create it paused.
            **fields: Any other field of the API.
        """
        ...

    @endpoint("PATCH", "/transformations/{transformation_id}", operation_id="update_transformation")
    def update(
        self,
        /,
        transformation_id: str,
        *,
        schedule: dict[str, Any] | None = None,
        paused: bool | None = None,
        transformation_config: dict[str, Any] | None = None,
        **fields: Any,
    ) -> Transformation:
        """Update a transformation (schedule, paused, configuration)."""
        ...

    @endpoint(
        "DELETE", "/transformations/{transformation_id}", operation_id="delete_transformation"
    )
    def delete(self, transformation_id: str) -> None:
        """Delete a transformation."""
        ...

    @endpoint(
        "POST",
        "/transformations/{transformation_id}/run",
        operation_id="run_transformation",
        idempotent=True,
    )
    def run(self, transformation_id: str, *, full_refresh: bool | None = None) -> None:
        """Start a run now.

        Args:
            full_refresh: Rebuild incremental models from scratch (dbt ``--full-refresh``).
        """
        ...

    @endpoint(
        "POST",
        "/transformations/{transformation_id}/cancel",
        operation_id="cancel_transformation",
        idempotent=True,
    )
    def cancel(self, transformation_id: str) -> None:
        """Cancel the running run."""
        ...

    @endpoint(
        "POST",
        "/transformations/{transformation_id}/upgrade",
        operation_id="upgrade_transformation_package",
        idempotent=True,
    )
    def upgrade(self, transformation_id: str) -> None:
        """Upgrade a Quickstart transformation to its package's latest version."""
        ...

    # ------------------------------------------------------------------ Quickstart packages

    @endpoint(
        "GET",
        "/transformations/package-metadata",
        operation_id="transformation_package_metadata_list",
    )
    def list_package_metadata(
        self,
        *,
        service: str | None = None,
        name: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Page[PackageMetadata]:
        """List one page of Quickstart packages.

        Args:
            service: Only packages for this connector service.
            name: Only packages with this name.
        """
        ...

    stream_package_metadata: Final = stream_of(list_package_metadata)

    @endpoint(
        "GET",
        "/transformations/package-metadata/{package_definition_id}",
        operation_id="transformation_package_metadata_details",
    )
    def get_package_metadata(self, package_definition_id: str) -> PackageMetadata:
        """Retrieve a Quickstart package."""
        ...
