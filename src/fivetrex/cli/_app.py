"""The ``fivetrex`` command tree, derived from the client's operation declarations.

``fivetrex <resource> <action> [ARGS] [--options]``: one command group per
resource of the client (found by :mod:`._discover`), one command per declared
operation, parameters mapped by :mod:`._params`. A few commands add
presentation on top (``connections sync --wait``, ``connections schema``): see
:data:`EXTENSIONS` and :data:`ALIASES`.
"""

from __future__ import annotations

import inspect
import itertools
import logging
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import click

from .._client import Fivetrex
from .._operation import Endpoint, StreamOperation
from ._discover import (
    OperationSpec,
    ResourceSpec,
    client_operations,
    discover_resources,
    is_destructive,
    page_item_type,
)
from ._errors import describe_error, exit_code_for
from ._output import Printer
from ._params import ParamPlan, plain_text, plan_parameters
from ._progress import Progress
from ._root import API_HELP, BUILTIN_COMMANDS, RootGroup, add_builtins, make_root
from ._state import CliState, OrderedGroup
from ._state import current_state as _state
from ._waits import (
    WAIT_SECONDS,
    Stopped,
    explained_interrupt,
    first_arg,
    stopped_many,
    stopped_sync,
    stopped_watching,
)

__all__ = [
    "ALIASES",
    "EXCLUDED",
    "EXTENSIONS",
    "Extension",
    "Invocation",
    "build_cli",
    "build_operation_command",
    "build_resource_group",
    "command_index",
    "group_short_help",
    "load_command",
]

log = logging.getLogger("fivetrex")

#: Operations deliberately without a command, with the reason (checked by a meta-test):
#: ``("connections", "attr")`` (the dotted resource path, or ``"client"`` for the
#: client's own operations) → why. Empty today: every operation has a command.
EXCLUDED: dict[tuple[str, str], str] = {}

#: Extra command names: (resource class, alias) → operation attribute.
ALIASES: dict[tuple[str, str], tuple[str, str]] = {
    ("Connections", "schema"): (
        "get_schema_config",
        "Show the schema config as a tree: schemas → tables → columns.",
    ),
}


# --------------------------------------------------------------------------- invocations


@dataclass
class Invocation:
    """One run of an operation command, handed to extensions.

    Attributes:
        state: The CLI state.
        printer: Where results go.
        resource: The resource spec (``None`` for client-level ``api`` commands).
        spec: The operation.
        target: The live object the operation is called on (``client.connections``).
        args: Positional arguments for the call.
        kwargs: Keyword arguments for the call.
        options: Values of the extension's own options.
        limit: ``--limit`` (lists only).
        progress_param: The operation's progress-callback parameter (``on_progress``),
            which the CLI fills with its own progress display.
    """

    state: CliState
    printer: Printer
    resource: ResourceSpec | None
    spec: OperationSpec
    target: Any
    args: list[Any]
    kwargs: dict[str, Any]
    options: dict[str, Any]
    limit: int | None = None
    progress_param: str | None = None

    def call(self) -> Any:
        """Call the operation as declared (with progress when it reports any)."""
        method = getattr(self.target, self.spec.attr)
        if self.progress_param is None:
            return method(*self.args, **self.kwargs)
        with self.progress(f"{self.label}: starting") as progress:
            result = method(
                *self.args, **self.kwargs, **{self.progress_param: _reporter(progress, self.label)}
            )
            progress.done(f"{self.label}: done")
        return result

    def progress(self, text: str) -> Progress:
        """A progress display on stderr (silent unless stderr is a terminal)."""
        return Progress(self.state.shows_progress(self.printer.fmt), text)

    @property
    def label(self) -> str:
        """``connections get conn_1``."""
        parts = [self.resource.name if self.resource else "api", self.spec.name]
        parts.extend(str(a) for a in self.args)
        return " ".join(parts)


