"""Operation declarations: each API operation is declared once, here is what runs it.

A resource class declares an operation with a typed stub::

    class Groups(Resource[M]):
        @endpoint("GET", "/groups/{group_id}", operation_id="group_details")
        def get(self, group_id: str) -> Group:
            \"\"\"Retrieve a group.\"\"\"
            ...

The stub's signature is the method's signature; its return annotation is the
result model. ``endpoint`` turns it into a descriptor that, looked up on a
resource of the sync client, is a plain method, and on the async client an
``async`` method — one declaration, both clients, fully typed. The same
declaration feeds the CLI and the docs' coverage table (method, path,
operationId, parameters).

Multi-step logic (waiting for a sync, walking pages) is written once as a
generator flow (see ``_flow``) and exposed with :func:`flow` or :func:`stream`.
"""

from __future__ import annotations

import functools
import inspect
import re
import sys
import typing
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from typing import (
    TYPE_CHECKING,
    Any,
    Concatenate,
    Generic,
    Literal,
    TypeVar,
    Union,
    get_args,
    get_origin,
    overload,
)

from typing_extensions import ParamSpec, Self

from ._flow import Flow, ItemFlow
from ._http import NO_BODY, APIRequest, APIResponse, encode_segment
from .errors import ConfirmationRequired, InvalidArgumentError
from .pagination import check_limit, walk_pages

if TYPE_CHECKING:
    from pydantic import TypeAdapter

    from ._client import BaseClient
    from .pagination import Page

__all__ = [
    "AsyncMode",
    "Endpoint",
    "Operation",
    "Resource",
    "Runner",
    "StreamOperation",
    "SyncMode",
    "endpoint",
    "flow",
    "item_stream",
    "stream_of",
]

P = ParamSpec("P")
T = TypeVar("T")
M = TypeVar("M")

_PATH_PARAM = re.compile(r"\{(\w+)\}")
_BODY_METHODS = frozenset({"POST", "PATCH", "PUT"})


class SyncMode:
    """Marker: a resource bound to the blocking client."""


class AsyncMode:
    """Marker: a resource bound to the asyncio client."""


class Runner(Generic[M]):
    """Anything that owns operations: a resource, or a client itself."""

    _client: BaseClient[Any, Any]


class Resource(Runner[M]):
    """Base class of every resource namespace (``client.groups``, ``client.connections``...)."""

    def __init__(self, client: BaseClient[Any, Any]) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._client!r}>"


# --------------------------------------------------------------------------- bound methods


class _Bound(Generic[P, T]):
    """What a declared operation becomes when looked up on a resource."""

    __slots__ = ("__wrapped__", "_op", "_owner")

    def __init__(self, op: Any, owner: Runner[Any]) -> None:
        self._op = op
        self._owner = owner
        self.__wrapped__ = op.fn

    def flow(self, *args: P.args, **kwargs: P.kwargs) -> Flow[T]:
        """The operation as a flow (for composing inside other flows)."""
        return self._op.flow(self._owner, *args, **kwargs)  # type: ignore[no-any-return]

    @property
    def operation(self) -> Any:
        """The declaration behind this method."""
        return self._op

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {type(self._owner).__name__}.{self._op.name}>"


class SyncMethod(_Bound[P, T]):
    """An operation bound to a resource of the blocking client."""

    __slots__ = ()

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> T:
        return self._owner._client._driver.run(self.flow(*args, **kwargs))  # type: ignore[no-any-return]


class AsyncMethod(_Bound[P, T]):
    """An operation bound to a resource of the asyncio client."""

    __slots__ = ()

    async def __call__(self, *args: P.args, **kwargs: P.kwargs) -> T:
        return await self._owner._client._driver.run(self.flow(*args, **kwargs))  # type: ignore[no-any-return]


class SyncStream(_Bound[P, T]):
    """A streaming operation bound to the blocking client: returns a lazy iterator."""

    __slots__ = ()

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> Iterator[T]:
        return self._owner._client._driver.iterate(self.flow(*args, **kwargs))  # type: ignore[no-any-return]


