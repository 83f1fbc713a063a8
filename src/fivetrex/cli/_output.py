"""Printing results: aligned tables (rich), a JSON document, or JSON lines.

* ``json``: one document; models via ``to_dict()``, lists (every page of a
  stream) as one array, written once the whole result has arrived (a failure on the
  way leaves stdout empty, never half an array).
* ``jsonl``: one compact JSON value per line (a list: one item per line).
* ``table``: a rich table (lists), a two-column field/value table (one object),
  or a dedicated view (the schema config tree).

``--fields a,b.c`` keeps those keys (dotted paths reach into nested objects, and
model properties such as ``sync_state`` work too); in JSON the selected values
keep their nesting.
"""

from __future__ import annotations

import codecs
import dataclasses
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from typing import IO, Any, Literal

from pydantic import BaseModel

from ..models import SchemaConfig
from ._paths import set_path

__all__ = [
    "DEFAULT_COLUMNS",
    "OutputFormat",
    "Printer",
    "UnknownFieldError",
    "get_path",
    "parse_fields",
    "select_fields",
    "to_data",
    "unknown_field",
]

OutputFormat = Literal["table", "json", "jsonl"]

#: Columns of list tables, by model class name (``--fields`` overrides).
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "Group": ("id", "name", "created_at"),
    "Connection": (
        "id",
        "service",
        "schema",
        "paused",
        "status.setup_state",
        "status.sync_state",
        "succeeded_at",
    ),
    "Destination": ("id", "service", "region", "setup_status", "time_zone_offset"),
    "Webhook": ("id", "type", "group_id", "url", "events", "active"),
    "Column": ("name_in_destination", "enabled", "hashed", "is_primary_key"),
    "Table": ("name_in_destination", "enabled", "sync_mode"),
    "SyncStatus": (
        "connection_id",
        "sync_state",
        "setup_state",
        "paused",
        "succeeded_at",
        "failed_at",
    ),
}

_MISSING = object()


def _error_data(error: BaseException) -> dict[str, Any]:
    data: dict[str, Any] = {"error": type(error).__name__, "message": str(error)}
    for name in ("type", "status", "code"):
        value = getattr(error, name, None)
        if isinstance(value, (str, int)):
            data[name] = value
    return data