@dataclass(frozen=True)
class Extension:
    """Presentation added to a derived command.

    Attributes:
        options: Extra click options (their values land in ``Invocation.options``).
        run: Replaces the default call-and-print, or ``None``.
        types: Parameter → a factory of the click type that reads it (``SECONDS``).
    """

    options: tuple[Callable[[], click.Option], ...] = ()
    run: Callable[[Invocation], None] | None = None
    types: Mapping[str, Callable[[], click.ParamType[Any, Any]]] | None = None

    def make_options(self) -> list[click.Option]:
        """Fresh click options (one set per command)."""
        return [make() for make in self.options]


def _reporter(progress: Progress, label: str) -> Callable[[Any], None]:
    """An ``on_progress`` callback that shows what it is given on the progress line."""

    def report(update: Any) -> None:
        state = getattr(update, "sync_state", None)
        text = str(state) if state is not None else str(update)
        progress.update(f"{label}: {text[:60]}")

    return report


def _run_sync(inv: Invocation) -> None:
    """``connections sync ID [--wait [--timeout S] [--poll-interval S] [--resume]]``.

    ``--wait`` uses the library's ``connections.sync_and_wait`` (exit 7 when the
    sync fails, times out, or the connection is paused without ``--resume``).
    """
    if not inv.options.get("wait"):
        if inv.options.get("resume") or inv.options.get("timeout") is not None:
            raise click.UsageError("--timeout, --poll-interval and --resume need --wait")
        inv.printer.result(inv.call())
        return
    connection_id = first_arg(inv.args, inv.kwargs, "connection_id")
    kwargs: dict[str, Any] = {"force": bool(inv.kwargs.get("force"))}
    for name in ("timeout", "poll_interval"):
        if inv.options.get(name) is not None:
            kwargs[name] = float(inv.options[name])
    if inv.options.get("resume"):
        kwargs["resume"] = True
    label = f"Syncing {connection_id}"
    stopped = stopped_sync(str(connection_id), ["sync", str(connection_id), "--wait"])
    with explained_interrupt(lambda: stopped), inv.progress(f"{label}: triggering") as progress:
        status = inv.target.sync_and_wait(
            connection_id, **kwargs, on_progress=_reporter(progress, label)
        )
        progress.done(f"{label}: finished")
    when = getattr(status, "succeeded_at", None)
    inv.printer.message(
        f"Sync of {connection_id} succeeded" + (f" at {when.isoformat()}" if when else "") + "."
    )
    inv.printer.result(status, title=str(connection_id))


def _wait_options() -> tuple[Callable[[], click.Option], ...]:
    return (
        lambda: click.Option(
            ["--wait", "wait"],
            is_flag=True,
            help="Wait for the sync to finish (client.connections.sync_and_wait); exit 7 if "
            "it fails or times out.",
        ),
        lambda: click.Option(
            ["--timeout", "timeout"],
            type=WAIT_SECONDS["timeout"](),
            default=None,
            metavar="SECONDS",
            help="With --wait: give up after this many seconds (0 or more) [default: wait until "
            "it ends].",
        ),
        lambda: click.Option(
            ["--poll-interval", "poll_interval"],
            type=WAIT_SECONDS["poll_interval"](),
            default=None,
            metavar="SECONDS",
            help="With --wait: first delay between status reads, in seconds (more than 0; grows "
            "1.5x) [default: 5].",
        ),
        lambda: click.Option(
            ["--resume", "resume"],
            is_flag=True,
            help="With --wait: resume the connection first if it is paused.",
        ),
    )


def _waiting(stopped: Callable[[Invocation], Stopped]) -> Extension:
    """A derived command that waits: checked ``SECONDS`` options, Ctrl-C explained."""

    def run(inv: Invocation) -> None:
        with explained_interrupt(lambda: stopped(inv)):
            _run_default(inv)

    return Extension(run=run, types=WAIT_SECONDS)


def _connection(inv: Invocation) -> str:
    return str(first_arg(inv.args, inv.kwargs, "connection_id"))


