"""The Airflow hook: a ``fivetran`` connection gives a ``Fivetrex`` and an ``AsyncFivetrex``."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from fivetrex import AsyncFivetrex, ConfigurationError, Fivetrex, FivetrexError

from ._compat import BaseHook

__all__ = ["ACCEPTED_CONN_TYPES", "FivetranHook", "client_options"]

#: Connection types whose login/password are a Fivetran API key/secret: ours, the ones the
#: Fivetran providers register (``Fivetran`` and ``fivetran``), and the generic ones.
ACCEPTED_CONN_TYPES = frozenset({"fivetran", "generic", "http", "https"})

#: Keys of a connection's ``extra`` passed on to the client.
_EXTRA_OPTIONS = ("timeout", "max_retries", "rate_limit")


def _base_url(host: str | None, port: int | None) -> str | None:
    """The API base URL from a connection's host (and port); ``None`` for the default."""
    if not host:
        return None
    url = host if "://" in host else f"https://{host}"
    parts = urlsplit(url)
    if port and parts.port is None:
        url = f"{parts.scheme}://{parts.netloc}:{port}{parts.path}"
        parts = urlsplit(url)
    if parts.path in ("", "/"):
        url = url.rstrip("/") + "/v1"
    return url


def client_options(conn: Any) -> dict[str, Any]:
    """The ``Fivetrex``/``AsyncFivetrex`` keyword options an Airflow connection describes.

    login = API key, password = API secret, host = base URL (optional: a bare host gets
    ``https://`` and a missing path ``/v1``), extra = ``{"timeout": .., "max_retries": ..,
    "rate_limit": ..}`` (all optional).

    Raises:
        ConfigurationError: The connection is of another type, or has no key or secret.
    """
    conn_type = (getattr(conn, "conn_type", None) or "").lower()
    conn_id = getattr(conn, "conn_id", None)
    if conn_type and conn_type not in ACCEPTED_CONN_TYPES:
        raise ConfigurationError(
            f"Airflow connection {conn_id!r} is of type {conn.conn_type!r}; "
            "fivetrex needs a 'fivetran' connection (login = API key, password = API secret)"
        )
    if not conn.login or not conn.password:
        raise ConfigurationError(
            f"Airflow connection {conn_id!r} needs the Fivetran API key as login "
            "and the API secret as password"
        )
    options: dict[str, Any] = {"api_key": conn.login, "api_secret": conn.password}
    url = _base_url(conn.host, conn.port)
    if url is not None:
        options["base_url"] = url
    extra = conn.extra_dejson if isinstance(conn.extra_dejson, Mapping) else {}
    options.update({k: extra[k] for k in _EXTRA_OPTIONS if k in extra})
    return options


class FivetranHook(BaseHook):  # type: ignore[misc]
    """Fivetran clients from an Airflow connection.

    The connection (type ``fivetran``; the ``Fivetran`` type of the older providers works
    unchanged): login = API key, password = API secret, host = base URL (optional, e.g.
    ``https://api.fivetran.com/v1``), extra = ``{"timeout": 30, "max_retries": 3,
    "rate_limit": "standard"}`` (optional).

    Args:
        fivetran_conn_id: The Airflow connection id.
        **options: More ``Fivetrex``/``AsyncFivetrex`` options (they win over ``extra``).
    """

    conn_name_attr = "fivetran_conn_id"
    default_conn_name = "fivetran_default"
    conn_type = "fivetran"
    hook_name = "Fivetran (fivetrex)"

    def __init__(self, fivetran_conn_id: str = default_conn_name, **options: Any) -> None:
        super().__init__()
        self.fivetran_conn_id = fivetran_conn_id
        self.options = options

    @classmethod
    def get_ui_field_behaviour(cls) -> dict[str, Any]:
        """How the Airflow UI shows a ``fivetran`` connection's fields."""
        return {
            "hidden_fields": ["schema", "port"],
            "relabeling": {"login": "API key", "password": "API secret", "host": "Base URL"},
            "placeholders": {
                "host": "https://api.fivetran.com/v1 (optional)",
                "extra": '{"timeout": 30, "max_retries": 3, "rate_limit": "standard"}',
            },
        }

    def get_client(self) -> Fivetrex:
        """A blocking client (close it, or use it in a ``with`` block)."""
        conn = self.get_connection(self.fivetran_conn_id)
        return Fivetrex(**{**client_options(conn), **self.options})

    async def get_async_client(self) -> AsyncFivetrex:
        """An asyncio client, for triggers (close it, or use it in an ``async with`` block).

        Reads the connection without blocking the event loop (``aget_connection`` on
        Airflow 3, a worker thread on Airflow 2).
        """
        aget = getattr(self, "aget_connection", None)
        if aget is not None:
            conn = await aget(self.fivetran_conn_id)
        else:  # pragma: no cover - Airflow 2
            conn = await asyncio.to_thread(self.get_connection, self.fivetran_conn_id)
        return AsyncFivetrex(**{**client_options(conn), **self.options})

    def get_conn(self) -> Fivetrex:
        """Airflow's generic name for :meth:`get_client`."""
        return self.get_client()

    def test_connection(self) -> tuple[bool, str]:
        """Check the credentials (the UI's *Test* button): reads the account's info."""
        try:
            with self.get_client() as client:
                info = client.account.get_info()
        except FivetrexError as error:
            return False, str(error)
        return True, f"Connected to Fivetran account {info.account_name or info.account_id}"
