"""The top-level command groups, known without importing the client (fast ``--help``).

``fivetrex --help`` and ``fivetrex --version`` must not pay for importing httpx,
pydantic, the models and the resources: the root command lists the resource groups
from this table and builds a group only when it is used. The table is derived data:
a test compares it with what :func:`fivetrex.cli._discover.discover_resources` finds
on :class:`~fivetrex.Fivetrex` and prints the up-to-date table when they differ
(``render(derive())``).
"""

from __future__ import annotations

__all__ = ["RESOURCE_GROUPS", "derive", "render"]

#: (command name, one-line help, hidden alias names) of each resource group, in order.
RESOURCE_GROUPS: tuple[tuple[str, str | None, tuple[str, ...]], ...] = (
    ("groups", "Groups", ()),
    ("connections", "Connections (formerly connectors)", ("connectors",)),
    ("destinations", "Destinations", ()),
    ("webhooks", "Webhooks", ()),
    ("account", "The account behind the API key", ()),
    ("users", "Users", ()),
    ("teams", "Teams", ()),
    ("roles", "Roles", ()),
    ("certificates", "Certificates (deprecated API)", ()),
    ("connector-types", "Connector types (connector metadata)", ()),
    ("connector-sdk-packages", "Connector SDK packages", ()),
    ("transformation-projects", "Transformation projects (dbt Core)", ()),
    ("transformations", "Transformations", ()),
    ("log-services", "Log services (external logging)", ()),
    ("hybrid-deployment-agents", "Hybrid deployment agents", ()),
    ("private-links", "Private links", ()),
    ("proxy-agents", "Proxy agents", ()),
    ("system-keys", "System keys", ()),
    ("external-secrets-managers", "External secrets managers", ()),
    ("hvr-registrations", "HVR hub registrations", ()),
)


def derive(client_class: type | None = None) -> tuple[tuple[str, str | None, tuple[str, ...]], ...]:
    """The table as the client's declarations say it should be (imports the client)."""
    from ._app import group_short_help
    from ._discover import discover_resources

    if client_class is None:
        from .._client import Fivetrex

        client_class = Fivetrex
    return tuple(
        (r.name, group_short_help(r), tuple(a.replace("_", "-") for a in r.aliases))
        for r in discover_resources(client_class)
    )


def render(table: tuple[tuple[str, str | None, tuple[str, ...]], ...]) -> str:
    """The Python literal of a table (to paste above)."""
    import json

    lines = ["RESOURCE_GROUPS: tuple[tuple[str, str | None, tuple[str, ...]], ...] = ("]
    for name, short_help, aliases in table:
        shown = [json.dumps(a) for a in aliases]
        alias_tuple = "(" + ", ".join(shown) + ("," if len(shown) == 1 else "") + ")"
        help_text = json.dumps(short_help) if short_help is not None else "None"
        lines.append(f"    ({json.dumps(name)}, {help_text}, {alias_tuple}),")
    return "\n".join([*lines, ")"])
