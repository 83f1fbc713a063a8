"""Schema configuration models: schemas → tables → columns."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ._base import FivetrexModel

__all__ = ["Column", "Schema", "SchemaConfig", "Table"]


class Column(FivetrexModel):
    """A column of a table's configuration."""

    name_in_destination: str | None = None
    """The column's name in the destination."""
    enabled: bool | None = None
    """Whether the column is synced."""
    hashed: bool | None = None
    """Whether the column's values are hashed (for PII)."""
    is_primary_key: bool | None = None
    """Whether the column is part of the primary key."""
    enabled_patch_settings: dict[str, Any] | None = None
    """Whether (and why not) the column may be toggled."""


class Table(FivetrexModel):
    """A table of a schema's configuration."""

    name_in_destination: str | None = None
    """The table's name in the destination."""
    enabled: bool | None = None
    """Whether the table is synced."""
    sync_mode: str | None = None
    """``SOFT_DELETE``, ``HISTORY`` or ``LIVE``."""
    supports_columns_config: bool | None = None
    """Whether columns can be configured one by one."""
    enabled_patch_settings: dict[str, Any] | None = None
    """Whether (and why not) the table may be toggled."""
    columns: dict[str, Column] = Field(default_factory=dict)
    """Columns by source name."""

    @property
    def enabled_columns(self) -> dict[str, Column]:
        """The enabled columns."""
        return {name: c for name, c in self.columns.items() if c.enabled}

    @property
    def primary_key_columns(self) -> list[str]:
        """Names of the primary-key columns."""
        return [name for name, c in self.columns.items() if c.is_primary_key]

    @property
    def hashed_columns(self) -> list[str]:
        """Names of the hashed columns."""
        return [name for name, c in self.columns.items() if c.hashed]


class Schema(FivetrexModel):
    """A source schema (namespace of tables)."""

    name_in_destination: str | None = None
    """The schema's name in the destination."""
    enabled: bool | None = None
    """Whether the schema is synced."""
    tables: dict[str, Table] = Field(default_factory=dict)
    """Tables by source name."""

    @property
    def enabled_tables(self) -> dict[str, Table]:
        """The enabled tables."""
        return {name: t for name, t in self.tables.items() if t.enabled}


class SchemaConfig(FivetrexModel):
    """A connection's schema configuration."""

    enable_new_by_default: bool | None = None
    """Whether newly found schemas and tables are enabled."""
    schema_change_handling: str | None = None
    """``ALLOW_ALL``, ``ALLOW_COLUMNS`` or ``BLOCK_ALL``."""
    schemas: dict[str, Schema] = Field(default_factory=dict)
    """Schemas by source name."""

    @property
    def enabled_schemas(self) -> dict[str, Schema]:
        """The enabled schemas."""
        return {name: s for name, s in self.schemas.items() if s.enabled}
