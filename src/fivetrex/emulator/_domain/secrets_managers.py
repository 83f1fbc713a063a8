"""External secrets managers and the entities that use them."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from fivetrex.emulator._domain._common import Page
from fivetrex.emulator._json import mask as _mask
from fivetrex.emulator._json import public as _public
from fivetrex.emulator._platform_catalog import ESM_TYPES

if TYPE_CHECKING:
    from fivetrex.emulator._state import Doc
from fivetrex.emulator._domain._base import BackendBase
from fivetrex.emulator._domain._platform import _bad_request, _clone_obj, _not_found

__all__ = ["ESM_ENTITY_TYPES", "SecretsManagersArea", "check_esm_config"]

ESM_ENTITY_TYPES = frozenset({"source", "destination", "all"})
"""Values of the entity lists' ``type`` filter (lower case)."""


def check_esm_config(esm_type: str, config: Mapping[str, Any]) -> None:
    """400 ``BadRequest`` naming the first field ``esm_type`` requires that ``config`` lacks."""
    for key in ESM_TYPES[esm_type]:
        if not isinstance(config.get(key), str) or not config[key]:
            raise _bad_request(f"Field 'config.{key}' is required for {esm_type}.")


class SecretsManagersArea(BackendBase):
    """External secrets managers."""

    def _esm(self, esm_id: str) -> Doc:
        doc = self.state.get("esms", esm_id)
        if doc is None:
            raise _not_found(
                "NotFound", f"External Secrets Manager with '{esm_id}' id is not found."
            )
        return doc

    @staticmethod
    def render_esm(doc: Doc) -> dict[str, Any]:
        """Public form of an external secrets manager (secrets in ``config`` masked)."""
        out = _public(doc)
        out["config"] = _mask(doc["config"])
        return out

    def list_esms(self, cursor: str | None, limit: int) -> Page:
        """``GET /v1/external-secrets-managers``."""
        return self.page(self.state.values("esms"), cursor, limit, self.render_esm)

    def get_esm(self, esm_id: str) -> dict[str, Any]:
        """``GET /v1/external-secrets-managers/{esmId}``."""
        return self.render_esm(self._esm(esm_id))

    def create_esm(
        self,
        esm_type: str,
        name: str,
        config: Mapping[str, Any],
        *,
        is_hybrid_deployment: bool = False,
    ) -> dict[str, Any]:
        """``POST /v1/external-secrets-managers`` (400 ``BadRequest`` on invalid input).

        ``esm_type`` is an ``ESM_TYPES`` key and ``config`` has the fields it requires
        (:func:`check_esm_config`), both checked by the route; 400 for a name in use.
        """
        config = _clone_obj(dict(config))
        for other in self.state.values("esms"):
            if other["name"] == name:
                raise _bad_request(f"External Secrets Manager with name '{name}' already exists.")
        if esm_type == "AWS_SECRET_MANAGER":
            config.setdefault("external_id", self.settings.account_id)
        esm_id = self.state.new_id()
        now = self.now_iso()
        doc: Doc = {
            "id": esm_id,
            "type": esm_type,
            "name": name,
            "is_hybrid_deployment": is_hybrid_deployment,
            "created_at": now,
            "updated_at": now,
            "config": config,
        }
        self.state.put("esms", esm_id, doc)
        return self.render_esm(doc)

    def update_esm(self, esm_id: str, config: Mapping[str, Any]) -> dict[str, Any]:
        """``PATCH /v1/external-secrets-managers/{esmId}``: ``config`` replaces the config.

        400 ``BadRequest`` unless ``config`` has the fields the manager's type requires.
        """
        doc = self._esm(esm_id)
        check_esm_config(doc["type"], config)
        config = _clone_obj(dict(config))
        if doc["type"] == "AWS_SECRET_MANAGER":
            config.setdefault("external_id", doc["config"].get("external_id"))
        doc["config"] = config
        doc["updated_at"] = self.now_iso()
        self.state.touch("esms", esm_id)
        return self.render_esm(doc)

    def delete_esm(self, esm_id: str) -> None:
        """``DELETE /v1/external-secrets-managers/{esmId}`` (400 while in use)."""
        self._esm(esm_id)
        usage = self._usage("external_secrets_manager_id", esm_id)
        if usage:
            raise _bad_request(
                f"Failed to delete External Secrets Manager with '{esm_id}' id, because it is "
                f"{usage}."
            )
        self.state.delete("esms", esm_id)

    def _entities(self, esm_id: str | None, kind: str) -> Iterator[tuple[str, Doc]]:
        found: list[tuple[str, Doc]] = []
        if kind in ("source", "all"):
            found += [("SOURCE", c) for c in self.state.values("connections")]
        if kind in ("destination", "all"):
            found += [("DESTINATION", d) for d in self.state.values("destinations")]
        found.sort(key=lambda item: int(item[1]["_seq"]))
        for entity_type, doc in found:
            used = doc.get("external_secrets_manager_id")
            if used and (esm_id is None or used == esm_id):
                yield entity_type, doc

    def _render_entity(self, entity_type: str, doc: Doc) -> dict[str, Any]:
        if entity_type == "SOURCE":
            name = doc["schema"]
            enabled = not doc["paused"] and doc["status"]["setup_state"] == "connected"
            created = doc["created_at"]
        else:
            group = self.state.get("groups", doc["id"]) or {}
            name = group.get("name", doc["id"])
            enabled = doc.get("setup_status") == "connected"
            created = group.get("created_at", "")
        return {
            "id": doc["id"],
            "type": entity_type,
            "name": name,
            "enabled": enabled,
            "secret_manager_id": doc["external_secrets_manager_id"],
            "created_at": created,
        }

    def list_esm_entities(
        self, esm_id: str | None, kind: str, cursor: str | None, limit: int
    ) -> Page:
        """``GET /v1/external-secrets-managers-entities`` (filters ``esm_id``, ``type``).

        ``kind`` is one of :data:`ESM_ENTITY_TYPES` (``all``: both).
        """
        rows = [
            {**self._render_entity(entity_type, doc), "_seq": doc["_seq"]}
            for entity_type, doc in self._entities(esm_id, kind)
        ]
        return self.page(rows, cursor, limit, lambda r: {k: v for k, v in r.items() if k != "_seq"})

    def get_esm_entities(self, esm_id: str, kind: str, cursor: str | None, limit: int) -> Page:
        """``GET /v1/external-secrets-managers/{esmId}/entities`` (``kind`` as above)."""
        self._esm(esm_id)
        return self.list_esm_entities(esm_id, kind, cursor, limit)
