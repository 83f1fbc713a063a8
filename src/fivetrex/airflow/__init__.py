"""Apache Airflow integration (``pip install 'fivetrex[airflow]'``; Airflow 2.10+ and 3.x).

- :class:`FivetranHook`: a ``fivetran`` Airflow connection (login = API key, password =
  API secret, optional host = base URL) gives a ``Fivetrex`` and an ``AsyncFivetrex``.
- :class:`FivetranSyncOperator`: trigger a sync (or a confirmed re-sync) and wait,
  deferrable by default; returns the finished ``SyncStatus`` as a JSON-able XCom.
- :class:`FivetranSyncSensor`: wait for a sync started elsewhere (``after=`` baseline).
- :class:`FivetranSyncTrigger`: the triggerer side, ``AsyncFivetrex.wait_for_sync``.

See ``docs/guide/airflow.md``.
"""

from __future__ import annotations

from .hooks import FivetranHook
from .operators import FivetranSyncOperator
from .sensors import FivetranSyncSensor
from .triggers import FivetranSyncTrigger

__all__ = ["FivetranHook", "FivetranSyncOperator", "FivetranSyncSensor", "FivetranSyncTrigger"]
