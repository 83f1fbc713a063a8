"""Transformation projects (dbt).

The route (:mod:`fivetrex.emulator._api.projects`) checks a request's fields and passes
the typed values below; this module checks the group and the one-project-per-group rule.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from fivetrex.emulator._domain._common import Page
from fivetrex.emulator._errors import ConflictError
from fivetrex.emulator._json import public as _public

if TYPE_CHECKING:
    from fivetrex.emulator._state import Doc
from fivetrex.emulator._domain._base import BackendBase
from fivetrex.emulator._domain._platform import (
    _DBT_VERSION_RE,
    _GIT_URL_RE,
)

__all__ = ["NewProject", "ProjectSettings", "ProjectsArea"]


@dataclass(frozen=True)
class ProjectSettings:
    """The changeable fields of a dbt project's ``project_config``; ``None``: not given."""

    folder_path: str | None = None
    git_branch: str | None = None
    target_name: str | None = None
    threads: int | None = None
    environment_vars: tuple[str, ...] | None = None

    def given(self) -> dict[str, Any]:
        """The fields given, in the order above (the order the API renders them)."""
        out: dict[str, Any] = {}
        for item in fields(self):
            value = getattr(self, item.name)
            if value is not None:
                out[item.name] = list(value) if isinstance(value, tuple) else value
        return out


@dataclass(frozen=True)
class NewProject:
    """``POST /v1/transformation-projects``: a dbt Core project of ``group_id``."""

    group_id: str
    dbt_version: str
    default_schema: str
    git_remote_url: str
    settings: ProjectSettings = ProjectSettings()
    run_tests: bool = False


class ProjectsArea(BackendBase):
    """Transformation projects and their setup tests."""

    def _project(self, project_id: str) -> Doc:
        message = f"Transformation project with id '{project_id}' does not exist."
        return self.state.require(
            "tf_projects", project_id, "TransformationProject", message=message
        )

    @staticmethod
    def render_project_summary(doc: Doc) -> dict[str, Any]:
        """List form of a transformation project."""
        return {k: doc[k] for k in ("id", "type", "created_at", "created_by_id", "group_id")}

    @staticmethod
    def render_project(doc: Doc) -> dict[str, Any]:
        """Detail form of a transformation project."""
        return _public(doc)

    def _test_project(self, doc: Doc) -> None:
        config = doc["project_config"]
        url_ok = bool(_GIT_URL_RE.match(config["git_remote_url"]))
        version_ok = bool(_DBT_VERSION_RE.match(config["dbt_version"]))
        global_ok = self.settings.setup_tests_pass
        tests = [
            self._setup_test(
                "Git repository access",
                url_ok and global_ok,
                f"Could not clone '{config['git_remote_url']}': check the URL and that the "
                "project's public key is a deploy key of the repository",
            ),
            self._setup_test(
                "dbt project setup",
                version_ok,
                f"Unsupported dbt version '{config['dbt_version']}'",
            ),
        ]
        doc["setup_tests"] = tests
        doc["errors"] = [t["message"] for t in tests if t["status"] == "FAILED"]
        doc["status"] = "ERROR" if doc["errors"] else "READY"

    def list_projects(self, cursor: str | None, limit: int) -> Page:
        """``GET /v1/transformation-projects``."""
        return self.page(
            self.state.values("tf_projects"), cursor, limit, self.render_project_summary
        )

    def get_project(self, project_id: str) -> dict[str, Any]:
        """``GET /v1/transformation-projects/{projectId}``."""
        return self.render_project(self._project(project_id))

    def create_project(self, new: NewProject) -> dict[str, Any]:
        """``POST /v1/transformation-projects`` (one dbt Core project per group; 404 for an
        unknown group, 409 when the group has one)."""
        group_id = new.group_id
        self._group(group_id)
        for other in self.state.values("tf_projects"):
            if other["group_id"] == group_id:
                raise ConflictError(
                    f"Group '{group_id}' already has a transformation project ('{other['id']}')"
                )
        clean: dict[str, Any] = {
            "dbt_version": new.dbt_version,
            "default_schema": new.default_schema,
            "git_remote_url": new.git_remote_url,
            **new.settings.given(),
        }
        clean.setdefault("git_branch", "main")
        clean.setdefault("folder_path", "")
        clean.setdefault("threads", 4)
        clean.setdefault("target_name", "prod")
        clean.setdefault("environment_vars", [])
        digest = base64.b64encode(hashlib.sha256(self._secret().encode()).digest()).decode()
        clean["public_key"] = f"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5{digest[:43]} fivetran"
        project_id = self.state.new_id()
        doc: Doc = {
            "id": project_id,
            "type": "DBT_CORE",
            "status": "NOT_READY",
            "errors": [],
            "created_at": self.now_iso(),
            "created_by_id": self.settings.user_id,
            "group_id": group_id,
            "setup_tests": [],
            "project_config": clean,
        }
        if new.run_tests:
            self._test_project(doc)
        self.state.put("tf_projects", project_id, doc)
        return self.render_project(doc)

    def update_project(
        self, project_id: str, settings: ProjectSettings, *, run_tests: bool = False
    ) -> dict[str, Any]:
        """``PATCH /v1/transformation-projects/{projectId}``: a changed setting makes the
        project ``NOT_READY`` until tested again (``run_tests`` tests it now)."""
        doc = self._project(project_id)
        clean = settings.given()
        doc["project_config"].update(clean)
        if clean:
            doc["status"] = "NOT_READY"
            doc["setup_tests"] = []
            doc["errors"] = []
        if run_tests:
            self._test_project(doc)
        self.state.touch("tf_projects", project_id)
        return self.render_project(doc)

    def delete_project(self, project_id: str) -> None:
        """``DELETE /v1/transformation-projects/{projectId}`` (409 while it has transformations)."""
        self._project(project_id)
        used = [
            t["id"]
            for t in self.state.values("transformations")
            if t.get("_project_id") == project_id
        ]
        if used:
            raise ConflictError(
                f"Transformation project '{project_id}' still has {len(used)} transformation(s); "
                "delete them first"
            )
        self.state.delete("tf_projects", project_id)

    def test_project(self, project_id: str) -> dict[str, Any]:
        """``POST /v1/transformation-projects/{projectId}/test``."""
        doc = self._project(project_id)
        self._test_project(doc)
        self.state.touch("tf_projects", project_id)
        return self.render_project(doc)
