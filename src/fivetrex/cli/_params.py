"""From an operation's signature and type hints to click parameters, and back.

The rules (documented in ``docs/cli.md``):

* positional parameters (ids) become arguments: ``fivetrex connections get ID``;
* keyword-only parameters become ``--kebab-case`` options, required when the
  parameter has no default;
* ``bool`` → ``--flag/--no-flag`` (nothing is sent unless one is given);
* ``Literal[...]`` → a choice (integer literals are converted back to ``int``);
* ``int`` / ``float`` → typed values;
* ``dict`` / ``Mapping`` / ``Any`` / models → a JSON value, also ``@file.json``
  or ``-`` for stdin;
* ``Sequence[str]`` / ``list[str]`` → a repeatable option named in the singular
  (``--event a --event b`` for ``events``; the plural is accepted too);
* ``**fields`` → repeatable ``--set key=value`` (the value is parsed as JSON when
  it parses, else kept as a string; dotted keys nest) and ``--json BODY``;
* a ``confirm`` parameter → the ``--yes`` flag.

Options that are not given are not passed, so the library's defaults apply.
"""

from __future__ import annotations

import collections.abc
import inspect
import json
import re
import sys
import types
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path, PurePath
from typing import Any, Literal, Union, get_args, get_origin

import click
from pydantic import BaseModel

from ._paths import set_path

__all__ = [
    "ISO_DATETIME",
    "JSON_VALUE",
    "KEY_VALUE",
    "UPLOAD_FILE",
    "IsoDateTime",
    "JsonValue",
    "KeyValue",
    "ParamPlan",
    "PlannedParam",
    "UploadFile",
    "parse_arg_docs",
    "plain_text",
    "plan_parameters",
    "representable",
    "singular",
]

_NONE = type(None)
_SEQUENCE_ORIGINS = (
    list,
    tuple,
    set,
    frozenset,
    collections.abc.Sequence,
    collections.abc.Set,
    collections.abc.Iterable,
    collections.abc.Collection,
)
_MAPPING_ORIGINS = (dict, collections.abc.Mapping, collections.abc.MutableMapping)


# --------------------------------------------------------------------------- value types


class JsonValue(click.ParamType):  # type: ignore[type-arg]
    """A JSON value given inline, as ``@path/to/file.json``, or as ``-`` (stdin).

    ``@@text`` passes a literal ``@text``.
    """

    name = "json"

    def __init__(self, *, want: type | None = None) -> None:
        self.want = want

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        """How the value is shown in help."""
        return "JSON"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """Parse the text (reading the file or stdin first when asked)."""
        if not isinstance(value, str):
            return value
        text = value
        source = "value"
        if value == "-":
            text = sys.stdin.read()
            source = "stdin"
        elif value.startswith("@@"):
            text = value[1:]
        elif value.startswith("@"):
            path = Path(value[1:]).expanduser()
            try:
                text = path.read_text(encoding="utf-8")
            except OSError as error:
                self.fail(f"cannot read {str(path)!r}: {error.strerror or error}", param, ctx)
            source = str(path)
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError as error:
            self.fail(
                f"{source} is not valid JSON ({error.msg} at line {error.lineno} "
                f"column {error.colno})",
                param,
                ctx,
            )
        if self.want is dict and not isinstance(parsed, dict):
            self.fail(f"expected a JSON object, got {type(parsed).__name__}", param, ctx)
        if self.want is list and not isinstance(parsed, list):
            self.fail(f"expected a JSON array, got {type(parsed).__name__}", param, ctx)
        return parsed


