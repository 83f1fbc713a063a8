"""Formerly the access-management route table; every row now lives in :mod:`._api`.

Users, teams, roles, memberships and system keys: :mod:`._api.users`, :mod:`._api.teams`,
:mod:`._api.roles`, :mod:`._api.memberships`, :mod:`._api.system_keys`; certificates and
fingerprints: :mod:`._api.certificates`. Nothing imports this module any more: it is left
empty for the lead to delete.
"""

from __future__ import annotations

from fivetrex.emulator._routes import Route

__all__ = ["ACCESS_ROUTES"]

ACCESS_ROUTES: tuple[Route, ...] = ()
"""Empty: see the module docstring."""
