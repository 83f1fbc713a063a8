"""Plausible source catalogues (schemas, tables, columns) per connection service."""

from __future__ import annotations

from typing import Any

from fivetrex.emulator._catalog import CONNECTION_SERVICES

__all__ = ["columns_for_table", "default_source"]

_COLUMNS_BY_TABLE: dict[str, tuple[str, ...]] = {
    "customers": ("id", "email", "first_name", "last_name", "created_at", "updated_at"),
    "customer": ("id", "email", "name", "created", "currency"),
    "orders": ("id", "customer_id", "total_amount", "currency", "status", "created_at"),
    "order": ("id", "customer_id", "total_price", "financial_status", "created_at"),
    "order_items": ("id", "order_id", "product_id", "quantity", "unit_price"),
    "products": ("id", "sku", "name", "price", "active"),
    "product": ("id", "title", "vendor", "product_type", "created_at"),
    "invoices": ("id", "order_id", "amount_due", "paid", "issued_at"),
    "invoice": ("id", "customer_id", "amount_due", "status", "created"),
    "events": ("id", "user_id", "event_type", "payload", "occurred_at"),
    "event": ("id", "user_id", "event_type", "properties", "timestamp"),
    "account": ("id", "name", "industry", "owner_id", "created_date"),
    "contact": ("id", "email", "first_name", "last_name", "account_id"),
    "opportunity": ("id", "name", "amount", "stage_name", "close_date", "account_id"),
    "lead": ("id", "email", "company", "status", "created_date"),
    "user": ("id", "email", "name", "is_active"),
    "charge": ("id", "amount", "currency", "customer_id", "status", "created"),
    "subscription": ("id", "customer_id", "status", "current_period_end", "plan_id"),
    "ticket": ("id", "subject", "status", "priority", "requester_id", "created_at"),
    "issue": ("id", "key", "summary", "status", "assignee", "created"),
    "deal": ("id", "name", "amount", "stage", "close_date", "owner_id"),
    "company": ("id", "name", "domain", "industry", "created_at"),
    "campaign": ("id", "name", "status", "budget", "start_date"),
}
_DEFAULT_COLUMNS = ("id", "name", "status", "created_at", "updated_at")
_SHEET_COLUMNS = ("_row", "column_a", "column_b", "column_c")
_FILE_COLUMNS = ("_file", "_line", "_modified", "id", "value")


def columns_for_table(table: str, *, kind: str = "app", service: str = "") -> list[dict[str, Any]]:
    """Return the source columns of ``table`` (first column is the primary key)."""
    names: tuple[str, ...]
    if kind == "table":
        names = _SHEET_COLUMNS if service == "google_sheets" else _FILE_COLUMNS
    else:
        names = _COLUMNS_BY_TABLE.get(table.lower(), _DEFAULT_COLUMNS)
    return [{"name": name, "primary_key": index == 0} for index, name in enumerate(names)]


def default_source(service: str, config: dict[str, Any]) -> dict[str, dict[str, list[Any]]]:
    """Return the source model a fresh connection of ``service`` exposes.

    The result maps source schema name -> table name -> list of column dicts
    (``{"name": ..., "primary_key": bool}``).
    """
    info = CONNECTION_SERVICES[service]
    if info.kind == "database":
        return {
            schema: {t: columns_for_table(t, kind="database") for t in info.tables}
            for schema in info.source_schemas
        }
    if info.kind == "table":
        schema = str(config.get("schema", "files"))
        table = str(config.get("table", "data"))
        return {schema: {table: columns_for_table(table, kind="table", service=service)}}
    key = info.single_schema_key or str(config.get("schema", service))
    return {key: {t: columns_for_table(t) for t in info.tables}}