class AsyncStream(_Bound[P, T]):
    """A streaming operation bound to the asyncio client: returns an async iterator."""

    __slots__ = ()

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> AsyncIterator[T]:
        return self._owner._client._driver.iterate(self.flow(*args, **kwargs))  # type: ignore[no-any-return]


# --------------------------------------------------------------------------- declarations


class _Declaration:
    """What every declaration has: a stub function, a name, CLI hints, introspection."""

    kind = "declaration"
    owner: type

    def __init__(self, fn: Callable[..., Any], *, cli: Mapping[str, Any] | None = None) -> None:
        self.fn = fn
        self.name = fn.__name__
        self.cli = dict(cli or {})
        self.__doc__ = fn.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name
        self.owner = owner

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


class Operation(_Declaration, Generic[P, T]):
    """A declared operation (a descriptor). See the module docstring."""

    kind = "flow"

    @overload
    def __get__(self, obj: None, owner: Any) -> Self: ...
    @overload
    def __get__(self, obj: Runner[SyncMode], owner: Any) -> SyncMethod[P, T]: ...
    @overload
    def __get__(self, obj: Runner[AsyncMode], owner: Any) -> AsyncMethod[P, T]: ...
    def __get__(self, obj: Any, owner: Any) -> Any:
        if obj is None:
            return self
        if obj._client._is_async:
            return AsyncMethod(self, obj)
        return SyncMethod(self, obj)

    def flow(self, owner: Runner[Any], /, *args: P.args, **kwargs: P.kwargs) -> Flow[T]:
        """The operation as a flow (``Literal`` choices are checked before it starts)."""
        bound = self.signature.bind(*args, **kwargs)
        for name, value in bound.arguments.items():
            _check_value(name, value, self.hints.get(name))
        return self.fn(owner, *args, **kwargs)  # type: ignore[no-any-return]