class KeyValue(click.ParamType):  # type: ignore[type-arg]
    """``key=value``; the value is JSON when it parses as JSON, else a string."""

    name = "key=value"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        """How the value is shown in help."""
        return "KEY=VALUE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """Split and decode."""
        if isinstance(value, tuple):
            return value
        key, sep, raw = str(value).partition("=")
        key = key.strip()
        if not sep or not key:
            self.fail(f"expected KEY=VALUE, got {value!r}", param, ctx)
        try:
            decoded: Any = json.loads(raw)
        except json.JSONDecodeError:
            decoded = raw
        return (key, decoded)


class IsoDateTime(click.ParamType):  # type: ignore[type-arg]
    """An ISO-8601 timestamp (``2026-01-15T09:00:00Z``); naive values are taken as UTC."""

    name = "datetime"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        """How the value is shown in help."""
        return "ISO-8601"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """Parse the timestamp."""
        if isinstance(value, datetime):
            return value
        text = str(value).strip()
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            self.fail(f"{value!r} is not an ISO-8601 timestamp (e.g. 2026-01-15T09:00:00Z)")
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


class UploadFile(click.ParamType):  # type: ignore[type-arg]
    """A file to upload: a path (handed to the library), or ``-`` for stdin's bytes."""

    name = "file"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        """How the value is shown in help."""
        return "PATH"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """Check the path (or read stdin)."""
        if value == "-":
            stdin = sys.stdin
            return getattr(stdin, "buffer", stdin).read()
        if isinstance(value, (bytes, bytearray)):
            return bytes(value)
        path = Path(str(value)).expanduser()
        if not path.is_file():
            self.fail(f"{str(path)!r} is not a readable file", param, ctx)
        return str(path)


JSON_VALUE = JsonValue()
KEY_VALUE = KeyValue()
ISO_DATETIME = IsoDateTime()
UPLOAD_FILE = UploadFile()


# --------------------------------------------------------------------------- docstrings


_ARG_LINE = re.compile(r"^(\*{0,2}\w+)\s*(?:\([^)]*\))?\s*:\s*(.*)$")


def parse_arg_docs(doc: str | None) -> dict[str, str]:
    """Per-parameter help from a Google-style ``Args:`` section."""
    if not doc:
        return {}
    lines = inspect.cleandoc(doc).splitlines()
    found: dict[str, list[str]] = {}
    inside = False
    base_indent: int | None = None
    current: str | None = None
    for line in lines:
        stripped = line.strip()
        if not inside:
            if stripped in ("Args:", "Arguments:", "Parameters:"):
                inside = True
            continue
        if not stripped:
            current = None
            continue
        indent = len(line) - len(line.lstrip())
        if indent == 0:  # the next section
            break
        if base_indent is None:
            base_indent = indent
        match = _ARG_LINE.match(stripped)
        if indent == base_indent and match:
            current = match.group(1).lstrip("*")
            found[current] = [match.group(2)]
        elif current is not None:
            found[current].append(stripped)
    return {name: plain_text(" ".join(parts)) for name, parts in found.items()}


_ROLE = re.compile(r":[\w:]+:`~?([^`]+)`")


def plain_text(text: str) -> str:
    """Docstring markup → terminal text (``code``, **bold**, :class:`~a.B` → B).

    Python's ``None`` is said in command-line terms: ``(None: wait forever)`` becomes
    ``(if not given: wait forever)``; any other ``None`` is "nothing".
    """
    text = _ROLE.sub(lambda m: m.group(1).rsplit(".", 1)[-1], text)
    text = text.replace("``", "").replace("**", "").strip()
    text = re.sub(r"\(None: ", "(if not given: ", text)
    return re.sub(r"\bNone\b", "nothing", text)


# --------------------------------------------------------------------------- hints


def _unwrap_optional(hint: Any) -> Any:
    origin = get_origin(hint)
    if origin is Union or origin is types.UnionType:
        args = [a for a in get_args(hint) if a is not _NONE]
        if len(args) == 1:
            return _unwrap_optional(args[0])
        literals: list[Any] = []
        for arg in args:
            if get_origin(arg) is Literal:
                literals.extend(get_args(arg))
            else:
                return hint
        return Literal[tuple(literals)]
    return hint


def _literal_values(hint: Any) -> tuple[Any, ...] | None:
    return get_args(hint) if get_origin(hint) is Literal else None


@dataclass(frozen=True)
class _Shape:
    """How one annotated value is read from the command line."""

    kind: Literal["flag", "scalar", "multiple", "json"]
    type: click.ParamType[Any, Any]
    convert: Callable[[Any], Any]


def _identity(value: Any) -> Any:
    return value


def _choice(values: tuple[Any, ...]) -> tuple[click.ParamType[Any, Any], Callable[[Any], Any]]:
    by_text = {str(v): v for v in values}
    return click.Choice(list(by_text)), lambda text: by_text.get(text, text)


