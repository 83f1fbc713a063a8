"""Users of the account."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fivetrex.emulator._domain._access import _OWNER_ROLE, _USER_FIELDS
from fivetrex.emulator._domain._base import BackendBase
from fivetrex.emulator._domain._common import UNSET, Page, Unset
from fivetrex.emulator._errors import ConflictError, InvalidInputError

if TYPE_CHECKING:
    from fivetrex.emulator._state import Doc

__all__ = ["NewUser", "UserChanges", "UsersArea"]


@dataclass(frozen=True)
class NewUser:
    """The fields of ``POST /v1/users``, checked by the route.

    Attributes:
        email: The user's email address (unique, compared case-insensitively).
        given_name: Given name (non-empty).
        family_name: Family name (non-empty).
        phone: Phone number, if any.
        picture: Picture URL, if any.
        role: An account role, or ``None`` for none.
    """

    email: str
    given_name: str
    family_name: str
    phone: str | None = None
    picture: str | None = None
    role: str | None = None


@dataclass(frozen=True)
class UserChanges:
    """The fields of ``PATCH /v1/users/{userId}``, checked by the route.

    :data:`UNSET` keeps a field; ``None`` clears ``phone``, ``picture`` or ``role``.
    """

    given_name: str | Unset = UNSET
    family_name: str | Unset = UNSET
    phone: str | Unset | None = UNSET
    picture: str | Unset | None = UNSET
    role: str | Unset | None = UNSET


class UsersArea(BackendBase):
    """Users: invite, update, delete, account role; the account owner."""

    def add_account_owner(self) -> dict[str, Any]:
        """Create the API user (id ``settings.user_id``) as a logged-in Account Administrator.

        Seeds call it; an empty emulator has no users (the API user of
        ``/v1/account/info`` then has no user record).
        """
        owner_id = self.settings.user_id
        if self.state.get("users", owner_id) is not None:
            raise ConflictError(f"User with id '{owner_id}' already exists")
        stamp = self.now_iso()
        doc: Doc = {
            "id": owner_id,
            "email": f"{owner_id}@fivetrex.invalid",
            "given_name": "Emulator",
            "family_name": "Owner",
            "verified": True,
            "invited": False,
            "picture": None,
            "phone": None,
            "role": _OWNER_ROLE,
            "active": True,
            "logged_in_at": stamp,
            "created_at": stamp,
        }
        self.state.put("users", owner_id, doc)
        return self.render_user(doc)

    def _user(self, user_id: str) -> Doc:
        return self.state.require("users", user_id, "User")

    @staticmethod
    def render_user(doc: Doc) -> dict[str, Any]:
        """Public form of a user."""
        return {key: doc.get(key) for key in _USER_FIELDS}

    def _users(self, active: bool | None) -> Iterator[Doc]:
        for doc in self.state.values("users"):
            if active is None or doc["active"] is active:
                yield doc

    def list_users(self, active: bool | None, cursor: str | None, limit: int) -> Page:
        """``GET /v1/users`` (``active`` filter)."""
        return self.page(self._users(active), cursor, limit, self.render_user)

    def get_user(self, user_id: str) -> dict[str, Any]:
        """``GET /v1/users/{userId}``."""
        return self.render_user(self._user(user_id))

    def create_user(self, user: NewUser) -> dict[str, Any]:
        """``POST /v1/users``: invite a user (``invited``, not ``verified``, never logged in).

        409 when another user has the same email (case-insensitively).
        """
        email = user.email
        lowered = email.lower()
        for other in self.state.values("users"):
            if str(other["email"]).lower() == lowered:
                raise ConflictError(f"User with email '{email}' already exists")
        user_id = self.state.new_id()
        doc: Doc = {
            "id": user_id,
            "email": email,
            "given_name": user.given_name,
            "family_name": user.family_name,
            "verified": False,
            "invited": True,
            "picture": user.picture,
            "phone": user.phone,
            "role": user.role,
            "active": True,
            "logged_in_at": None,
            "created_at": self.now_iso(),
        }
        self.state.put("users", user_id, doc)
        return self.render_user(doc)

    def _admins(self) -> list[Doc]:
        return [u for u in self.state.values("users") if u.get("role") == _OWNER_ROLE]

    def _guard_last_admin(self, doc: Doc, action: str) -> None:
        if doc.get("role") == _OWNER_ROLE and len(self._admins()) <= 1:
            raise ConflictError(
                f"Cannot {action} user with id '{doc['id']}': it is the last account owner "
                f"({_OWNER_ROLE})"
            )

    def update_user(self, user_id: str, changes: UserChanges) -> dict[str, Any]:
        """``PATCH /v1/users/{userId}``: apply the fields ``changes`` sets.

        Changing a role is refused for yourself (400) and for the last account owner (409).
        """
        doc = self._user(user_id)
        staged: dict[str, Any] = {}
        for key in ("given_name", "family_name", "phone", "picture"):
            value = getattr(changes, key)
            if not isinstance(value, Unset):
                staged[key] = value
        if not isinstance(changes.role, Unset) and changes.role != doc.get("role"):
            if user_id == self.settings.user_id:
                raise InvalidInputError("You cannot change your own role")
            staged["role"] = changes.role
            self._guard_last_admin(doc, "change the role of")
        doc.update(staged)
        self.state.touch("users", user_id)
        return self.render_user(doc)

    def delete_user(self, user_id: str) -> None:
        """``DELETE /v1/users/{id}`` (409 for the last account owner); drops memberships."""
        doc = self._user(user_id)
        self._guard_last_admin(doc, "delete")
        for key, membership in list(self.state.tables["memberships"].items()):
            subject_is_user = membership["kind"].startswith("user_")
            if (subject_is_user and membership["subject"] == user_id) or (
                membership["kind"] == "team_user" and membership["target"] == user_id
            ):
                self.state.delete("memberships", key)
        self.state.delete("users", user_id)

    def remove_user_account_role(self, user_id: str) -> None:
        """``DELETE /v1/users/{userId}/role``: the user stays, without an account role."""
        doc = self._user(user_id)
        if doc.get("role") is None:
            return
        self._guard_last_admin(doc, "remove the account role of")
        doc["role"] = None
        self.state.touch("users", user_id)
