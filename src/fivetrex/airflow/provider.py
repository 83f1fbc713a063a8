"""Airflow's provider metadata for fivetrex (the ``apache_airflow_provider`` entry point).

It registers the ``fivetran`` connection type with :class:`~fivetrex.airflow.FivetranHook`,
so the Airflow UI offers it with labelled fields (API key, API secret, base URL) and a *Test*
button. Only Airflow loads it.
"""

from __future__ import annotations

from typing import Any

from fivetrex._version import __version__

__all__ = ["get_provider_info"]


def get_provider_info() -> dict[str, Any]:
    """The provider info Airflow's ProvidersManager reads."""
    return {
        "package-name": "fivetrex",
        "name": "fivetrex",
        "description": "Fivetran syncs from Airflow with fivetrex: a hook, a deferrable "
        "operator, a sensor and a trigger.",
        "versions": [__version__],
        "connection-types": [
            {
                "hook-class-name": "fivetrex.airflow.hooks.FivetranHook",
                "connection-type": "fivetran",
            }
        ],
        "hooks": [
            {
                "integration-name": "Fivetran",
                "python-modules": ["fivetrex.airflow.hooks"],
            }
        ],
        "triggers": [
            {
                "integration-name": "Fivetran",
                "python-modules": ["fivetrex.airflow.triggers"],
            }
        ],
    }