def to_data(value: Any) -> Any:
    """JSON-compatible data: models via ``to_dict()``, containers recursively.

    A bulk result (``outcomes`` of value-or-error) becomes ``{id: {"ok": ...,
    "value": ...}}`` / ``{id: {"ok": false, "error": ...}}``; exceptions become
    ``{"error": class, "message": ..., "status": ..., "code": ...}``.
    """
    outcomes = getattr(value, "outcomes", None)
    if isinstance(outcomes, dict) and dataclasses.is_dataclass(value):
        return {str(k): to_data(o) for k, o in outcomes.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if hasattr(value, "error") and hasattr(value, "value"):  # one outcome
            error = value.error
            if isinstance(error, BaseException):
                return {"ok": False, **_error_data(error)}
            return {"ok": True, "value": to_data(value.value)}
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, BaseException):
        return _error_data(value)
    if isinstance(value, BaseModel):
        to_dict = getattr(value, "to_dict", None)
        if callable(to_dict):
            return to_dict()
        return value.model_dump(mode="json", by_alias=True)
    if isinstance(value, dict):
        return {str(k): to_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_data(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def parse_fields(text: str | None) -> list[str] | None:
    """``"id, status.sync_state"`` → ``["id", "status.sync_state"]``."""
    if not text:
        return None
    fields = [f.strip() for f in text.split(",") if f.strip()]
    return fields or None


def get_path(obj: Any, data: Any, path: str) -> Any:
    """The value at a dotted path: in the data first, then as attributes of the object."""
    current: Any = data
    for part in path.split("."):
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif isinstance(current, list) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        else:
            current = _MISSING
            break
    if current is not _MISSING:
        return current
    current = obj  # model properties (``sync_state``, ``name``...)
    for part in path.split("."):
        try:
            current = getattr(current, part)
        except Exception:
            return None
    return to_data(current)


def _declares(obj: Any, name: str) -> bool:
    """Whether ``obj`` has ``name``: a model field (or its alias) or an attribute."""
    if isinstance(obj, BaseModel):
        for field_name, info in type(obj).model_fields.items():
            if name in (field_name, info.alias):
                return True
    if isinstance(obj, dict):
        return name in obj
    return not name.startswith("_") and hasattr(obj, name)


def unknown_field(obj: Any, data: Any, path: str) -> str | None:
    """Why ``path`` names nothing on ``obj`` (with the fields that do exist), else ``None``.

    A path through a value that is ``None`` (or a list) on this item is not judged.
    """
    current_obj, current_data = obj, data
    walked: list[str] = []
    for part in path.split("."):
        if current_data is None or isinstance(current_data, list):
            return None
        in_data = isinstance(current_data, dict) and part in current_data
        if not in_data and not _declares(current_obj, part):
            keys = sorted(current_data) if isinstance(current_data, dict) else []
            where = ".".join(walked)
            known = ", ".join(f"{where}.{k}" if where else k for k in keys)
            return f"unknown field {path!r}" + (f"; fields here: {known}" if known else "")
        current_data = current_data.get(part) if in_data else None
        try:
            current_obj = getattr(current_obj, part) if not isinstance(current_obj, dict) else None
        except Exception:
            current_obj = None
        if current_data is None and current_obj is not None:
            current_data = to_data(current_obj)
        walked.append(part)
    return None


class UnknownFieldError(ValueError):
    """``--fields`` names a field the result does not have (exit code 2)."""


def select_fields(obj: Any, fields: Sequence[str]) -> dict[str, Any]:
    """Keep only ``fields`` of one item, nesting dotted paths again."""
    data = to_data(obj)
    out: dict[str, Any] = {}
    for path in fields:
        set_path(out, path, get_path(obj, data, path))
    return out


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        if len(value) >= 19 and value[4:5] == "-" and value[10:11] == "T":
            try:  # timestamps: shorter, still unambiguous
                stamp = datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                return value
            text = stamp.strftime("%Y-%m-%d %H:%M:%S")
            offset = stamp.utcoffset()
            return text + ("Z" if offset is not None and not offset else "")
        return value
    if isinstance(value, list) and all(not isinstance(v, (dict, list)) for v in value):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"), default=str, ensure_ascii=False)
    return str(value)


def _text(value: str) -> Any:
    """A table cell that is never read as rich markup."""
    from rich.text import Text

    return Text(value)


def _flatten(data: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    if not isinstance(data, dict) or not data:
        yield prefix.rstrip("."), data
        return
    for key, value in data.items():
        if isinstance(value, dict) and value:
            yield from _flatten(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


def _headers(columns: Sequence[str]) -> list[str]:
    """Column headers: the last segment of a dotted path when that is unambiguous."""
    lasts = [c.rsplit(".", 1)[-1] for c in columns]
    return [last if lasts.count(last) == 1 else c for c, last in zip(columns, lasts, strict=True)]


def _columns_for(items: Sequence[Any], datas: Sequence[Any]) -> list[str]:
    if not items:
        return []
    known = DEFAULT_COLUMNS.get(type(items[0]).__name__)
    if known:
        return list(known)
    first = datas[0]
    if not isinstance(first, dict):
        return []
    columns: list[str] = []
    for key in first:
        values = [d.get(key) for d in datas if isinstance(d, dict)]
        if all(v is None or not isinstance(v, (dict, list)) for v in values) or all(
            isinstance(v, list) and all(not isinstance(x, (dict, list)) for x in v)
            for v in values
            if v is not None
        ):
            columns.append(key)
        if len(columns) >= 8:
            break
    return columns


class Printer:
    """Writes results to stdout in the chosen format.

    Args:
        fmt: ``table``, ``json`` or ``jsonl``.
        fields: Keys to keep (``--fields``), or ``None`` for all.
        out: The stream (stdout by default, looked up at print time).
        redact: Applied to every line written (removes secrets).
    """

    def __init__(
        self,
        fmt: OutputFormat,
        *,
        fields: Sequence[str] | None = None,
        out: IO[str] | None = None,
        redact: Callable[[str], str] | None = None,
    ) -> None:
        self.fmt: OutputFormat = fmt
        self.fields: list[str] | None = list(fields) if fields else None
        self._out = out
        self._redact = redact or (lambda text: text)
        self._checked = False

    @property
    def out(self) -> IO[str]:
        """The output stream."""
        return self._out if self._out is not None else sys.stdout

    def _dumps(self, value: Any, *, indent: int | None = None) -> str:
        """JSON text: characters as they are (``…``, ``é``) when the output is UTF-8.

        An output that cannot encode them (a legacy code page) gets ``\\u2026`` escapes:
        the same JSON, in ASCII.
        """
        try:
            encoding = codecs.lookup(getattr(self.out, "encoding", None) or "ascii").name
        except LookupError:
            encoding = "ascii"
        plain = encoding in ("utf-8", "utf-16", "utf-32")
        return json.dumps(value, indent=indent, default=str, ensure_ascii=not plain)

    def _write(self, text: str) -> None:
        self.out.write(self._redact(text))
        self.out.flush()

    def check_fields(self, item: Any) -> None:
        """Raise :class:`UnknownFieldError` when ``--fields`` names something ``item`` lacks.

        Checked on the first item only (before anything is written).
        """
        if self._checked or not self.fields or item is None:
            return
        self._checked = True
        data = to_data(item)
        for path in self.fields:
            problem = unknown_field(item, data, path)
            if problem:
                raise UnknownFieldError(f"--fields: {problem}")

    def _shape(self, item: Any) -> Any:
        if not self.fields:
            return to_data(item)
        outcomes = getattr(item, "outcomes", None)
        if isinstance(outcomes, dict) and dataclasses.is_dataclass(item):  # a bulk result
            return {str(key): self._shape_outcome(o) for key, o in outcomes.items()}
        self.check_fields(item)
        return select_fields(item, self.fields)

    def _shape_outcome(self, outcome: Any) -> Any:
        """One item of a bulk result: ``--fields`` apply to its value."""
        if getattr(outcome, "error", None) is not None:
            return to_data(outcome)
        return {"ok": True, "value": self._shape(outcome.value)}

    def console(self) -> Any:
        """A rich console on the output stream."""
        from rich.console import Console

        terminal = self.out.isatty()
        width = None
        if not terminal:
            columns = os.environ.get("COLUMNS", "")
            width = int(columns) if columns.isdigit() else 200
        return Console(
            file=self.out,
            width=width,
            highlight=False,
            soft_wrap=False,
            emoji=False,
        )

    # -- entry points

    def result(self, value: Any, *, title: str | None = None) -> None:
        """Print the result of one call (a model, a dict, a list, ``None``...)."""
        if self.fmt == "json":
            self._write(self._dumps(self._shape(value), indent=2) + "\n")
            return
        if self.fmt == "jsonl":
            if isinstance(value, (list, tuple)):
                for item in value:
                    self._write(self._dumps(self._shape(item)) + "\n")
            elif value is not None:
                self._write(self._dumps(self._shape(value)) + "\n")
            return
        self._table_result(value, title=title)

    def items(self, items: Iterable[Any], *, title: str | None = None) -> int:
        """Print a list (e.g. every page of a stream); JSON lines are written as items arrive."""
        count = 0
        if self.fmt == "jsonl":
            for item in items:
                self._write(self._dumps(self._shape(item)) + "\n")
                count += 1
            return count
        if self.fmt == "json":
            # one document, written once every page has arrived: a failure on the way
            # (bad credentials, a refused connection, page 3 of 5) leaves stdout empty,
            # never a truncated array
            shaped = [self._shape(item) for item in items]
            self._write(self._dumps(shaped, indent=2) + "\n")
            return len(shaped)
        collected = list(items)
        self._list_table(collected, title=title)
        return len(collected)

    def message(self, text: str) -> None:
        """A line for people (table mode only)."""
        if self.fmt == "table":
            self._write(text + "\n")

    # -- tables

    def _table_result(self, value: Any, *, title: str | None) -> None:
        if value is None:
            self._write("Done.\n")
            return
        if isinstance(value, SchemaConfig) and not self.fields:
            self._print_renderable(schema_tree(value, title=title))
            return
        if isinstance(value, (list, tuple)):
            self._list_table(list(value), title=title)
            return
        outcomes = getattr(value, "outcomes", None)
        if isinstance(outcomes, dict) and dataclasses.is_dataclass(value):
            self._bulk_table(outcomes, title=title)
            return
        if (
            isinstance(value, dict)
            and value
            and all(isinstance(v, (BaseModel, dict)) for v in value.values())
        ):
            rows = [(k, v) for k, v in value.items()]
            self._keyed_table(rows, title=title)
            return
        if isinstance(value, (BaseModel, dict)):
            self._object_table(value, title=title)
            return
        self._write(f"{value}\n")

    def _print_renderable(self, renderable: Any) -> None:
        console = self.console()
        with console.capture() as capture:
            console.print(renderable)
        text = "\n".join(line.rstrip() for line in capture.get().splitlines())
        self._write(text + "\n")

    def _list_table(self, items: list[Any], *, title: str | None) -> None:
        from rich import box
        from rich.table import Table

        if items:
            self.check_fields(items[0])
        datas = [to_data(i) for i in items]
        columns = self.fields or _columns_for(items, datas)
        table = Table(box=box.SIMPLE_HEAD, title=title, title_justify="left")
        if not columns:
            table.add_column("value")
            for data in datas:
                table.add_row(_text(_cell(data)))
        else:
            rows = [
                [_cell(get_path(item, data, c)) for c in columns]
                for item, data in zip(items, datas, strict=True)
            ]
            headers = _headers(columns)
            widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
            # columns keep their width when they can; the first (the id) always does;
            # columns that do not fit the terminal at all are left out (and said so)
            budget = self.console().width
            keep = len(headers)
            while keep > 2 and sum(min(w, 20) + 3 for w in widths[:keep]) > budget:
                keep -= 1
            for index, header in enumerate(headers[:keep]):
                table.add_column(
                    header,
                    overflow="ellipsis",
                    no_wrap=True,
                    min_width=widths[index] if index == 0 else min(widths[index], 20),
                )
            for row in rows:
                table.add_row(*(_text(cell) for cell in row[:keep]))
            if keep < len(headers):
                table.caption = (
                    f"not shown (too narrow): {', '.join(headers[keep:])}; use --fields or -o json"
                )
        self._print_renderable(table)
        if not items:
            self._write("(no items)\n")

    def _keyed_table(self, rows: list[tuple[str, Any]], *, title: str | None) -> None:
        from rich import box
        from rich.table import Table

        items = [v for _, v in rows]
        if items:
            self.check_fields(items[0])
        datas = [to_data(v) for v in items]
        columns = self.fields or _columns_for(items, datas)
        table = Table(box=box.SIMPLE_HEAD, title=title, title_justify="left")
        table.add_column("name", no_wrap=True)
        for header in _headers(columns):
            table.add_column(header, overflow="ellipsis", no_wrap=True)
        for (key, item), data in zip(rows, datas, strict=True):
            table.add_row(_text(key), *(_text(_cell(get_path(item, data, c))) for c in columns))
        self._print_renderable(table)

    def _bulk_table(self, outcomes: dict[str, Any], *, title: str | None) -> None:
        from rich import box
        from rich.table import Table

        values = [o.value for o in outcomes.values() if getattr(o, "error", None) is None]
        if values:
            self.check_fields(values[0])
        datas = [to_data(v) for v in values]
        columns = [
            c
            for c in (self.fields or _columns_for(values, datas))
            if c not in ("id", "connection_id")
        ]
        table = Table(box=box.SIMPLE_HEAD, title=title, title_justify="left")
        table.add_column("id", no_wrap=True)
        table.add_column("ok")
        for header in _headers(columns):
            table.add_column(header, overflow="ellipsis", no_wrap=True)
        table.add_column("error", overflow="fold")
        for key, outcome in outcomes.items():
            error = getattr(outcome, "error", None)
            if error is not None:
                cells = [""] * len(columns)
                table.add_row(_text(key), "[red]no[/red]", *cells, _text(str(error)))
                continue
            item = outcome.value
            data = to_data(item)
            cells = [_text(_cell(get_path(item, data, c))) for c in columns]
            table.add_row(_text(key), "yes", *cells, "")
        self._print_renderable(table)

    def _object_table(self, value: Any, *, title: str | None) -> None:
        from rich import box
        from rich.table import Table

        self.check_fields(value)
        data = to_data(value)
        if self.fields:
            pairs = [(f, get_path(value, data, f)) for f in self.fields]
        else:
            pairs = list(_flatten(data))
        table = Table(box=box.SIMPLE, show_header=False, title=title, title_justify="left")
        table.add_column("field", style="bold")
        table.add_column("value", overflow="fold")
        for key, item in pairs:
            table.add_row(_text(key), _text(_cell(item)))
        self._print_renderable(table)


def _mark(flag: bool | None) -> str:
    if flag is None:
        return "[dim]?[/dim]"
    return "[green]✓[/green]" if flag else "[red]✗[/red]"


def _renamed(name: str, name_in_destination: str | None) -> str:
    """`` → <name in the destination>`` when that differs from ``name``, else ``""``."""
    from rich.markup import escape

    if not name_in_destination or name_in_destination == name:
        return ""
    return f" [dim]→ {escape(name_in_destination)}[/dim]"


def schema_tree(config: SchemaConfig, *, title: str | None = None) -> Any:
    """A rich ``Tree`` of schemas → tables → columns (enabled, hashed, sync mode)."""
    from rich.markup import escape
    from rich.tree import Tree

    head = escape(title or "schema config")
    details = []
    if config.schema_change_handling:
        details.append(f"schema_change_handling={config.schema_change_handling}")
    if config.enable_new_by_default is not None:
        details.append(f"enable_new_by_default={str(config.enable_new_by_default).lower()}")
    root = Tree(f"[bold]{head}[/bold]" + (f"  [dim]{' '.join(details)}[/dim]" if details else ""))
    if not config.schemas:
        root.add("[dim](no schemas: try reload-schema-config)[/dim]")
    for schema_name, schema in config.schemas.items():
        renamed = _renamed(schema_name, schema.name_in_destination)
        branch = root.add(f"{_mark(schema.enabled)} [bold]{escape(schema_name)}[/bold]{renamed}")
        for table_name, table in schema.tables.items():
            mode = f" [cyan]{escape(table.sync_mode)}[/cyan]" if table.sync_mode else ""
            table_renamed = _renamed(table_name, table.name_in_destination)
            leaf = branch.add(f"{_mark(table.enabled)} {escape(table_name)}{mode}{table_renamed}")
            for column_name, column in table.columns.items():
                flags = []
                if column.is_primary_key:
                    flags.append("[yellow]pk[/yellow]")
                if column.hashed:
                    flags.append("[magenta]hashed[/magenta]")
                suffix = (" " + " ".join(flags)) if flags else ""
                leaf.add(f"{_mark(column.enabled)} {escape(column_name)}{suffix}")
    return root
