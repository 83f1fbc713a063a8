"""Operation declarations: each API operation is declared once, here is what runs it.

A resource class declares an operation with a typed stub::

    class Groups(Resource):
        @endpoint("GET", "/groups/{group_id}", operation_id="group_details")
        def get(self, group_id: str) -> Group:
            \"\"\"Retrieve a group.\"\"\"
            ...

The stub's signature is the method's signature; its return annotation is the
result model. ``endpoint`` turns it into an :class:`Endpoint`: a declaration that
validates arguments, builds the :class:`~fivetrex._http.APIRequest` and parses the
response. ``scripts/generate.py`` reads the declarations and writes, into
``fivetrex/_generated/``, one blocking class (real ``def`` methods) and one asyncio
class (real ``async def`` methods) per resource, each method with the stub's exact
signature, return type and docstring and a one-line body that runs the
declaration's flow. The same declarations feed the CLI and the docs' coverage
table (method, path, operationId, parameters).

Multi-step logic (waiting for a sync, walking pages) is written once as a
generator flow (see ``_flow``) and declared with :func:`flow` or :func:`stream_of`.
"""

from __future__ import annotations

import collections.abc
import functools
import inspect
import re
import sys
import types
import typing
from collections.abc import Callable, Coroutine, Iterator, Mapping, Sequence
from dataclasses import KW_ONLY, dataclass, field
from typing import (
    TYPE_CHECKING,
    Any,
    ClassVar,
    Concatenate,
    Generic,
    Literal,
    Protocol,
    TypeVar,
    Union,
    get_args,
    get_origin,
)

from typing_extensions import ParamSpec

from ._flow import Flow, ItemFlow
from ._http import NO_BODY, APIRequest, APIResponse, encode_segment, request_of
from .errors import APIError, ConfirmationRequired, InvalidArgumentError
from .pagination import check_limit, walk_pages

if TYPE_CHECKING:
    from pydantic import TypeAdapter

    from ._client import AsyncFivetrex, BaseClient, Fivetrex
    from .pagination import Page

__all__ = [
    "AsyncResource",
    "BlockingResource",
    "Endpoint",
    "EndpointSpec",
    "Operation",
    "Owner",
    "Resource",
    "StreamOperation",
    "endpoint",
    "flow",
    "stream_of",
]

P = ParamSpec("P")
T = TypeVar("T")

_PATH_PARAM = re.compile(r"\{(\w+)\}")
_BODY_METHODS = frozenset({"POST", "PATCH", "PUT"})


class Owner(Protocol):
    """What a declaration's flow runs against: anything that knows its client."""

    @property
    def _client(self) -> BaseClient[Any, Any]: ...


class Resource:
    """Base class of every resource *declaration* (``Groups``, ``Connections``...).

    Its class attributes are the declarations. An instance is what the declarations'
    flows run against (``self`` in a flow): it only knows its client.
    """

    def __init__(self, client: BaseClient[Any, Any]) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"<{type(self).__name__} declarations of {self._client!r}>"


# ------------------------------------------------------------------- bases of generated code


class BlockingResource:
    """Base of the generated blocking resource classes (``Fivetrex().groups``)."""

    #: The declaration class whose operations the generated methods run.
    _declarations: ClassVar[type[Resource]]

    def __init__(self, client: Fivetrex) -> None:
        self._client = client
        self._owner = self._declarations(client)

    def _run(self, flow: Flow[T]) -> T:
        return self._client._driver.run(flow)

    def _iterate(self, flow: ItemFlow) -> Iterator[Any]:
        return self._client._driver.iterate(flow)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._client!r}>"


class AsyncResource:
    """Base of the generated asyncio resource classes (``AsyncFivetrex().groups``)."""

    _declarations: ClassVar[type[Resource]]

    def __init__(self, client: AsyncFivetrex) -> None:
        self._client = client
        self._owner = self._declarations(client)

    def _run(self, flow: Flow[T]) -> Coroutine[Any, Any, T]:
        return self._client._driver.run(flow)

    def _iterate(self, flow: ItemFlow) -> Any:
        # an async generator (closed with ``contextlib.aclosing`` by the callers)
        return self._client._driver.iterate(flow)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._client!r}>"


# --------------------------------------------------------------------------- declarations