class Endpoint(Operation[P, T]):
    """One HTTP operation of the API, declared by method and path."""

    kind = "endpoint"

    def __init__(
        self,
        fn: Callable[..., Any],
        *,
        method: str,
        path: str,
        operation_id: str | None = None,
        versioned: bool = False,
        idempotent: bool | None = None,
        confirm: bool = False,
        query: Sequence[str] | None = None,
        body: str | None = None,
        rename: Mapping[str, str] | None = None,
        fixed: Mapping[str, Any] | None = None,
        defaults: Mapping[str, Any] | None = None,
        result_key: str | None = None,
        parse: Callable[[APIResponse], Any] | None = None,
        upload: str | None = None,
        binary: bool = False,
        cli: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(fn, cli=cli)
        self.defaults = dict(defaults or {})
        self.upload = upload
        self.binary = binary
        self.method = method.upper()
        self.path = path
        self.operation_id = operation_id
        self.versioned = versioned
        self.idempotent = (self.method != "POST") if idempotent is None else idempotent
        self.confirm = confirm
        self.query = tuple(query) if query is not None else None
        self.body_param = body
        self.rename = dict(rename or {})
        self.fixed = dict(fixed or {})
        self.result_key = result_key
        self._parse = parse
        self.path_params = tuple(_PATH_PARAM.findall(path))

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

    def request(self, *args: Any, **kwargs: Any) -> APIRequest:
        """Validate arguments and build the request (raises before anything is sent)."""
        bound = self.signature.bind(*args, **kwargs)
        bound.apply_defaults()
        values = dict(bound.arguments)
        extra: dict[str, Any] = {}
        for name, param in self.signature.parameters.items():
            if param.kind is inspect.Parameter.VAR_KEYWORD:
                extra = dict(values.pop(name, {}) or {})
        if self.confirm and values.pop("confirm", False) is not True:
            raise ConfirmationRequired(
                f"{self.owner.__name__.lower()}.{self.name}() is destructive and cannot be "
                "undone; pass confirm=True to proceed"
            )
        segments: dict[str, str] = {}
        for name in self.path_params:
            value = values.pop(name)
            if not isinstance(value, str) or not value:
                raise InvalidArgumentError(
                    f"Expected a non-empty string for `{name}`, got {value!r}"
                )
            segments[name] = encode_segment(value)
        for name, value in values.items():
            _check_value(name, value, self.hints.get(name))
        path = self.path.format(**segments)
        files = None
        if self.upload is not None:
            files = {"file": _file_part(values.pop(self.upload))}
        query: dict[str, Any] = {}
        body: Any = NO_BODY
        if self.body_param is not None:
            body = values.pop(self.body_param)
            if _is_model(body):
                body = body.model_dump(mode="json", by_alias=True, exclude_unset=True)
            if body is None:
                body = {}
        sends_body = self.method in _BODY_METHODS
        fields: dict[str, Any] = {}
        for name, value in values.items():
            if value is None:
                continue
            key = self.rename.get(name, name)
            in_query = (name in self.query) if self.query is not None else not sends_body
            if in_query:
                query[key] = value
            else:
                fields[key] = value
        if files is not None:
            body = NO_BODY
        elif sends_body and body is NO_BODY:
            body = {**self.defaults, **fields, **self.fixed, **extra}
        elif isinstance(body, dict):
            body = {**body, **fields, **self.fixed, **extra}
        return APIRequest(
            method=self.method,
            path=path,
            params=query or None,
            json=body,
            versioned=self.versioned,
            idempotent=self.idempotent,
            files=files,
            binary=self.binary,
        )

    def parse(self, response: APIResponse) -> Any:
        """Turn the unwrapped response into the declared result."""
        if self._parse is not None:
            return self._parse(response)
        if self.binary:
            return response.data
        adapter = self._adapter
        if adapter is None:
            return None
        data = response.data
        if self.result_key is not None and isinstance(data, dict):
            data = data.get(self.result_key)
        if data is None:
            data = {}
        return adapter.validate_python(data)

    def flow(self, owner: Runner[Any], /, *args: P.args, **kwargs: P.kwargs) -> Flow[T]:
        """The call as a flow: validate, send (with retries), parse."""
        request = self.request(*args, **kwargs)
        response = yield from owner._client._core.call(request)
        return self.parse(response)  # type: ignore[no-any-return]


class StreamOperation(_Declaration, Generic[P, T]):
    """A declared streaming operation: a lazy (async) iterator over items."""

    kind = "stream"

    def __init__(
        self,
        make_flow: Callable[..., ItemFlow],
        *,
        fn: Callable[..., Any],
        source: Operation[Any, Any] | None = None,
        cli: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(fn, cli=cli)
        self._make_flow = make_flow
        self.source = source

    @overload
    def __get__(self, obj: None, owner: Any) -> Self: ...
    @overload
    def __get__(self, obj: Runner[SyncMode], owner: Any) -> SyncStream[P, T]: ...
    @overload
    def __get__(self, obj: Runner[AsyncMode], owner: Any) -> AsyncStream[P, T]: ...
    def __get__(self, obj: Any, owner: Any) -> Any:
        if obj is None:
            return self
        if obj._client._is_async:
            return AsyncStream(self, obj)
        return SyncStream(self, obj)

    @functools.cached_property
    def hints(self) -> dict[str, Any]:
        """Resolved type hints (those of the list endpoint, for ``stream_of``)."""
        if self.source is not None:
            return {k: v for k, v in self.source.hints.items() if k != "return"}
        return typing.get_type_hints(self.fn)

    def flow(self, owner: Runner[Any], /, *args: P.args, **kwargs: P.kwargs) -> ItemFlow:
        """The stream as an item flow."""
        return self._make_flow(owner, *args, **kwargs)


# --------------------------------------------------------------------------- decorators


def endpoint(
    method: str,
    path: str,
    *,
    operation_id: str | None = None,
    versioned: bool = False,
    idempotent: bool | None = None,
    confirm: bool = False,
    query: Sequence[str] | None = None,
    body: str | None = None,
    rename: Mapping[str, str] | None = None,
    fixed: Mapping[str, Any] | None = None,
    defaults: Mapping[str, Any] | None = None,
    result_key: str | None = None,
    parse: Callable[[APIResponse], Any] | None = None,
    upload: str | None = None,
    binary: bool = False,
    cli: Mapping[str, Any] | None = None,
) -> Callable[[Callable[Concatenate[Any, P], T]], Endpoint[P, T]]:
    """Declare an HTTP operation from a typed stub.

    Args:
        method: HTTP method.
        path: Path template relative to the base URL; ``{name}`` placeholders are
            filled from the stub's parameters of the same name (validated, encoded).
        operation_id: The operationId in Fivetran's OpenAPI spec.
        versioned: Send ``Accept: application/json;version=2``.
        idempotent: Whether retrying after an ambiguous failure is harmless
            (default: every method but POST).
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

    def decorate(fn: Callable[Concatenate[Any, P], T]) -> Endpoint[P, T]:
        return Endpoint(
            fn,
            method=method,
            path=path,
            operation_id=operation_id,
            versioned=versioned,
            idempotent=idempotent,
            confirm=confirm,
            query=query,
            body=body,
            rename=rename,
            fixed=fixed,
            defaults=defaults,
            result_key=result_key,
            parse=parse,
            upload=upload,
            binary=binary,
            cli=cli,
        )

    return decorate


def flow(
    *, cli: Mapping[str, Any] | None = None
) -> Callable[[Callable[Concatenate[Any, P], Flow[T]]], Operation[P, T]]:
    """Declare a multi-step operation written as a generator flow."""

    def decorate(fn: Callable[Concatenate[Any, P], Flow[T]]) -> Operation[P, T]:
        return Operation(fn, cli=cli)

    return decorate


def stream_of(
    source: Endpoint[P, Page[T]], *, cli: Mapping[str, Any] | None = None
) -> StreamOperation[P, T]:
    """Declare ``stream()`` over a list endpoint: every item of every page, lazily."""

    def make_flow(owner: Runner[Any], /, *args: Any, **kwargs: Any) -> ItemFlow:
        check_limit(kwargs.get("limit"))
        start = kwargs.pop("cursor", None)

        def fetch(cursor: str | None) -> Flow[Page[Any]]:
            return source.flow(owner, *args, **{**kwargs, "cursor": cursor})

        return walk_pages(fetch, cursor=start)

    def fn(self: Any, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError  # pragma: no cover - signature carrier only

    fn.__signature__ = source.signature.replace(  # type: ignore[attr-defined]
        parameters=[
            inspect.Parameter("self", inspect.Parameter.POSITIONAL_ONLY),
            *list(source.signature.parameters.values()),
        ],
        return_annotation=inspect.Signature.empty,
    )
    fn.__name__ = "stream"
    fn.__doc__ = (
        f"Iterate over every item of ``{source.name}()``, fetching pages lazily.\n\n"
        "Takes the same arguments as the list method; ``cursor`` starts from that page."
    )
    return StreamOperation(make_flow, fn=fn, source=source, cli=cli)


def item_stream(
    *, cli: Mapping[str, Any] | None = None
) -> Callable[[Callable[Concatenate[Any, P], ItemFlow]], StreamOperation[P, Any]]:
    """Declare a custom streaming operation written as an item flow (yielding ``Emit``)."""

    def decorate(fn: Callable[Concatenate[Any, P], ItemFlow]) -> StreamOperation[P, Any]:
        return StreamOperation(fn, fn=fn, cli=cli)

    return decorate


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
    """Catch obviously bad input before sending: limits and ``Literal`` choices."""
    if name == "limit":
        check_limit(value)
        return
    if hint is None or value is None:
        return
    choices = _literal_choices(hint)
    if choices is not None and value not in choices:
        shown = ", ".join(repr(c) for c in choices)
        raise InvalidArgumentError(f"`{name}` must be one of {shown}; got {value!r}")


def _literal_choices(hint: Any) -> tuple[Any, ...] | None:
    origin = get_origin(hint)
    if origin is Literal:
        return get_args(hint)
    if origin is Union or (origin is not None and str(origin) == "<class 'types.UnionType'>"):
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
