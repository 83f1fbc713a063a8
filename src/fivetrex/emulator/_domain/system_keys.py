"""System keys: create, rotate, authenticate."""

from __future__ import annotations

import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fivetrex.emulator._clock import format_us, parse_ts
from fivetrex.emulator._domain._access import _KEY_FIELDS, _TOKEN_ALPHABET, _add_period, _sha256
from fivetrex.emulator._domain._base import BackendBase
from fivetrex.emulator._domain._common import Page

if TYPE_CHECKING:
    from fivetrex.emulator._state import Doc

__all__ = ["Permission", "SystemKeysArea"]


@dataclass(frozen=True)
class Permission:
    """One entry of a system key's ``permissions``, checked by the route.

    Attributes:
        resource_type: One of :data:`~fivetrex.emulator._domain.PERMISSION_RESOURCE_TYPES`.
        access_level: One of :data:`~fivetrex.emulator._domain.PERMISSION_ACCESS_LEVELS`.
        resource_filter: ``ids`` and/or ``group_ids`` the permission is limited to, or
            ``None`` for no filter.
    """

    resource_type: str
    access_level: str
    resource_filter: dict[str, list[str]] | None = None

    def to_doc(self) -> dict[str, Any]:
        """The stored (and public) form."""
        doc: dict[str, Any] = {
            "resource_type": self.resource_type,
            "access_level": self.access_level,
        }
        if self.resource_filter is not None:
            doc["resource_filter"] = {key: list(ids) for key, ids in self.resource_filter.items()}
        return doc


class SystemKeysArea(BackendBase):
    """System keys (secrets hashed, shown only on create and rotate)."""

    def _system_key(self, key_id: str) -> Doc:
        return self.state.require("system_keys", key_id, "SystemKey")

    @staticmethod
    def render_system_key(doc: Doc, secret: str | None = None) -> dict[str, Any]:
        """Public form of a system key (``secret`` only right after create or rotate)."""
        out = {key: doc.get(key) for key in _KEY_FIELDS}
        out["permissions"] = [
            {**p, "resource_filter": dict(p["resource_filter"])}
            if "resource_filter" in p
            else dict(p)
            for p in doc["permissions"]
        ]
        if secret is not None:
            out["secret"] = secret
        return out

    def _token(self, length: int) -> str:
        self.state.meta_dirty = True
        rng = self.state.rng
        return "".join(rng.choice(_TOKEN_ALPHABET) for _ in range(length))

    def _expires(self, period: str) -> str | None:
        when = _add_period(self.state.clock.now(), period)
        return None if when is None else format_us(when)

    def list_system_keys(self, cursor: str | None, limit: int) -> Page:
        """``GET /v1/system-keys`` (no secrets)."""
        return self.page(self.state.values("system_keys"), cursor, limit, self.render_system_key)

    def get_system_key(self, key_id: str) -> dict[str, Any]:
        """``GET /v1/system-keys/{keyId}`` (no secret)."""
        return self.render_system_key(self._system_key(key_id))

    def create_system_key(
        self,
        name: str,
        permissions: Sequence[Permission] = (),
        expiration_period: str = "INFINITE",
    ) -> dict[str, Any]:
        """``POST /v1/system-keys``: the response is the only one carrying the secret.

        ``name`` is unique (409 otherwise); ``expiration_period`` is a key of
        :data:`~fivetrex.emulator._domain.EXPIRATION_PERIODS`.
        """
        self._check_name_free("system_keys", name, "System key")
        key_id = self.state.new_id()
        secret = self._token(32)
        created = self.now_iso()
        doc: Doc = {
            "id": key_id,
            "name": name,
            "key": self._token(16),
            "permissions": [p.to_doc() for p in permissions],
            "created_at": created,
            "updated_at": created,
            "expired_at": self._expires(expiration_period),
            "last_used_at": None,
            "_period": expiration_period,
            "_secret_sha256": _sha256(secret),
        }
        self.state.put("system_keys", key_id, doc)
        return self.render_system_key(doc, secret)

    def update_system_key(
        self,
        key_id: str,
        *,
        name: str | None = None,
        permissions: Sequence[Permission] | None = None,
    ) -> dict[str, Any]:
        """``PATCH /v1/system-keys/{keyId}``: ``None`` keeps ``name`` or ``permissions``.

        ``updated_at`` moves even when nothing changes.
        """
        doc = self._system_key(key_id)
        staged: dict[str, Any] = {}
        if name is not None:
            self._check_name_free("system_keys", name, "System key", exclude=key_id)
            staged["name"] = name
        if permissions is not None:
            staged["permissions"] = [p.to_doc() for p in permissions]
        staged["updated_at"] = self.now_iso()
        doc.update(staged)
        self.state.touch("system_keys", key_id)
        return self.render_system_key(doc)

    def delete_system_key(self, key_id: str) -> None:
        """``DELETE /v1/system-keys/{keyId}``: the key stops authenticating at once."""
        self._system_key(key_id)
        self.state.delete("system_keys", key_id)

    def rotate_system_key(
        self, key_id: str, expiration_period: str | None = None
    ) -> dict[str, Any]:
        """``POST /v1/system-keys/{keyId}/rotate``: new secret (returned) and ``expired_at``.

        The old secret stops authenticating at once; the key (HTTP Basic user) stays.
        ``expiration_period`` ``None`` keeps the key's period.
        """
        doc = self._system_key(key_id)
        period = expiration_period or str(doc.get("_period", "INFINITE"))
        secret = self._token(32)
        doc["_secret_sha256"] = _sha256(secret)
        doc["_period"] = period
        doc["expired_at"] = self._expires(period)
        doc["updated_at"] = self.now_iso()
        self.state.touch("system_keys", key_id)
        return self.render_system_key(doc, secret)

    def authenticate_system_key(self, key: str, secret: str) -> str | None:
        """Return the id of the live system key with this key/secret pair, or ``None``.

        Expired keys (``expired_at`` in the virtual past) do not authenticate. A
        successful use sets ``last_used_at``.
        """
        digest = _sha256(secret)
        now = self.state.clock.now()
        for doc in self.state.values("system_keys"):
            if not hmac.compare_digest(str(doc["key"]).encode(), key.encode()):
                continue
            if not hmac.compare_digest(str(doc["_secret_sha256"]), digest):
                return None
            expired = doc.get("expired_at")
            if expired is not None and parse_ts(expired) <= now:
                return None
            doc["last_used_at"] = format_us(now)
            self.state.touch("system_keys", doc["id"])
            return str(doc["id"])
        return None