class _Declaration:
    """What every declaration has: a stub function, a name, CLI hints, introspection."""

    kind: ClassVar[str] = "declaration"
    owner: type[Any]

    def __init__(self, fn: Callable[..., Any], *, cli: Mapping[str, Any] | None = None) -> None:
        self.fn = fn
        self.name: str = fn.__name__
        self.cli: Mapping[str, Any] = dict(cli or {})
        self.__doc__ = fn.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name
        self.owner = owner

    def __repr__(self) -> str:
        where = getattr(self, "owner", None)
        return f"<{type(self).__name__} {where.__name__ if where else '?'}.{self.name}>"

    @functools.cached_property
    def signature(self) -> inspect.Signature:
        """The public signature (without ``self``)."""
        sig = inspect.signature(self.fn)
        return sig.replace(parameters=list(sig.parameters.values())[1:])

    @functools.cached_property
    def hints(self) -> dict[str, Any]:
        """Resolved type hints of the stub."""
        return typing.get_type_hints(self.fn)

    @property
    def summary(self) -> str:
        """The first line of the docstring."""
        return (inspect.getdoc(self.fn) or "").strip().splitlines()[0] if self.fn.__doc__ else ""

    def check_arguments(self, *args: Any, **kwargs: Any) -> None:
        """Raise before anything is sent if an argument cannot be right (binding, choices)."""
        bound = self.signature.bind(*args, **kwargs)
        for name, value in bound.arguments.items():
            _check_value(name, value, self.hints.get(name))


class Operation(_Declaration, Generic[P, T]):
    """A declared multi-step operation: a generator flow computing a ``T``."""

    kind: ClassVar[str] = "flow"

    def flow(self, owner: Owner, /, *args: P.args, **kwargs: P.kwargs) -> Flow[T]:
        """The operation as a flow (``Literal`` choices are checked before it starts)."""
        self.check_arguments(*args, **kwargs)
        return self.fn(owner, *args, **kwargs)  # type: ignore[no-any-return]


@dataclass(frozen=True)
class EndpointSpec:
    """How one HTTP operation is sent and parsed: the options of ``@endpoint``.

    ``endpoint`` *is* this class: ``@endpoint("GET", "/groups/{group_id}", ...)``
    builds the spec, and applying it to a stub makes the :class:`Endpoint`.

    Attributes:
        method: HTTP method.
        path: Path template relative to the base URL; ``{name}`` placeholders are
            filled from the stub's parameters of the same name (validated, encoded).
        operation_id: The operationId in Fivetran's OpenAPI spec.
        versioned: Send ``Accept: application/json;version=2``.
        idempotent: Whether retrying after an ambiguous failure is harmless
            (``None``: every method but POST).
        confirm: The stub has a ``confirm`` parameter that must be ``True``.
        query: Parameters sent as the query string (default: all, for GET/DELETE).
        body: A parameter that *is* the JSON body (e.g. a changes dict).
        rename: Parameter → wire field names.
        fixed: Fields always sent in the body.
        defaults: Body fields sent when the caller leaves them out (``None``).
        result_key: Parse ``data[result_key]`` instead of ``data``.
        parse: A custom parser of the :class:`APIResponse`.
        upload: A parameter holding a file (path, bytes or binary file object) sent as
            the ``file`` part of a multipart/form-data body.
        binary: The response is a file: return its bytes instead of parsing JSON.
        cli: Hints for the command line (e.g. ``{"name": "schema"}``).
    """

    method: str
    path: str
    _: KW_ONLY
    operation_id: str | None = None
    versioned: bool = False
    idempotent: bool | None = None
    confirm: bool = False
    query: Sequence[str] | None = None
    body: str | None = None
    rename: Mapping[str, str] = field(default_factory=dict)
    fixed: Mapping[str, Any] = field(default_factory=dict)
    defaults: Mapping[str, Any] = field(default_factory=dict)
    result_key: str | None = None
    parse: Callable[[APIResponse], Any] | None = None
    upload: str | None = None
    binary: bool = False
    cli: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        set_ = functools.partial(object.__setattr__, self)
        set_("method", self.method.upper())
        if self.idempotent is None:
            set_("idempotent", self.method != "POST")
        if self.query is not None:
            set_("query", tuple(self.query))
        for name in ("rename", "fixed", "defaults", "cli"):
            set_(name, types.MappingProxyType(dict(getattr(self, name) or {})))

    def __call__(self, fn: Callable[Concatenate[Any, P], T]) -> Endpoint[P, T]:
        """Declare ``fn`` (a typed stub) as this endpoint."""
        return Endpoint(fn, self)


