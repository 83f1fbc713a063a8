"""Dagster integration (``pip install 'fivetrex[dagster]'``).

- :class:`FivetranResource`: a ``ConfigurableResource`` giving a ``Fivetrex`` and an
  ``AsyncFivetrex`` (``EnvVar`` configuration, or the ``FIVETRAN_*`` environment).
- :func:`load_fivetran_assets`: assets built from the account, one per destination table
  of each connection (keys ``[schema, table]``, customisable), materialized by
  ``sync_and_wait`` with the connection, sync timestamps and tables as metadata.
- :func:`fivetran_sync_assets`: the same for one connection and a given table list, with
  no API call when the definitions load.
- :func:`fivetran_sync_sensor`: materializations for the syncs Fivetran runs by itself.

See ``docs/guide/dagster.md``.
"""

from __future__ import annotations

from .assets import FivetranTable, fivetran_sync_assets, load_fivetran_assets
from .resources import FivetranResource
from .sensors import fivetran_sync_sensor

__all__ = [
    "FivetranResource",
    "FivetranTable",
    "fivetran_sync_assets",
    "fivetran_sync_sensor",
    "load_fivetran_assets",
]
