"""The base of every response model: lenient, forward compatible, timezone aware."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Annotated, Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator
from pydantic import ValidatorFunctionWrapHandler as _Handler

__all__ = ["FivetrexModel", "Page", "Timestamp"]

T = TypeVar("T")

_log = logging.getLogger("fivetrex")


def _to_aware(value: Any) -> Any:
    """Empty strings become ``None``; naive datetimes are taken as UTC."""
    if value == "":
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            return value  # let pydantic try (and report) its own formats
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value


#: A timestamp field: ISO-8601 text parsed to a timezone-aware ``datetime`` (UTC if naive).
Timestamp = Annotated[datetime | None, BeforeValidator(_to_aware)]


class FivetrexModel(BaseModel):
    """Base class of fivetrex's models.

    * Unknown fields are kept: ``model.some_new_field`` and ``model.model_extra``.
    * Type drift never breaks parsing: a value of an unexpected type is kept as sent
      (and logged at DEBUG) instead of raising.
    * ``to_dict()`` / ``to_json()`` give the wire form back.
    """

    model_config: ClassVar[ConfigDict] = ConfigDict(
        extra="allow",
        populate_by_name=True,
        protected_namespaces=(),
        ser_json_timedelta="float",
    )

    @model_validator(mode="wrap")
    @classmethod
    def _lenient(cls, data: Any, handler: _Handler) -> Any:
        try:
            return handler(data)
        except ValidationError as error:
            if not isinstance(data, dict):
                raise
            errors = error.errors()
            if any(e["type"] == "missing" for e in errors):
                raise  # an object without its identity is not an object: strict at the frame
            bad = {e["loc"][0] for e in errors if e["loc"] and e["loc"][0] in data}
            if not bad:
                raise
            _log.debug("%s: keeping unexpected values of %s as sent", cls.__name__, sorted(bad))
            # a required field needs some valid value to get through; the sent one replaces it
            model = handler({k: v for k, v in data.items() if k not in bad} | _stand_ins(cls, bad))
            for key in bad:
                name = _field_name(cls, str(key))
                if name is not None:
                    model.__dict__[name] = data[key]
                    model.__pydantic_fields_set__.add(name)
                elif model.__pydantic_extra__ is not None:
                    model.__pydantic_extra__[str(key)] = data[key]
            return model

    def to_dict(self) -> dict[str, Any]:
        """The model as a JSON-compatible dict, with the API's field names."""
        return self.model_dump(mode="json", by_alias=True, warnings=False)

    def to_json(self, *, indent: int | None = None) -> str:
        """The model as JSON text, with the API's field names."""
        return self.model_dump_json(by_alias=True, indent=indent, warnings=False)


class Page(FivetrexModel, Generic[T]):
    """One page of a list.

    Attributes:
        items: The items on this page.
        next_cursor: The cursor of the next page, or ``None`` on the last page.
    """

    items: list[T] = Field(default_factory=list)
    next_cursor: str | None = None

    @property
    def has_next(self) -> bool:
        """Whether another page follows."""
        return bool(self.next_cursor)

    def __iter__(self) -> Iterator[T]:  # type: ignore[override]
        """Iterate over this page's items (only this page; use ``stream()`` for all)."""
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


#: Valid values of the required fields' types, held while a drifted value is set aside.
_STAND_INS: dict[Any, Any] = {str: "", int: 0, float: 0.0, bool: False}


def _stand_ins(cls: type[BaseModel], bad: set[Any]) -> dict[str, Any]:
    """Placeholders for the required fields among ``bad`` (by wire name)."""
    found: dict[str, Any] = {}
    for name, info in cls.model_fields.items():
        key = info.alias or name
        if info.is_required() and key in bad and info.annotation in _STAND_INS:
            found[key] = _STAND_INS[info.annotation]
    return found


def _field_name(cls: type[BaseModel], key: str) -> str | None:
    for name, info in cls.model_fields.items():
        if key in (name, info.alias):
            return name
    return None
