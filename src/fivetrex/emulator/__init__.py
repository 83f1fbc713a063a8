"""A stateful local emulator of the Fivetran REST API (work in progress)."""

from __future__ import annotations

__all__: list[str] = []
