"""Typed domain errors raised by the emulator core.

Each error carries the HTTP status and the Fivetran error ``code`` it maps to;
the HTTP layer turns them into ``{"code": ..., "message": ...}`` bodies.
"""

from __future__ import annotations

__all__ = [
    "ConflictError",
    "EmulatorError",
    "InvalidInputError",
    "NotFoundError",
    "NotImplementedOperationError",
]


class EmulatorError(Exception):
    """Base class of every error the emulator core raises on purpose."""

    status: int = 500
    code: str = "InternalServerError"

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status


class InvalidInputError(EmulatorError):
    """The request was malformed or failed validation (HTTP 400, ``InvalidInput``)."""

    status = 400
    code = "InvalidInput"


class NotFoundError(EmulatorError):
    """A resource does not exist (HTTP 404, ``NotFound_<Entity>``)."""

    status = 404
    code = "NotFound"

    def __init__(self, entity: str, ident: str, *, message: str | None = None) -> None:
        super().__init__(
            message or f"{entity} with id '{ident}' does not exist.",
            code=f"NotFound_{entity.replace(' ', '')}",
        )
        self.entity = entity
        self.ident = ident


class ConflictError(EmulatorError):
    """The request conflicts with the current state (HTTP 409, ``Conflict``)."""

    status = 409
    code = "Conflict"


class NotImplementedOperationError(EmulatorError):
    """A documented Fivetran operation the emulator does not implement (HTTP 501)."""

    status = 501
    code = "NotImplemented"
