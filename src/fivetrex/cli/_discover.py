"""Find the client's resources and operations by introspection.

The command tree is derived from what the library declares, never from a list
kept here: every ``functools.cached_property`` of the client whose return
annotation is a :class:`~fivetrex._operation.Resource` subclass is a command
group (recursively, for nested resources), and every ``Operation`` /
``StreamOperation`` class attribute of that resource class is a command.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
import re
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeAlias, Union, get_args, get_origin

from .._operation import Endpoint, Operation, Resource, StreamOperation
from ..models._base import Page

__all__ = [
    "AnyOperation",
    "OperationSpec",
    "ResourceSpec",
    "client_operations",
    "discover_resources",
    "is_destructive",
    "kebab",
    "page_item_type",
    "resource_operations",
]

#: Anything the CLI turns into a command.
AnyOperation: TypeAlias = Union[Operation[Any, Any], StreamOperation[Any, Any]]  # noqa: UP007

_IDENT = re.compile(r"\s*([A-Za-z_][\w.]*)")


def kebab(name: str) -> str:
    """``get_schema_config`` → ``get-schema-config``."""
    return name.strip("_").replace("_", "-")


class OperationSpec:
    """One operation as the CLI sees it.

    Attributes:
        attr: The attribute name on the resource (``get_schema_config``).
        name: The command name (``get-schema-config``, or ``cli["name"]``).
        op: The declaration.
        stream: The ``StreamOperation`` that walks every page of this list, if any.
        alias_of: The attribute this one is another name of (a second attribute
            bound to the same declaration); alias commands are hidden.
    """

    __slots__ = ("alias_of", "attr", "name", "op", "stream")

    def __init__(
        self,
        attr: str,
        name: str,
        op: AnyOperation,
        stream: StreamOperation[Any, Any] | None = None,
        alias_of: str | None = None,
    ) -> None:
        self.attr: str = attr
        self.name: str = name
        self.op: AnyOperation = op
        self.stream: StreamOperation[Any, Any] | None = stream
        self.alias_of: str | None = alias_of

    def __repr__(self) -> str:
        return f"OperationSpec({self.attr!r} -> {self.name!r})"

    @property
    def hidden(self) -> bool:
        """Whether the command is left out of ``--help``."""
        return bool(self.op.cli.get("hidden")) or self.alias_of is not None

    @property
    def summary(self) -> str:
        """One line of help."""
        return str(self.op.cli.get("help") or self.op.summary or "")


@dataclass(frozen=True)
class ResourceSpec:
    """A resource namespace of the client (``client.connections``).

    Attributes:
        attr: The attribute name (``hybrid_deployment_agents``).
        name: The command name (``hybrid-deployment-agents``).
        cls: The resource class.
        path: Attribute path from the client, e.g. ``("connections",)``.
        summary: First line of the property's docstring.
        aliases: Other attribute names of the same resource (``connectors``); they
            become hidden command groups.
        children: Nested resources (a resource's own resource properties).
    """

    attr: str
    name: str
    cls: type[Resource]
    path: tuple[str, ...]
    summary: str = ""
    aliases: tuple[str, ...] = ()
    children: tuple[ResourceSpec, ...] = field(default=())

    def bind(self, client: Any) -> Any:
        """The live resource object of ``client``."""
        obj = client
        for part in self.path:
            obj = getattr(obj, part)
        return obj

    def operations(self) -> list[OperationSpec]:
        """The commands of this resource."""
        return resource_operations(self.cls)


@functools.lru_cache(maxsize=1)
def _resource_namespace() -> dict[str, type]:
    """Every resource class of ``fivetrex.resources`` and ``fivetrex._generated``, by name.

    The client's annotations name resource classes imported under
    ``TYPE_CHECKING`` only; this namespace resolves them.
    """
    from .. import _generated, resources

    found: dict[str, type] = {}
    for package in (resources, _generated):
        for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            module = importlib.import_module(info.name)
            for value in vars(module).values():
                if isinstance(value, type) and issubclass(declarations_of(value), Resource):
                    found.setdefault(value.__name__, value)
    return found


def _resource_class(func: Callable[..., Any]) -> type[Resource] | None:
    """The ``Resource`` subclass a property function is annotated to return."""
    namespace = _resource_namespace()
    try:
        globalns = {**getattr(func, "__globals__", {}), **namespace}
        hint = typing.get_type_hints(func, globalns=globalns).get("return")
    except Exception:
        raw = getattr(func, "__annotations__", {}).get("return")
        hint = raw
        if isinstance(raw, str):
            match = _IDENT.match(raw)
            hint = namespace.get(match.group(1).rsplit(".", 1)[-1]) if match else None
    origin = get_origin(hint) or hint
    if isinstance(origin, type):
        origin = declarations_of(origin)  # a generated class: its declarations
    if isinstance(origin, type) and issubclass(origin, Resource) and origin is not Resource:
        return origin
    return None


def _first_line(doc: str | None) -> str:
    text = inspect.cleandoc(doc or "").strip()
    return text.splitlines()[0] if text else ""


def _class_attributes(cls: type) -> Iterator[tuple[str, Any]]:
    """Class attributes in definition order, base classes first, overrides applied."""
    merged: dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        if klass is object:
            continue
        for name, value in vars(klass).items():
            merged[name] = value
    yield from merged.items()


def declarations_of(cls: type) -> type:
    """The declaration class behind a generated class (``Fivetrex`` → ``ClientDeclarations``)."""
    declared = getattr(cls, "_declarations", None)
    return declared if isinstance(declared, type) else cls


def discover_resources(
    owner: type, path: tuple[str, ...] = (), _seen: frozenset[type] = frozenset()
) -> list[ResourceSpec]:
    """The resource namespaces of a client class (or, recursively, of a resource class)."""
    primary: dict[type, tuple[str, Callable[..., Any]]] = {}
    aliases: dict[type, list[str]] = {}
    # the declared namespaces (a generated client's properties are their copies), then
    # what a subclass adds itself
    declared = dict(_class_attributes(declarations_of(owner)))
    added = [(n, v) for n, v in _class_attributes(owner) if n not in declared]
    for name, value in [*declared.items(), *added]:
        if name.startswith("_"):
            continue
        if isinstance(value, functools.cached_property):
            cls = _resource_class(value.func)
            if cls is not None and cls not in primary:
                primary[cls] = (name, value.func)
                continue
            if cls is not None:
                aliases.setdefault(cls, []).append(name)
        elif isinstance(value, property) and value.fget is not None:
            cls = _resource_class(value.fget)
            if cls is not None:
                aliases.setdefault(cls, []).append(name)
    specs: list[ResourceSpec] = []
    for cls, (name, func) in primary.items():
        if cls in _seen:  # a cycle: a resource exposing its parent
            continue
        sub_path = (*path, name)
        specs.append(
            ResourceSpec(
                attr=name,
                name=kebab(name),
                cls=cls,
                path=sub_path,
                summary=_first_line(func.__doc__),
                aliases=tuple(aliases.get(cls, ())),
                children=tuple(discover_resources(cls, sub_path, _seen | {cls, owner})),
            )
        )
    return specs


def _operation_specs(cls: type) -> list[OperationSpec]:
    declared: list[tuple[str, AnyOperation]] = [
        (name, value)
        for name, value in _class_attributes(cls)
        if not name.startswith("_") and isinstance(value, (Operation, StreamOperation))
    ]
    # the class's own operations first (list, get, create...), then inherited helpers
    own = vars(cls)
    declared.sort(key=lambda item: item[0] not in own)
    # a list endpoint walked by a stream_of(...) stream: the list command uses it
    streams: dict[int, StreamOperation[Any, Any]] = {}
    for _name, value in declared:
        if isinstance(value, StreamOperation) and value.source is not None:
            streams.setdefault(id(value.source), value)
    source_attr = {id(value): name for name, value in reversed(declared)}
    first_attr: dict[int, str] = {}
    specs: list[OperationSpec] = []
    for name, value in declared:
        if (
            isinstance(value, StreamOperation)
            and value.source is not None
            and id(value.source) in source_attr
        ):
            # ``stream = stream_of(list)``: a hidden alias of the list command (which
            # walks every page with this stream anyway)
            specs.append(
                OperationSpec(
                    attr=name,
                    name=str(value.cli.get("name") or kebab(name)),
                    op=value.source,
                    stream=value,
                    alias_of=source_attr[id(value.source)],
                )
            )
            continue
        alias_of = first_attr.setdefault(id(value), name)
        specs.append(
            OperationSpec(
                attr=name,
                name=str(value.cli.get("name") or kebab(name)),
                op=value,
                stream=streams.get(id(value)),
                alias_of=None if alias_of == name else alias_of,
            )
        )
    return specs


def resource_operations(cls: type) -> list[OperationSpec]:
    """The operations of a resource class.

    A ``stream_of(list)`` stream is folded into the list command (which walks every
    page with it) and also kept as a hidden alias command of that list.
    """
    return _operation_specs(declarations_of(cls))


def client_operations(cls: type) -> list[OperationSpec]:
    """Operations declared on the client class itself (the raw ``get``/``post``/... calls)."""
    return _operation_specs(declarations_of(cls))


def page_item_type(op: AnyOperation) -> Any | None:
    """The item type when ``op`` returns a ``Page[...]``; ``None`` otherwise."""
    if isinstance(op, StreamOperation):
        return None
    hint = op.hints.get("return")
    origin = get_origin(hint)
    if origin is None:
        metadata = getattr(hint, "__pydantic_generic_metadata__", None)
        if metadata and metadata.get("origin") is Page:
            args = metadata.get("args") or (Any,)
            return args[0]
        return None
    if origin is Page:
        args = get_args(hint)
        return args[0] if args else Any
    return None


def is_destructive(op: AnyOperation, attr: str) -> bool:
    """Whether a command needs confirmation: ``confirm`` ops, DELETEs, ``delete*`` names."""
    if "confirm" in op.cli:
        return bool(op.cli["confirm"])
    if isinstance(op, Endpoint) and (op.spec.confirm or op.method == "DELETE"):
        return True
    if "confirm" in op.signature.parameters:
        return True
    return attr == "delete" or attr.startswith("delete_")
