"""Transformation projects (dbt)."""

from __future__ import annotations

import base64
import hashlib
from typing import TYPE_CHECKING, Any

from fivetrex.emulator._domain._common import Page
from fivetrex.emulator._errors import (
    ConflictError,
    InvalidInputError,
    NotFoundError,
)
from fivetrex.emulator._json import public as _public

if TYPE_CHECKING:
    from fivetrex.emulator._state import Doc
from fivetrex.emulator._domain._base import BackendBase
from fivetrex.emulator._domain._platform import (
    _DBT_VERSION_RE,
    _ENV_VAR_RE,
    _GIT_URL_RE,
    _enum,
    _obj,
    _opt_bool,
    _req_str,
)

__all__ = ["ProjectsArea"]


class ProjectsArea(BackendBase):
    """Transformation projects and their setup tests."""

    def _project(self, project_id: str) -> Doc:
        doc = self.state.get("tf_projects", project_id)
        if doc is None:
            raise NotFoundError(
                "TransformationProject",
                project_id,
                message=f"Transformation project with id '{project_id}' does not exist.",
            )
        return doc

    @staticmethod
    def render_project_summary(doc: Doc) -> dict[str, Any]:
        """List form of a transformation project."""
        return {k: doc[k] for k in ("id", "type", "created_at", "created_by_id", "group_id")}

    @staticmethod
    def render_project(doc: Doc) -> dict[str, Any]:
        """Detail form of a transformation project."""
        return _public(doc)

    @staticmethod
    def _project_config(config: dict[str, Any], *, creating: bool) -> dict[str, Any]:
        clean: dict[str, Any] = {}
        immutable = ("dbt_version", "default_schema", "git_remote_url")
        for key in immutable:
            if key in config:
                if not creating:
                    raise InvalidInputError(f"Field 'project_config.{key}' cannot be changed")
                value = config[key]
                if not isinstance(value, str) or not value:
                    raise InvalidInputError(f"Field 'project_config.{key}' must be a string")
                clean[key] = value
            elif creating:
                raise InvalidInputError(f"Field 'project_config.{key}' is required")
        for key in ("folder_path", "git_branch", "target_name"):
            if config.get(key) is not None:
                if not isinstance(config[key], str):
                    raise InvalidInputError(f"Field 'project_config.{key}' must be a string")
                clean[key] = config[key]
        if config.get("threads") is not None:
            threads = config["threads"]
            if isinstance(threads, bool) or not isinstance(threads, int) or not 1 <= threads <= 64:
                raise InvalidInputError("Field 'project_config.threads' must be an integer 1..64")
            clean["threads"] = threads
        if config.get("environment_vars") is not None:
            env = config["environment_vars"]
            if not isinstance(env, list) or not all(
                isinstance(v, str) and _ENV_VAR_RE.match(v) for v in env
            ):
                raise InvalidInputError(
                    "Field 'project_config.environment_vars' must be an array of "
                    "'DBT_NAME=value' strings"
                )
            clean["environment_vars"] = list(env)
        return clean

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

    def create_project(self, body: Any) -> dict[str, Any]:
        """``POST /v1/transformation-projects`` (one dbt Core project per group)."""
        body = _obj(body)
        group_id = _req_str(body, "group_id")
        _enum(body.get("type", "DBT_CORE"), "type", ("DBT_CORE",))
        config = _obj(body.get("project_config"), "field 'project_config'")
        clean = self._project_config(config, creating=True)
        run_tests = bool(_opt_bool(body, "run_tests", False))
        self._group(group_id)
        for other in self.state.values("tf_projects"):
            if other["group_id"] == group_id:
                raise ConflictError(
                    f"Group '{group_id}' already has a transformation project ('{other['id']}')"
                )
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
        if run_tests:
            self._test_project(doc)
        self.state.put("tf_projects", project_id, doc)
        return self.render_project(doc)

    def update_project(self, project_id: str, body: Any) -> dict[str, Any]:
        """``PATCH /v1/transformation-projects/{projectId}``."""
        doc = self._project(project_id)
        body = _obj(body)
        config = body.get("project_config")
        clean = (
            self._project_config(_obj(config, "field 'project_config'"), creating=False)
            if (config is not None)
            else {}
        )
        run_tests = bool(_opt_bool(body, "run_tests", False))
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