def _scalar(hint: Any) -> tuple[click.ParamType[Any, Any], Callable[[Any], Any]] | None:
    literal = _literal_values(hint)
    if literal is not None:
        return _choice(literal)
    if hint is str:
        return click.STRING, _identity
    if hint is int:
        return click.INT, _identity
    if hint is float:
        return click.FLOAT, _identity
    return None


def _shape(hint: Any) -> _Shape:
    hint = _unwrap_optional(hint)
    if hint is bool:
        return _Shape("flag", click.BOOL, _identity)
    scalar = _scalar(hint)
    if scalar is not None:
        return _Shape("scalar", scalar[0], scalar[1])
    if hint is datetime:
        return _Shape("scalar", ISO_DATETIME, _identity)
    if isinstance(hint, type) and issubclass(hint, PurePath):
        return _Shape("scalar", click.Path(path_type=Path), _identity)
    origin = get_origin(hint)
    if origin in _SEQUENCE_ORIGINS and hint is not str:
        args = [a for a in get_args(hint) if a is not Ellipsis]
        element = _unwrap_optional(args[0]) if args else str
        inner = _scalar(element)
        if inner is not None and len(args) <= 1:
            elem_type, elem_convert = inner
            return _Shape("multiple", elem_type, lambda vals: [elem_convert(v) for v in vals])
        return _Shape("json", JsonValue(want=list), _identity)
    if origin in _MAPPING_ORIGINS or hint in (dict, Mapping):
        return _Shape("json", JsonValue(want=dict), _identity)
    if isinstance(hint, type) and issubclass(hint, BaseModel):
        return _Shape("json", JsonValue(want=dict), _identity)
    return _Shape("json", JSON_VALUE, _identity)


_SIMPLE = (str, int, float, bool, datetime, dict, list, tuple, set, frozenset, PurePath)


def representable(hint: Any) -> bool:
    """Whether a value of this type can be typed on a command line.

    Callables, event sources and other live objects cannot; parameters of such
    types are left to their defaults (and a required one is read as JSON).
    """
    if hint is Any or hint is None or hint is _NONE:
        return True
    origin = get_origin(hint)
    if origin is Literal:
        return True
    if origin is Union or origin is types.UnionType:
        return all(representable(a) for a in get_args(hint))
    if origin is collections.abc.Callable or hint is collections.abc.Callable:
        return False
    if origin is not None:
        if origin in _SEQUENCE_ORIGINS or origin in _MAPPING_ORIGINS:
            return all(representable(a) for a in get_args(hint) if a is not Ellipsis)
        return isinstance(origin, type) and issubclass(origin, BaseModel)
    if isinstance(hint, type):
        return issubclass(hint, _SIMPLE) or issubclass(hint, BaseModel) or hint in (Mapping,)
    return False


def singular(name: str) -> str:
    """``events`` → ``event``, ``policies`` → ``policy``, ``addresses`` → ``address``."""
    if name.endswith("ies") and len(name) > 4:
        return name[:-3] + "y"
    if name.endswith(("sses", "xes", "ches", "shes")):
        return name[:-2]
    if name.endswith("s") and not name.endswith("ss") and len(name) > 1:
        return name[:-1]
    return name


def _option_name(name: str) -> str:
    return "--" + name.strip("_").replace("_", "-")


# --------------------------------------------------------------------------- plans


@dataclass
class PlannedParam:
    """One parameter of the operation and the click parameter(s) that carry it.

    Attributes:
        name: The Python parameter name.
        role: ``positional``, ``keyword``, ``var_positional``, ``fields`` (``**fields``)
            or ``confirm``.
        dest: The click destination name.
        convert: Turns the click value into the Python value.
        json_dest: For ``**fields``: the destination of ``--json BODY``.
    """

    name: str
    role: Literal["positional", "keyword", "var_positional", "fields", "confirm"]
    dest: str
    convert: Callable[[Any], Any] = _identity
    json_dest: str | None = None
    none_if_missing: bool = False


