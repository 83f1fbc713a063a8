"""The resource namespaces of a client (``client.groups``, ``client.connections``...).

One lazily created attribute per API area; each returns the resource class bound
to the client's mode, so the same declarations serve ``Fivetrex`` and
``AsyncFivetrex``. The CLI discovers resources from here.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, TypeVar

from ._operation import Runner

if TYPE_CHECKING:
    from .resources.connections import Connections
    from .resources.destinations import Destinations
    from .resources.groups import Groups
    from .resources.webhooks import Webhooks

__all__ = ["ResourceNamespaces"]

M = TypeVar("M")


class ResourceNamespaces(Runner[M]):
    """Mixin of every client: one cached attribute per resource."""

    @cached_property
    def groups(self) -> Groups[M]:
        """Groups: ``list``, ``stream``, ``get``, ``create``, ``update``, ``delete``."""
        from .resources.groups import Groups

        return Groups(self._client)

    @cached_property
    def connections(self) -> Connections[M]:
        """Connections (formerly connectors): CRUD, syncs, schema config, state."""
        from .resources.connections import Connections

        return Connections(self._client)

    @property
    def connectors(self) -> Connections[M]:
        """The same object as :attr:`connections`, under the API's old name."""
        return self.connections

    @cached_property
    def destinations(self) -> Destinations[M]:
        """Destinations: ``get``, ``create``, ``update``, ``delete``, ``test``."""
        from .resources.destinations import Destinations

        return Destinations(self._client)

    @cached_property
    def webhooks(self) -> Webhooks[M]:
        """Webhooks: account and group level, ``test``."""
        from .resources.webhooks import Webhooks

        return Webhooks(self._client)
