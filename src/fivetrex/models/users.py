"""Users, teams, roles and memberships."""

from __future__ import annotations

from pydantic import Field

from ._base import FivetrexModel, Timestamp

__all__ = ["Membership", "Role", "Team", "TeamUserMembership", "User"]


class User(FivetrexModel):
    """A user of the account."""

    id: str
    """The user id."""
    email: str
    """The email address."""
    given_name: str | None = None
    """First name."""
    family_name: str | None = None
    """Last name."""
    verified: bool
    """Whether the email address is verified."""
    invited: bool | None = None
    """Whether the user was invited (and has not accepted yet)."""
    picture: str | None = None
    """The avatar (URL or base64 image)."""
    phone: str | None = None
    """Phone number."""
    role: str | None = None
    """The account-level role, e.g. ``Account Administrator`` (``None`` if none)."""
    active: bool
    """Whether the user may log in."""
    logged_in_at: Timestamp = None
    """The last login."""
    created_at: Timestamp = None
    """When the user was created."""

    @property
    def full_name(self) -> str:
        """``given_name family_name`` (whatever of them is known)."""
        return " ".join(p for p in (self.given_name, self.family_name) if p)


class Team(FivetrexModel):
    """A team: users sharing roles on groups and connections."""

    id: str
    """The team id."""
    name: str | None = None
    """The team name."""
    description: str | None = None
    """The description."""
    role: str
    """The team's account-level role, e.g. ``Account Reviewer``."""


class Role(FivetrexModel):
    """A predefined or custom role."""

    name: str
    """The role name, e.g. ``Destination Administrator``."""
    description: str | None = None
    """What the role allows."""
    scope: list[str] = Field(default_factory=list)
    """Where it applies: ``ACCOUNT``, ``DESTINATION``, ``CONNECTOR``, ``TEAM``."""
    is_custom: bool
    """Whether it is a custom role."""
    is_deprecated: bool | None = None
    """Whether the role is deprecated."""
    replacement_role_name: str | None = None
    """The role replacing a deprecated one."""


class Membership(FivetrexModel):
    """A user's or team's role in a group or a connection."""

    id: str
    """The group or connection id."""
    role: str
    """The role, e.g. ``Destination Administrator``."""
    created_at: Timestamp = None
    """When the membership was created."""


class TeamUserMembership(FivetrexModel):
    """A user's membership in a team."""

    user_id: str | None = None
    """The user id."""
    role: str | None = None
    """The user's role in the team, e.g. ``Team Member``."""
    created_at: Timestamp = None
    """When the user joined the team."""