@dataclass
class ParamPlan:
    """The click parameters of a command and how to call the operation with them."""

    params: list[click.Parameter] = field(default_factory=list)
    planned: list[PlannedParam] = field(default_factory=list)
    confirm_param: str | None = None
    progress_param: str | None = None
    skipped: list[str] = field(default_factory=list)

    def call_arguments(self, values: Mapping[str, Any]) -> tuple[list[Any], dict[str, Any]]:
        """``(args, kwargs)`` for the operation from the parsed click values.

        Values that were not given are left out so the library's defaults apply.
        """
        args: list[Any] = []
        kwargs: dict[str, Any] = {}
        skipped_positional = False
        for planned in self.planned:
            value = values.get(planned.dest)
            if planned.role == "confirm":
                continue
            if planned.role == "fields":
                body: dict[str, Any] = {}
                if planned.json_dest is not None and values.get(planned.json_dest) is not None:
                    body.update(values[planned.json_dest])
                for key, item in value or ():
                    set_path(body, key, item)
                kwargs.update(body)
                continue
            if planned.role == "var_positional":
                args.extend(planned.convert(list(value or ())))
                continue
            if value is None or (isinstance(value, tuple) and not value):
                skipped_positional = skipped_positional or planned.role == "positional"
                if planned.none_if_missing:
                    kwargs[planned.name] = None
                continue
            converted = planned.convert(list(value) if isinstance(value, tuple) else value)
            if planned.role == "positional" and not skipped_positional:
                args.append(converted)
            else:
                kwargs[planned.name] = converted
        return args, kwargs


def _default_text(default: Any) -> str | None:
    if default is inspect.Parameter.empty or default is None:
        return None
    if isinstance(default, bool):
        return "true" if default else "false"
    return str(default)


def plan_parameters(
    signature: inspect.Signature,
    hints: Mapping[str, Any],
    *,
    doc: str | None = None,
    reserved: Sequence[str] = (),
    renames: Mapping[str, str] | None = None,
    confirm: bool = False,
    upload: str | None = None,
    progress: str | None = None,
    types: Mapping[str, Callable[[], click.ParamType[Any, Any]]] | None = None,
) -> ParamPlan:
    """Map an operation's parameters to click parameters.

    Args:
        signature: The public signature (without ``self``).
        hints: Resolved type hints.
        doc: The docstring (its ``Args:`` section becomes option help).
        reserved: Option names (without ``--``) the command defines itself; a
            parameter whose option would clash is offered as ``--param-NAME``.
        renames: Parameter → option name overrides (``{"limit": "page-size"}``).
        confirm: Whether the command is destructive (adds ``--yes``).
        upload: The parameter holding a file to upload (a path, or ``-`` for stdin).
        progress: The parameter taking a progress callback (the CLI passes its own).
        types: Parameter → a factory of the click type that reads it, where the
            command checks more than the Python type says (``SECONDS``).
    """
    types = types or {}
    planner = _Planner(signature, parse_arg_docs(doc), reserved, renames)
    for index, (name, param) in enumerate(signature.parameters.items()):
        dest = f"p{index}_{name}"
        hint = hints.get(name, Any)
        if param.kind is inspect.Parameter.VAR_KEYWORD:
            planner.fields(name, dest)
        elif name == "confirm" and (confirm or _unwrap_optional(hint) is bool):
            planner.plan.confirm_param = name
            planner.plan.planned.append(PlannedParam(name, "confirm", dest))
        elif name == progress:
            planner.plan.progress_param = name  # the CLI shows progress itself
            planner.plan.skipped.append(name)
        elif name in types:
            planner.value(param, dest, _Shape("scalar", types[name](), _identity), hint)
        elif name == upload:
            planner.value(param, dest, _Shape("scalar", UPLOAD_FILE, _identity))
        elif not representable(hint) and param.default is not inspect.Parameter.empty:
            planner.plan.skipped.append(name)  # a live object (callback...): keep the default
        else:
            planner.value(param, dest, _shape(hint), hint)
    return planner.plan


