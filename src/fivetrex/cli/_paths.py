"""Dotted paths into nested dicts, for ``--fields status.sync_state`` and ``config.schema=x``."""

from __future__ import annotations

from typing import Any

__all__ = ["set_path"]


def set_path(target: dict[str, Any], path: str, value: Any) -> None:
    """``set_path(d, "config.schema", x)`` sets ``d["config"]["schema"]``.

    Missing levels (or levels that are not dicts) become new dicts.
    """
    parts = path.split(".")
    for part in parts[:-1]:
        nested = target.get(part)
        if not isinstance(nested, dict):
            nested = {}
            target[part] = nested
        target = nested
    target[parts[-1]] = value
