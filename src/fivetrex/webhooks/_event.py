"""The typed webhook event model and payload parsing."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime, timezone
from enum import Enum
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from fivetrex.webhooks._errors import WebhookPayloadError
from fivetrex.webhooks._signature import SecretValue, verify_signature

__all__ = [
    "WebhookEvent",
    "WebhookEventType",
    "construct_event",
    "parse_event",
]


class WebhookEventType(str, Enum):
    """Event names Fivetran documents for webhooks.

    :attr:`WebhookEvent.event` stays a plain ``str`` (unknown and future events
    are accepted); members compare equal to their string value, so
    ``event.event == WebhookEventType.SYNC_END`` works.
    """

    SYNC_START = "sync_start"
    SYNC_END = "sync_end"
    STATUS = "status"
    DBT_RUN_START = "dbt_run_start"
    DBT_RUN_SUCCEEDED = "dbt_run_succeeded"
    DBT_RUN_FAILED = "dbt_run_failed"
    TRANSFORMATION_RUN_START = "transformation_run_start"
    TRANSFORMATION_RUN_SUCCEEDED = "transformation_run_succeeded"
    TRANSFORMATION_RUN_FAILED = "transformation_run_failed"
    CONNECTION_SUCCESSFUL = "connection_successful"
    CONNECTION_FAILURE = "connection_failure"
    CREATE_CONNECTOR = "create_connector"
    PAUSE_CONNECTOR = "pause_connector"
    RESUME_CONNECTOR = "resume_connector"
    EDIT_CONNECTOR = "edit_connector"
    DELETE_CONNECTOR = "delete_connector"
    FORCE_UPDATE_CONNECTOR = "force_update_connector"
    RESYNC_CONNECTOR = "resync_connector"
    RESYNC_TABLE = "resync_table"


_FAILED_SYNC_STATUSES = frozenset({"FAILURE", "FAILURE_WITH_TASK"})


class WebhookEvent(BaseModel):
    """An incoming Fivetran webhook event (the JSON body of a delivery).

    Unknown fields are kept (``extra="allow"``) and available as attributes and
    in :attr:`model_extra`. The model is immutable.

    Attributes:
        event: Event name, e.g. ``"sync_start"`` or ``"sync_end"`` (see
            :class:`WebhookEventType`).
        created: When the event happened; always timezone-aware (naive input is
            taken to be UTC).
        connector_id: Id of the connection that triggered the event.
        connector_type: Connector service, e.g. ``"postgres"``.
        connector_name: Connection (schema) name.
        sync_id: Id of the sync the event belongs to, when any.
        group_id: Group (destination) of the connection: ``destination_group_id``
            of the payload, or ``group_id`` in older payloads.
        destination_group_id: ``destination_group_id`` exactly as sent.
        data: Event-specific data; ``{}`` when absent or ``null``.
    """

    model_config: ClassVar[ConfigDict] = ConfigDict(extra="allow", frozen=True)

    event: str
    created: datetime
    connector_id: str | None = None
    connector_type: str | None = None
    connector_name: str | None = None
    sync_id: str | None = None
    group_id: str | None = None
    destination_group_id: str | None = None
    data: dict[str, Any] = {}

    @model_validator(mode="before")
    @classmethod
    def _fill_group_id(cls, values: Any) -> Any:
        if isinstance(values, Mapping):
            dest = values.get("destination_group_id")
            if dest is not None:
                return {**values, "group_id": dest}
        return values

    @field_validator("data", mode="before")
    @classmethod
    def _null_data(cls, value: Any) -> Any:
        return {} if value is None else value

    @field_validator("created", mode="after")
    @classmethod
    def _aware_created(cls, value: datetime) -> datetime:
        if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
            return value.replace(tzinfo=timezone.utc)
        return value

    @property
    def is_sync_start(self) -> bool:
        """Whether this is a ``sync_start`` event."""
        return self.event == WebhookEventType.SYNC_START.value

    @property
    def is_sync_end(self) -> bool:
        """Whether this is a ``sync_end`` event (check :attr:`succeeded`/:attr:`failed`)."""
        return self.event == WebhookEventType.SYNC_END.value

    @property
    def status(self) -> str | None:
        """``data["status"]`` if it is a string, e.g. ``"SUCCESSFUL"``, else ``None``."""
        value = self.data.get("status")
        return value if isinstance(value, str) else None

    @property
    def succeeded(self) -> bool:
        """Whether this is a ``sync_end`` event with status ``SUCCESSFUL``."""
        return self.is_sync_end and self.status == "SUCCESSFUL"

    @property
    def failed(self) -> bool:
        """Whether this is a ``sync_end`` with status ``FAILURE`` or ``FAILURE_WITH_TASK``.

        ``RESCHEDULED`` and ``CANCELED`` syncs are neither :attr:`succeeded` nor
        :attr:`failed`.
        """
        return self.is_sync_end and self.status in _FAILED_SYNC_STATUSES


def _describe(exc: ValidationError) -> str:
    """Summarise a validation error without echoing input values."""
    parts = []
    for err in exc.errors(include_input=False, include_url=False):
        loc = ".".join(str(p) for p in err["loc"]) or "payload"
        parts.append(f"{loc}: {err['msg']}")
    return "; ".join(parts)


def parse_event(payload: bytes | bytearray | str | Mapping[str, Any]) -> WebhookEvent:
    """Parse a webhook body (or an already decoded JSON object) into a :class:`WebhookEvent`.

    This does **not** verify the signature; use :func:`construct_event` for
    untrusted input.

    Args:
        payload: The raw JSON body (``bytes`` or ``str``) or a decoded mapping.

    Returns:
        The parsed event.

    Raises:
        WebhookPayloadError: If the body is not valid JSON, not a JSON object, or
            lacks required fields (``event``, ``created``) or has wrongly typed ones.
    """
    if isinstance(payload, Mapping):
        obj: Any = payload
    else:
        try:
            obj = json.loads(payload)
        except (UnicodeDecodeError, ValueError) as exc:
            raise WebhookPayloadError("the webhook body is not valid JSON") from exc
    if not isinstance(obj, Mapping):
        raise WebhookPayloadError(
            f"the webhook body must be a JSON object, not {type(obj).__name__}"
        )
    try:
        return WebhookEvent.model_validate(dict(obj))
    except ValidationError as exc:
        raise WebhookPayloadError(f"invalid webhook event: {_describe(exc)}") from None


def construct_event(
    payload: bytes | str,
    signature: str | bytes | None,
    secret: SecretValue,
) -> WebhookEvent:
    """Verify a webhook's signature, then parse its body.

    Args:
        payload: The raw request body exactly as received.
        signature: The ``X-Fivetran-Signature-256`` header value, or ``None``.
        secret: The webhook secret, or a sequence of secrets (rotation).

    Returns:
        The verified, parsed event.

    Raises:
        MissingSignatureError: If the signature is missing.
        InvalidSignatureError: If the signature does not match.
        WebhookPayloadError: If the verified body is not a valid event.
        WebhookConfigurationError: If the secret is empty.
    """
    if isinstance(payload, Mapping):
        raise TypeError(
            "construct_event() needs the raw request body (bytes or str) to verify "
            "the signature; use parse_event() for an already decoded mapping"
        )
    verify_signature(payload, signature, secret)
    return parse_event(payload)