class _Planner:
    """Builds a :class:`ParamPlan`, one parameter at a time (see :func:`plan_parameters`)."""

    def __init__(
        self,
        signature: inspect.Signature,
        arg_docs: Mapping[str, str],
        reserved: Sequence[str],
        renames: Mapping[str, str] | None,
    ) -> None:
        self.signature = signature
        self.arg_docs = arg_docs
        self.renames = dict(renames or {})
        self.taken = {f"--{r}" for r in reserved}
        self.plan = ParamPlan()

    def option_names(self, name: str, *extra: str) -> list[str]:
        """``--name`` (or its rename) plus ``extra``, less what is taken (``--param-NAME``)."""
        primary = "--" + self.renames[name] if name in self.renames else _option_name(name)
        names = [n for n in dict.fromkeys([primary, *extra]) if n not in self.taken]
        if not names:
            names = ["--param-" + primary[2:]]
        self.taken.update(names)
        return names

    def fields(self, name: str, dest: str) -> None:
        """``**fields``: repeatable ``--set key=value`` and ``--json BODY``."""
        help_text = self.arg_docs.get(name, "")
        self.plan.params.append(
            click.Option(
                [*self.option_names("set"), dest],
                type=KEY_VALUE,
                multiple=True,
                help=(
                    "Set any other field of the request body; repeatable. The value is "
                    "parsed as JSON when it parses (42, true, null, [..], {..}), else taken "
                    "as a string; dotted keys nest (config.schema=x)."
                    + (f" Fields: {help_text}" if help_text else "")
                ),
            )
        )
        planned = PlannedParam(name, "fields", dest)
        if "json" not in self.signature.parameters and "--json" not in self.taken:
            planned.json_dest = f"{dest}_json"
            self.taken.add("--json")
            self.plan.params.append(
                click.Option(
                    ["--json", planned.json_dest],
                    type=JsonValue(want=dict),
                    metavar="BODY",
                    help="Fields of the request body as a JSON object "
                    "(inline, @file.json or - for stdin); --set and options win.",
                )
            )
        self.plan.planned.append(planned)

    def value(self, param: inspect.Parameter, dest: str, shape: _Shape, hint: Any = None) -> None:
        """A parameter carrying a value: an argument (positional) or an option."""
        name = param.name
        if param.kind is inspect.Parameter.VAR_POSITIONAL:
            arg_type = shape.type if shape.kind != "flag" else click.STRING
            metavar = name.upper() + "..."
            self.plan.params.append(
                click.Argument([dest], nargs=-1, type=arg_type, metavar=metavar)
            )
            self.plan.planned.append(PlannedParam(name, "var_positional", dest, shape.convert))
        elif param.kind in (
            inspect.Parameter.POSITIONAL_ONLY,
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
        ):
            self.argument(param, dest, shape)
        else:
            self.option(param, dest, shape, hint)

    def argument(self, param: inspect.Parameter, dest: str, shape: _Shape) -> None:
        nargs = -1 if shape.kind == "multiple" else 1
        self.plan.params.append(
            click.Argument(
                [dest],
                type=click.BOOL if shape.kind == "flag" else shape.type,
                required=param.default is inspect.Parameter.empty,
                nargs=nargs,
                metavar=param.name.upper() + ("..." if nargs == -1 else ""),
            )
        )
        self.plan.planned.append(PlannedParam(param.name, "positional", dest, shape.convert))

    def option(self, param: inspect.Parameter, dest: str, shape: _Shape, hint: Any) -> None:
        """A keyword-only parameter: ``--flag/--no-flag``, a repeatable option, or a value."""
        name = param.name
        required = param.default is inspect.Parameter.empty
        # required but ``None`` is a valid value: not given means None
        none_if_missing = required and _accepts_none(hint)
        required = required and not none_if_missing
        default_text = _default_text(param.default)
        suffix = f" [default: {default_text}]" if default_text and not required else ""
        help_text = self.arg_docs.get(name, "")
        if shape.kind == "flag":
            primary = self.option_names(name)[0]
            negative = "--no-" + primary[2:]
            self.taken.add(negative)
            option = click.Option(
                [f"{primary}/{negative}", dest],
                default=None,
                required=required,
                help=help_text + suffix,
            )
        elif shape.kind == "multiple":
            single = singular(name)
            names = (
                self.option_names(single, _option_name(name))
                if single != name
                else self.option_names(name)
            )
            option = click.Option(
                [*names, dest],
                type=shape.type,
                multiple=True,
                required=required,
                help=(help_text + " (repeatable)").strip() + suffix,
            )
        else:
            option = click.Option(
                [*self.option_names(name), dest],
                type=shape.type,
                required=required,
                help=help_text + suffix,
            )
        self.plan.params.append(option)
        self.plan.planned.append(
            PlannedParam(name, "keyword", dest, shape.convert, none_if_missing=none_if_missing)
        )


def _accepts_none(hint: Any) -> bool:
    origin = get_origin(hint)
    if origin is Union or origin is types.UnionType:
        return _NONE in get_args(hint)
    return hint is None or hint is _NONE