#: Presentation added to derived commands: (resource class, operation attribute) → extension.
EXTENSIONS: dict[tuple[str, str], Extension] = {
    ("Connections", "sync"): Extension(options=_wait_options(), run=_run_sync),
    ("Connections", "sync_and_wait"): _waiting(
        lambda inv: stopped_sync(_connection(inv), ["sync-and-wait", _connection(inv)])
    ),
    ("Connections", "wait_for_sync"): _waiting(
        lambda inv: stopped_watching(_connection(inv), inv.kwargs.get("after"))
    ),
    ("Connections", "sync_many_and_wait"): _waiting(
        lambda inv: stopped_many(first_arg(inv.args, inv.kwargs, "connection_ids"))
    ),
}


# --------------------------------------------------------------------------- running


def _iter_pages(method: Any, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Iterator[Any]:
    """Every item of a ``Page``-returning method without a declared stream."""
    params = dict(kwargs)
    cursor = params.pop("cursor", None)
    seen: set[str] = set()
    while True:
        page = method(*args, **params, cursor=cursor)
        yield from page.items
        cursor = page.next_cursor
        if not cursor or cursor in seen:
            return
        seen.add(cursor)


def _counted(items: Iterable[Any], progress: Progress, label: str) -> Iterator[Any]:
    for count, item in enumerate(items, start=1):
        progress.count(label, count)
        yield item


def _run_default(inv: Invocation) -> None:
    spec = inv.spec
    op = spec.op
    if spec.stream is not None or isinstance(op, StreamOperation) or page_item_type(op):
        kwargs = dict(inv.kwargs)
        sig = spec.stream.signature if spec.stream is not None else op.signature
        if inv.limit is not None and "limit" in sig.parameters and "limit" not in kwargs:
            kwargs["limit"] = max(1, min(inv.limit, 1000))  # no bigger pages than needed
        if spec.stream is not None:
            items: Iterable[Any] = getattr(inv.target, spec.stream.name)(*inv.args, **kwargs)
        elif isinstance(op, StreamOperation):
            items = getattr(inv.target, spec.attr)(*inv.args, **kwargs)
        elif "cursor" in sig.parameters:
            items = _iter_pages(getattr(inv.target, spec.attr), inv.args, kwargs)
        else:
            items = getattr(inv.target, spec.attr)(*inv.args, **kwargs).items
        if inv.limit is not None:
            items = itertools.islice(items, inv.limit)
        label = f"Fetching {inv.resource.name if inv.resource else 'items'}"
        progress = Progress(inv.state.shows_progress(inv.printer.fmt), label)
        if inv.printer.fmt == "table":  # a table needs every row: print after the spinner
            with progress:
                collected = list(_counted(items, progress, label))
            count = inv.printer.items(collected)
        else:  # JSON lines are written as items arrive (a JSON array once all have)
            with progress:
                count = inv.printer.items(_counted(items, progress, label))
        log.debug("%s: %d item(s)", inv.label, count)
        return
    result = inv.call()
    if isinstance(result, (bytes, bytearray)):
        _write_binary(inv, bytes(result))
        return
    title = inv.args[0] if inv.args and isinstance(inv.args[0], str) else None
    inv.printer.result(result, title=title)
    failed = getattr(result, "failed", None)  # a BulkResult: some items failed
    if isinstance(failed, dict) and failed and getattr(result, "outcomes", None) is not None:
        first = next(iter(failed.values()))
        click.echo(
            f"error: {len(failed)} of {len(result.outcomes)} failed; first: "
            f"{inv.state.redactor(describe_error(first))}",
            err=True,
        )
        raise click.exceptions.Exit(exit_code_for(first))


def _write_binary(inv: Invocation, data: bytes) -> None:
    save = inv.options.get("_save")
    if save:
        with open(save, "wb") as handle:
            handle.write(data)
        click.echo(f"wrote {len(data):,} bytes to {save}", err=True)
        return
    stream = getattr(sys.stdout, "buffer", None)
    if stream is None:  # pragma: no cover - a text-only stdout
        raise click.ClickException("stdout cannot take binary data: pass --save FILE")
    stream.write(data)
    stream.flush()


# --------------------------------------------------------------------------- commands


def _library_call(spec: OperationSpec, resource: ResourceSpec | None, *, paged: bool) -> str:
    """The client method(s) a command stands for (``client.groups.stream()``...)."""
    owner = "client." + ".".join(resource.path) if resource else "client"
    if spec.stream is not None:  # what the command calls, and the one-page method
        one_page = (spec.alias_of or spec.attr) if spec.attr == spec.stream.name else spec.attr
        return (
            f"{owner}.{spec.stream.name}() (every page, as here); "
            f"{owner}.{one_page}() returns one page"
        )
    if paged:
        return f"{owner}.{spec.attr}(), one page per call (this command follows next_cursor)"
    return f"{owner}.{spec.attr}()"


def _help_text(spec: OperationSpec, resource: ResourceSpec | None) -> str:
    doc = inspect.getdoc(spec.op.fn) or ""
    kept: list[str] = []
    for line in doc.splitlines():
        if line.strip() in ("Args:", "Arguments:", "Returns:", "Raises:", "Example:"):
            break
        kept.append(line)
    text = plain_text("\n".join(kept))
    op = spec.op
    method = getattr(op, "method", None)
    path = getattr(op, "path", None)
    lines = [text] if text else []
    paged = spec.stream is not None or (page_item_type(op) and "cursor" in op.signature.parameters)
    if spec.stream is not None:
        lines[:1] = [re.sub(r"\bone page of ", "", t) for t in lines[:1]]
    if paged:
        lines.append("Follows every page; --limit caps the number of items in all.")
    if method and path:
        op_id = getattr(op, "operation_id", None)
        lines.append("\b\nAPI: " + f"{method} {path}" + (f" ({op_id})" if op_id else ""))
    lines.append("Library: " + _library_call(spec, resource, paged=bool(paged)))
    return "\n\n".join(lines)


def _output_params(*, list_mode: bool, page_size: bool) -> list[click.Parameter]:
    params: list[click.Parameter] = [
        click.Option(
            ["-o", "--output", "_output"],
            type=click.Choice(["table", "json", "jsonl"]),
            default=None,
            help="Output format [default: table on a terminal, json when piped].",
        ),
        click.Option(
            ["--fields", "_fields"],
            default=None,
            metavar="A,B.C",
            help="Only these fields (dotted paths reach into nested objects).",
        ),
    ]
    if list_mode:
        params.append(
            click.Option(
                ["--limit", "_limit"],
                type=click.IntRange(min=1),
                default=None,
                help="Stop after this many items in all, across pages [default: every item]."
                + (
                    " Not a page size: that is --page-size (limit= in the library)."
                    if page_size
                    else ""
                ),
            )
        )
    return params


def _command_options(
    *, list_mode: bool, page_size: bool, destructive: bool, binary: bool
) -> list[click.Parameter]:
    """The options every command of its kind has: output, ``--yes``, ``--save``."""
    params = [] if binary else _output_params(list_mode=list_mode, page_size=page_size)
    if destructive:
        params.append(
            click.Option(
                ["-y", "--yes", "_yes"],
                is_flag=True,
                help="Do not ask for confirmation (required when not on a terminal).",
            )
        )
    if binary:
        params.append(
            click.Option(
                ["--save", "_save"],
                type=click.Path(dir_okay=False, writable=True),
                default=None,
                metavar="FILE",
                help="Write the downloaded file here (default: stdout, when not a terminal).",
            )
        )
    return params


def build_operation_command(
    resource: ResourceSpec | None,
    spec: OperationSpec,
    *,
    name: str | None = None,
    short_help: str | None = None,
    hidden: bool | None = None,
) -> click.Command:
    """The click command of one operation."""
    op = spec.op
    owner = resource.cls.__name__ if resource else "client"
    extension = EXTENSIONS.get((owner, spec.attr), Extension())
    extra_options = extension.make_options()
    list_mode = (
        spec.stream is not None or isinstance(op, StreamOperation) or bool(page_item_type(op))
    )
    destructive = is_destructive(op, spec.attr)
    reserved = ["output", "fields", "yes"]
    if list_mode:
        reserved.append("limit")
    for option in extra_options:
        reserved.extend(o.lstrip("-") for o in option.opts)
    hints = {k: v for k, v in op.hints.items() if k != "return"}
    plan: ParamPlan = plan_parameters(
        op.signature,
        hints,
        doc=inspect.getdoc(op.fn),
        reserved=reserved,
        renames={"limit": "page-size"} if list_mode else None,
        confirm=destructive,
        upload=op.spec.upload if isinstance(op, Endpoint) else None,
        progress=op.cli.get("progress"),
        types=extension.types,
    )
    binary = isinstance(op, Endpoint) and op.spec.binary
    params = [
        *plan.params,
        *extra_options,
        *_command_options(
            list_mode=list_mode,
            page_size=list_mode and "limit" in op.signature.parameters,
            destructive=destructive,
            binary=binary,
        ),
    ]
    extra_names = {str(o.name) for o in extra_options}

    option_names = _renamed_options(plan)

    def callback(**values: Any) -> None:
        state = _state()
        state.option_names = option_names
        printer = state.printer(values.pop("_output", None), values.pop("_fields", None))
        limit = values.pop("_limit", None)
        yes = bool(values.pop("_yes", False))
        save = values.pop("_save", None)
        if binary and save is None and state.is_stdout_tty():
            raise click.UsageError("the result is a file: pass --save FILE (or redirect stdout)")
        options = {k: values.pop(k) for k in list(values) if k in extra_names}
        args, kwargs = plan.call_arguments(values)
        label = " ".join([resource.name if resource else "api", spec.name, *(str(a) for a in args)])
        if destructive:
            summary = plain_text(spec.op.summary)
            state.confirm(yes, f"{label}: {summary}" if summary else label)
            if plan.confirm_param is not None:
                kwargs[plan.confirm_param] = True
        client = state.client()
        target = resource.bind(client) if resource is not None else client
        invocation = Invocation(
            state=state,
            printer=printer,
            resource=resource,
            spec=spec,
            target=target,
            args=args,
            kwargs=kwargs,
            options=options,
            limit=limit,
            progress_param=plan.progress_param,
        )
        if binary:
            options["_save"] = save
        log.debug("running %s", label)
        (extension.run or _run_default)(invocation)

    command_name = name or spec.name
    return click.Command(
        name=command_name,
        params=params,
        callback=callback,
        help=_help_text(spec, resource),
        short_help=short_help or _short(spec.summary),
        hidden=spec.hidden if hidden is None else hidden,
        no_args_is_help=any(isinstance(p, click.Argument) and p.required for p in plan.params),
    )


def _renamed_options(plan: ParamPlan) -> dict[str, str]:
    """Parameter → its ``--option`` where the two names differ (``limit`` → ``--page-size``)."""
    options = {p.name: p for p in plan.params if isinstance(p, click.Option)}
    renamed: dict[str, str] = {}
    for planned in plan.planned:
        option = options.get(planned.dest)
        longs = [o for o in option.opts if o.startswith("--")] if option is not None else []
        if longs and longs[0][2:].replace("-", "_") != planned.name:
            renamed[planned.name] = longs[0]
    return renamed


def _short(summary: str) -> str | None:
    """One-line help; a list command follows every page, so not "one page of"."""
    text = plain_text(re.sub(r"\bone page of ", "", summary))
    return (text[:1].upper() + text[1:]) if text else None


def build_resource_group(resource: ResourceSpec, *, hidden: bool = False) -> click.Group:
    """The command group of one resource (and its nested resources)."""
    summary = resource.summary.replace("``", "")
    group = OrderedGroup(
        name=resource.name,
        help=summary or f"client.{'.'.join(resource.path)}",
        short_help=group_short_help(resource),
        hidden=hidden,
    )
    for spec in resource.operations():
        if (".".join(resource.path), spec.attr) in EXCLUDED:
            continue
        group.add_command(build_operation_command(resource, spec))
        for (owner, alias), (attr, alias_help) in ALIASES.items():
            if owner == resource.cls.__name__ and attr == spec.attr and spec.alias_of is None:
                group.add_command(
                    build_operation_command(
                        resource, spec, name=alias, short_help=alias_help, hidden=False
                    )
                )
    for child in resource.children:
        group.add_command(build_resource_group(child))
    return group


def command_index(client_class: type = Fivetrex) -> dict[tuple[str, ...], tuple[str, ...]]:
    """(attribute path..., operation attribute) → command path, for every operation.

    ``("connections", "get_schema_config") → ("connections", "get-schema-config")``;
    client-level operations are under ``("api", ...)``.
    """
    index: dict[tuple[str, ...], tuple[str, ...]] = {}

    def walk(resources: Sequence[ResourceSpec], prefix: tuple[str, ...]) -> None:
        for resource in resources:
            names = (*prefix, resource.name)
            for spec in resource.operations():
                key = (*resource.path, spec.attr)
                index[key] = (*names, spec.name)
            walk(resource.children, names)

    walk(discover_resources(client_class), ())
    for spec in client_operations(client_class):
        index[(spec.attr,)] = ("api", spec.name)
    return index


def group_short_help(resource: ResourceSpec) -> str | None:
    """The one line ``fivetrex --help`` shows for a resource group."""
    summary = resource.summary.replace("``", "")
    return summary.split(":")[0] if summary else None


# --------------------------------------------------------------------------- root


def _api_group(client_class: type) -> click.Group:
    api = OrderedGroup(
        name="api",
        help="Raw calls to any API path (the client's low-level escape hatch), e.g. "
        "`fivetrex api get /users`.",
        short_help=API_HELP,
    )
    for spec in client_operations(client_class):
        if ("client", spec.attr) not in EXCLUDED:
            api.add_command(build_operation_command(None, spec))
    return api


def load_command(name: str, client_class: type = Fivetrex) -> click.Command:
    """Build one top-level command of the lazy root (a resource group, an alias, ``api``)."""
    if name == "api":
        return _api_group(client_class)
    for resource in discover_resources(client_class):
        if resource.name == name:
            return build_resource_group(resource)
        if name in (a.replace("_", "-") for a in resource.aliases):
            return _alias_group(build_resource_group(resource), name)
    raise LookupError(f"no command {name!r}")  # pragma: no cover - the manifest is tested


def build_cli(client_class: type = Fivetrex) -> RootGroup:
    """Build the whole ``fivetrex`` command tree from the client's declarations, eagerly.

    ``fivetrex.cli.cli`` is the same tree with the groups built on use.

    Args:
        client_class: The client class whose resources and operations become
            commands (the commands still run whatever client the state builds).
    """
    root = make_root()
    for resource in discover_resources(client_class):
        if resource.name in BUILTIN_COMMANDS:
            raise RuntimeError(f"resource {resource.name!r} clashes with a built-in command")
        group = build_resource_group(resource)
        root.add_command(group)
        for alias in resource.aliases:
            root.add_command(_alias_group(group, alias.replace("_", "-")))
    root.add_command(_api_group(client_class))
    add_builtins(root)
    return root


def _alias_group(group: click.Group, name: str) -> click.Group:
    """A hidden second name of a resource group (``connectors`` → ``connections``)."""
    return OrderedGroup(
        name=name,
        commands=dict(group.commands),
        help=f"Alias of `{group.name}`.",
        hidden=True,
    )
