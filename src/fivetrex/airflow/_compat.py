"""The Airflow names fivetrex.airflow builds on, for Airflow 2.10+ and 3.x.

Airflow 3 moved the authoring API to the Task SDK (``airflow.sdk``); Airflow 2 keeps it in
``airflow.models`` / ``airflow.hooks`` / ``airflow.sensors``. Triggers live in
``airflow.triggers.base`` in both.
"""

from __future__ import annotations

try:
    import airflow  # noqa: F401
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "fivetrex.airflow needs Apache Airflow 2.10+ or 3.x: pip install 'fivetrex[airflow]'"
    ) from exc

try:  # Airflow 3: the Task SDK
    from airflow.sdk import BaseHook, BaseOperator, BaseSensorOperator, PokeReturnValue
except ImportError:  # pragma: no cover - Airflow 2.10
    from airflow.hooks.base import BaseHook  # type: ignore[no-redef, attr-defined]
    from airflow.models.baseoperator import BaseOperator  # type: ignore[no-redef, attr-defined]
    from airflow.sensors.base import (  # type: ignore[no-redef, attr-defined]
        BaseSensorOperator,
        PokeReturnValue,
    )

try:
    from airflow.sdk.exceptions import (
        AirflowException,
        AirflowFailException,
        AirflowSensorTimeout,
    )
except ImportError:  # pragma: no cover - Airflow 2.10
    from airflow.exceptions import (  # type: ignore[no-redef, attr-defined]
        AirflowException,
        AirflowFailException,
        AirflowSensorTimeout,
    )

from airflow.triggers.base import BaseTrigger, TriggerEvent

__all__ = [
    "AirflowException",
    "AirflowFailException",
    "AirflowSensorTimeout",
    "BaseHook",
    "BaseOperator",
    "BaseSensorOperator",
    "BaseTrigger",
    "PokeReturnValue",
    "TriggerEvent",
]
