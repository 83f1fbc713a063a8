"""``client.transformation_projects``: dbt Core projects transformations run from."""

from __future__ import annotations

from typing import Any, Final, Literal

from .._operation import Resource, endpoint, stream_of
from ..models import Page, TransformationProject

__all__ = ["TransformationProjects"]

ProjectType = Literal["DBT_CORE"]


class TransformationProjects(Resource):
    """Transformation projects: ``client.transformation_projects``."""

    @endpoint("GET", "/transformation-projects", operation_id="list_all_transformation_projects")
    def list(
        self, *, limit: int | None = None, cursor: str | None = None
    ) -> Page[TransformationProject]:
        """List one page of transformation projects.

        Args:
            limit: Items per page (1..1000).
            cursor: The ``next_cursor`` of the previous page.
        """
        ...

    stream: Final = stream_of(list)

    @endpoint(
        "GET",
        "/transformation-projects/{project_id}",
        operation_id="transformation_project_details",
    )
    def get(self, project_id: str) -> TransformationProject:
        """Retrieve a transformation project."""
        ...

    @endpoint("POST", "/transformation-projects", operation_id="create_transformation_project")
    def create(
        self,
        /,
        *,
        group_id: str,
        type: ProjectType = "DBT_CORE",
        project_config: dict[str, Any] | None = None,
        run_tests: bool | None = None,
        **fields: Any,
    ) -> TransformationProject:
        """Create a transformation project in a group.

        Args:
            group_id: The group whose destination the project runs in.
            type: ``DBT_CORE``.
            project_config: ``{"git_remote_url": ..., "git_branch": ..., "dbt_version": ...,
                "default_schema": ..., "folder_path": ..., "target_name": ..., "threads": ...}``.
            run_tests: Test the project after creating it.
            **fields: Any other field of the API.
        """
        ...

    @endpoint(
        "PATCH",
        "/transformation-projects/{project_id}",
        operation_id="modify_transformation_project",
    )
    def update(
        self,
        /,
        project_id: str,
        *,
        project_config: dict[str, Any] | None = None,
        run_tests: bool | None = None,
        **fields: Any,
    ) -> TransformationProject:
        """Update a transformation project's configuration."""
        ...

    @endpoint(
        "DELETE",
        "/transformation-projects/{project_id}",
        operation_id="delete_transformation_project",
    )
    def delete(self, project_id: str) -> None:
        """Delete a transformation project."""
        ...

    @endpoint(
        "POST",
        "/transformation-projects/{project_id}/test",
        operation_id="test_transformation_project",
        idempotent=True,
    )
    def test(self, project_id: str) -> TransformationProject:
        """Test a project (repository access, dbt setup); the result carries ``setup_tests``."""
        ...