#: Declare an HTTP operation from a typed stub (see :class:`EndpointSpec`).
endpoint = EndpointSpec


class Endpoint(Operation[P, T]):
    """One HTTP operation of the API: a stub and its :class:`EndpointSpec`."""

    kind: ClassVar[str] = "endpoint"

    def __init__(self, fn: Callable[..., Any], spec: EndpointSpec) -> None:
        super().__init__(fn, cli=spec.cli)
        self.spec = spec
        self.path_params: tuple[str, ...] = tuple(_PATH_PARAM.findall(spec.path))

    @property
    def method(self) -> str:
        """The HTTP method."""
        return self.spec.method

    @property
    def path(self) -> str:
        """The path template, e.g. ``/groups/{group_id}``."""
        return self.spec.path

    @property
    def operation_id(self) -> str | None:
        """The operationId in Fivetran's OpenAPI spec."""
        return self.spec.operation_id

    @functools.cached_property
    def qualified_name(self) -> str:
        """``connections.get``: how logs and errors name the operation."""
        owner = getattr(self, "owner", None)
        prefix = re.sub(r"(?<!^)(?=[A-Z])", "_", owner.__name__).lower() if owner else "?"
        return f"{prefix}.{self.name}"

    @functools.cached_property
    def result_type(self) -> Any:
        """The declared result type."""
        return self.hints.get("return", Any)

    @functools.cached_property
    def _adapter(self) -> TypeAdapter[Any] | None:
        rt = self.result_type
        if rt is None or rt is type(None):
            return None
        from pydantic import TypeAdapter  # on first use: `import fivetrex` stays light

        return TypeAdapter(rt)

    # -- building the request, step by step

    def request(self, *args: Any, **kwargs: Any) -> APIRequest:
        """Validate arguments and build the request (raises before anything is sent)."""
        values, extra = self._arguments(args, kwargs)
        self._check_confirmed(values)
        path = self._fill_path(values)
        for name, value in values.items():
            _check_value(name, value, self.hints.get(name))
        files = None
        if self.spec.upload is not None:
            files = {"file": _file_part(values.pop(self.spec.upload))}
        given_body = self._given_body(values)
        query, fields = self._split(values)
        return APIRequest(
            method=self.spec.method,
            path=path,
            params=query or None,
            json=NO_BODY if files is not None else self._body(given_body, fields, extra),
            versioned=self.spec.versioned,
            idempotent=bool(self.spec.idempotent),
            files=files,
            binary=self.spec.binary,
        )

    def _arguments(
        self, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """``(named values, **extra fields)`` with the stub's defaults applied."""
        bound = self.signature.bind(*args, **kwargs)
        bound.apply_defaults()
        values = dict(bound.arguments)
        extra: dict[str, Any] = {}
        for name, param in self.signature.parameters.items():
            if param.kind is inspect.Parameter.VAR_KEYWORD:
                extra = dict(values.pop(name, {}) or {})
        return values, extra

    def _check_confirmed(self, values: dict[str, Any]) -> None:
        if self.spec.confirm and values.pop("confirm", False) is not True:
            raise ConfirmationRequired(
                f"{self.qualified_name}() is destructive and cannot be undone; "
                "pass confirm=True to proceed"
            )

    def _fill_path(self, values: dict[str, Any]) -> str:
        """The path with its (validated, percent-encoded) parameters popped from ``values``."""
        segments: dict[str, str] = {}
        for name in self.path_params:
            value = values.pop(name)
            if not isinstance(value, str) or not value:
                raise InvalidArgumentError(
                    f"Expected a non-empty string for `{name}`, got {value!r}"
                )
            segments[name] = encode_segment(value)
        return self.spec.path.format(**segments)

    def _given_body(self, values: dict[str, Any]) -> Any:
        """The argument that *is* the body (``spec.body``), as JSON data; else ``NO_BODY``."""
        if self.spec.body is None:
            return NO_BODY
        body = values.pop(self.spec.body)
        if _is_model(body):
            return body.model_dump(mode="json", by_alias=True, exclude_unset=True)
        return {} if body is None else body

    def _split(self, values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        """``(query, body fields)``: the arguments given (not ``None``), by wire name."""
        sends_body = self.spec.method in _BODY_METHODS
        query: dict[str, Any] = {}
        fields: dict[str, Any] = {}
        for name, value in values.items():
            if value is None:
                continue
            in_query = (name in self.spec.query) if self.spec.query is not None else not sends_body
            (query if in_query else fields)[self.spec.rename.get(name, name)] = value
        return query, fields

    def _body(self, given: Any, fields: dict[str, Any], extra: dict[str, Any]) -> Any:
        if self.spec.method in _BODY_METHODS and given is NO_BODY:
            return {**self.spec.defaults, **fields, **self.spec.fixed, **extra}
        if isinstance(given, dict):
            return {**given, **fields, **self.spec.fixed, **extra}
        return given

    # -- the response

    def parse(self, response: APIResponse) -> Any:
        """Turn the unwrapped response into the declared result.

        Raises:
            APIResponseValidationError: The response is not what the operation returns
                (see ``_frame``): never a raw pydantic, JSON or ``KeyError``.
        """
        if self.spec.binary:
            return response.data
        from ._frame import parse_strict  # pydantic's machinery, loaded on first use

        spec = self.spec
        return parse_strict(response, spec.parse, self._adapter, spec.result_key, self.result_type)

    def flow(self, owner: Owner, /, *args: P.args, **kwargs: P.kwargs) -> Flow[T]:
        """The call as a flow: validate, send (with retries), parse."""
        request = self.request(*args, **kwargs)
        operation = self.qualified_name
        core = owner._client._core
        response = yield from core.call(request, operation)
        try:
            return self.parse(response)  # type: ignore[no-any-return]
        except APIError as error:
            sent = request_of(response.http)
            raise core.contain(error, sent, operation) from None


class StreamOperation(_Declaration, Generic[P, T]):
    """A declared streaming operation: every item of every page of a list endpoint."""

    kind: ClassVar[str] = "stream"

    def __init__(
        self,
        make_flow: Callable[..., ItemFlow],
        *,
        fn: Callable[..., Any],
        source: Endpoint[Any, Any],
        cli: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(fn, cli=cli)
        self._make_flow = make_flow
        self.source: Endpoint[Any, Any] = source

    @functools.cached_property
    def hints(self) -> dict[str, Any]:
        """Resolved type hints (those of the list endpoint)."""
        return {k: v for k, v in self.source.hints.items() if k != "return"}

    def flow(self, owner: Owner, /, *args: P.args, **kwargs: P.kwargs) -> ItemFlow:
        """The stream as an item flow."""
        return self._make_flow(owner, *args, **kwargs)

    def capped(
        self, owner: Owner, max_pages: int | None, /, *args: P.args, **kwargs: P.kwargs
    ) -> ItemFlow:
        """The stream as an item flow that stops after ``max_pages`` pages (``None``: all)."""
        return self._make_flow(owner, *args, max_pages=max_pages, **kwargs)


# --------------------------------------------------------------------------- decorators


def flow(
    *, cli: Mapping[str, Any] | None = None
) -> Callable[[Callable[Concatenate[Any, P], Flow[T]]], Operation[P, T]]:
    """Declare a multi-step operation written as a generator flow.

    ``cli`` hints for the command line: ``{"progress": "on_progress"}`` names the
    parameter taking a progress callback (the CLI passes its own progress display).
    """

    def decorate(fn: Callable[Concatenate[Any, P], Flow[T]]) -> Operation[P, T]:
        return Operation(fn, cli=cli)

    return decorate


def stream_of(
    source: Endpoint[P, Page[T]], *, cli: Mapping[str, Any] | None = None
) -> StreamOperation[P, T]:
    """Declare ``stream()`` over a list endpoint: every item of every page, lazily."""

    def make_flow(owner: Owner, /, *args: Any, **kwargs: Any) -> ItemFlow:
        check_limit(kwargs.get("limit"))
        start = kwargs.pop("cursor", None)
        max_pages = kwargs.pop("max_pages", None)

        def fetch(cursor: str | None) -> Flow[Page[Any]]:
            return source.flow(owner, *args, **{**kwargs, "cursor": cursor})

        return walk_pages(fetch, cursor=start, max_pages=max_pages)

    def fn(self: Any, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError  # pragma: no cover - signature carrier only

    params = list(source.signature.parameters.values())
    cap = inspect.Parameter(
        "max_pages", inspect.Parameter.KEYWORD_ONLY, default=None, annotation="int | None"
    )
    at = next((i for i, p in enumerate(params) if p.kind is p.VAR_KEYWORD), len(params))
    params.insert(at, cap)
    fn.__signature__ = source.signature.replace(  # type: ignore[attr-defined]
        parameters=[inspect.Parameter("self", inspect.Parameter.POSITIONAL_ONLY), *params],
        return_annotation=inspect.Signature.empty,
    )
    fn.__name__ = "stream"
    fn.__module__ = source.fn.__module__
    fn.__doc__ = (
        f"Iterate over every item of ``{source.name}()``, fetching pages lazily.\n\n"
        "Takes the same arguments as the list method; ``cursor`` starts from that page,\n"
        "``max_pages`` stops after that many pages. A server that repeats a cursor or\n"
        "sends endless empty pages raises :class:`~fivetrex.PaginationError`."
    )
    return StreamOperation(make_flow, fn=fn, source=source, cli=cli)


# --------------------------------------------------------------------------- validation


def _file_part(value: Any) -> tuple[str, bytes, str]:
    """A multipart file part from a path, bytes, or a binary file object."""
    import os

    if isinstance(value, (bytes, bytearray)):
        return ("upload.bin", bytes(value), "application/octet-stream")
    if isinstance(value, (str, os.PathLike)):
        path = os.fspath(value)
        with open(path, "rb") as handle:
            return (os.path.basename(path), handle.read(), "application/octet-stream")
    if hasattr(value, "read"):
        data = value.read()
        if not isinstance(data, bytes):
            raise TypeError("open the file in binary mode ('rb')")
        name = os.path.basename(str(getattr(value, "name", "upload.bin")))
        return (name, data, "application/octet-stream")
    raise TypeError(f"expected a path, bytes or a binary file, got {type(value).__name__}")


def _check_value(name: str, value: Any, hint: Any) -> None:
    """Catch obviously bad input before sending: limits, ``Literal`` choices, lone strings."""
    if name == "limit":
        check_limit(value)
        return
    if hint is None or value is None:
        return
    if isinstance(value, (str, bytes, bytearray)) and _takes_strings(hint):
        # a str is an iterable of str: pause_many("abc") would pause 'a', 'b' and 'c'
        one = value if isinstance(value, str) else value.decode("utf-8", "replace")
        shown = repr(one) if len(one) <= 60 else repr(one[:57]) + "..."
        raise InvalidArgumentError(
            f"`{name}` takes a list of strings, not a single {type(value).__name__}; "
            f"for one, pass [{shown}]"
        )
    choices = _literal_choices(hint)
    if choices is not None and value not in choices:
        shown = ", ".join(repr(c) for c in choices)
        raise InvalidArgumentError(f"`{name}` must be one of {shown}; got {value!r}")


_STRING_COLLECTIONS = frozenset(
    {
        collections.abc.Iterable,
        collections.abc.Collection,
        collections.abc.Sequence,
        collections.abc.MutableSequence,
        collections.abc.Set,
        collections.abc.MutableSet,
        list,
        tuple,
        set,
        frozenset,
    }
)


def _takes_strings(hint: Any) -> bool:
    """Whether ``hint`` is a collection of strings (``Iterable[str]``, ``list[str] | None``...)
    that does not take a single ``str`` itself (``str | Iterable[str]`` does)."""
    origin = get_origin(hint)
    if origin is Union or origin is types.UnionType:
        args = get_args(hint)
        return str not in args and any(_takes_strings(arg) for arg in args)
    return origin in _STRING_COLLECTIONS and get_args(hint)[:1] == (str,)


def _literal_choices(hint: Any) -> tuple[Any, ...] | None:
    origin = get_origin(hint)
    if origin is Literal:
        return get_args(hint)
    if origin is Union or origin is types.UnionType:
        found: list[Any] = []
        for arg in get_args(hint):
            if arg is type(None):
                continue
            sub = _literal_choices(arg)
            if sub is None:
                return None
            found.extend(sub)
        return tuple(found) if found else None
    return None


def _is_model(value: Any) -> bool:
    """``isinstance(value, pydantic.BaseModel)`` without importing pydantic's models.

    (No pydantic model can exist before ``pydantic.main`` is imported.)
    """
    main = sys.modules.get("pydantic.main")
    return main is not None and isinstance(value, main.BaseModel)
