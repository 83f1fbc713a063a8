"""Role assignments of users and teams (groups, connections, team members)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, Literal

from fivetrex.emulator._domain._access import _SUBJECT_TARGET
from fivetrex.emulator._domain._base import BackendBase
from fivetrex.emulator._domain._common import Page
from fivetrex.emulator._errors import ConflictError, NotFoundError

if TYPE_CHECKING:
    from fivetrex.emulator._state import Doc

__all__ = ["MembershipKind", "MembershipsArea"]

MembershipKind = Literal[
    "user_group", "user_connection", "team_group", "team_connection", "team_user"
]
"""What a membership assigns a role on: ``<subject>_<target>``."""


class MembershipsArea(BackendBase):
    """Memberships of users and teams, and a group's users."""

    if TYPE_CHECKING:

        def _team(self, team_id: str) -> Doc: ...

        def _user(self, user_id: str) -> Doc: ...

        @staticmethod
        def render_user(doc: Doc) -> dict[str, Any]: ...

    def _subject(self, kind: str, subject_id: str) -> Doc:
        return self._user(subject_id) if kind.startswith("user_") else self._team(subject_id)

    def _target(self, kind: str, target_id: str) -> Doc:
        entity = _SUBJECT_TARGET[kind][1]
        if entity == "Group":
            return self._group(target_id)
        if entity == "Connection":
            return self._connection(target_id)
        return self._user(target_id)

    def _target_exists(self, kind: str, target_id: str) -> bool:
        table = {"Group": "groups", "Connection": "connections", "User": "users"}
        return self.state.get(table[_SUBJECT_TARGET[kind][1]], target_id) is not None

    @staticmethod
    def _membership_key(kind: str, subject_id: str, target_id: str) -> str:
        return f"{kind}:{subject_id}:{target_id}"

    @staticmethod
    def render_membership(doc: Doc) -> dict[str, Any]:
        """Public form of a membership (``user_id`` for team users, else ``id``)."""
        key = "user_id" if doc["kind"] == "team_user" else "id"
        return {key: doc["target"], "role": doc["role"], "created_at": doc["created_at"]}

    def _membership(self, kind: str, subject_id: str, target_id: str) -> Doc:
        self._subject(kind, subject_id)
        self._target(kind, target_id)
        doc = self.state.get("memberships", self._membership_key(kind, subject_id, target_id))
        if doc is None:
            subject, target = _SUBJECT_TARGET[kind]
            raise NotFoundError(
                "Membership",
                target_id,
                message=f"{subject} with id '{subject_id}' has no membership in "
                f"{target.lower()} with id '{target_id}'",
            )
        return doc

    def _memberships(self, kind: str, subject_id: str) -> Iterator[Doc]:
        for doc in self.state.values("memberships"):
            if (
                doc["kind"] == kind
                and doc["subject"] == subject_id
                and self._target_exists(kind, doc["target"])
            ):
                yield doc

    def list_memberships(
        self,
        kind: MembershipKind,
        subject_id: str,
        cursor: str | None,
        limit: int,
        active: bool | None = None,
    ) -> Page:
        """List a user's or team's memberships of one ``kind`` (``active`` for team users)."""
        self._subject(kind, subject_id)
        docs: Iterable[Doc] = self._memberships(kind, subject_id)
        if active is not None:
            users = self.state.tables["users"]
            docs = (d for d in docs if users[d["target"]]["active"] is active)
        return self.page(docs, cursor, limit, self.render_membership)

    def get_membership(
        self, kind: MembershipKind, subject_id: str, target_id: str
    ) -> dict[str, Any]:
        """Retrieve one membership (404 for an unknown subject, target or membership)."""
        return self.render_membership(self._membership(kind, subject_id, target_id))

    def add_membership(
        self, kind: MembershipKind, subject_id: str, target_id: str, role: str
    ) -> dict[str, Any]:
        """Give ``subject_id`` the ``role`` (of the kind's scope) on ``target_id``.

        404 for an unknown subject or target, 409 if the membership exists.
        """
        self._subject(kind, subject_id)
        self._target(kind, target_id)
        return self.render_membership(self._put_membership(kind, subject_id, target_id, role))

    def _put_membership(self, kind: str, subject_id: str, target_id: str, role: str) -> Doc:
        key = self._membership_key(kind, subject_id, target_id)
        if self.state.get("memberships", key) is not None:
            subject, target = _SUBJECT_TARGET[kind]
            raise ConflictError(
                f"{subject} with id '{subject_id}' already has a membership in "
                f"{target.lower()} with id '{target_id}'"
            )
        doc: Doc = {
            "kind": kind,
            "subject": subject_id,
            "target": target_id,
            "role": role,
            "created_at": self.now_iso(),
        }
        return self.state.put("memberships", key, doc)

    def update_membership(
        self, kind: MembershipKind, subject_id: str, target_id: str, role: str
    ) -> dict[str, Any]:
        """Change the role of a membership to ``role`` (of the kind's scope)."""
        doc = self._membership(kind, subject_id, target_id)
        doc["role"] = role
        self.state.touch("memberships", self._membership_key(kind, subject_id, target_id))
        return self.render_membership(doc)

    def delete_membership(
        self, kind: MembershipKind, subject_id: str, target_id: str
    ) -> dict[str, Any]:
        """Remove a membership; return what it was."""
        doc = self._membership(kind, subject_id, target_id)
        self.state.delete("memberships", self._membership_key(kind, subject_id, target_id))
        return self.render_membership(doc)

    def list_group_users(
        self, group_id: str, active: bool | None, cursor: str | None, limit: int
    ) -> Page:
        """``GET /v1/groups/{groupId}/users``: users with a membership in the group.

        Users are listed in the order they were added to the group.
        """
        self._group(group_id)
        users = self.state.tables["users"]
        docs = (
            {**users[m["subject"]], "_seq": m["_seq"]}
            for m in self.state.values("memberships")
            if m["kind"] == "user_group" and m["target"] == group_id and m["subject"] in users
        )
        if active is not None:
            docs = (u for u in docs if u["active"] is active)
        return self.page(docs, cursor, limit, self.render_user)

    def add_group_user(self, group_id: str, email: str, role: str) -> None:
        """``POST /v1/groups/{groupId}/users``: give an existing user a destination ``role``.

        ``email`` names the user (case-insensitively). 404 for an unknown group or email,
        409 if the user is already a member of the group.
        """
        self._group(group_id)
        lowered = email.lower()
        user = next(
            (u for u in self.state.values("users") if str(u["email"]).lower() == lowered), None
        )
        if user is None:
            raise NotFoundError("User", email, message=f"User with email '{email}' does not exist")
        self._put_membership("user_group", user["id"], group_id, role)

    def remove_group_user(self, group_id: str, user_id: str) -> None:
        """``DELETE /v1/groups/{groupId}/users/{userId}``."""
        self.delete_membership("user_group", user_id, group_id)
