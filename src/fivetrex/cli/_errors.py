"""Exit codes, one-line error messages and keeping the secret out of everything printed."""

from __future__ import annotations

import base64
import logging
import re
from collections.abc import Iterable, Mapping
from typing import Any

from ..errors import (
    APIError,
    APIResponseValidationError,
    BadRequestError,
    ConfigurationError,
    ConfirmationRequired,
    ConflictError,
    FivetrexError,
    ForbiddenError,
    NotFoundError,
    RateLimitedError,
    SyncError,
    UnauthorizedError,
)

__all__ = [
    "EXIT_AUTH",
    "EXIT_CODES",
    "EXIT_CONFLICT",
    "EXIT_FAILURE",
    "EXIT_INTERRUPTED",
    "EXIT_NOT_FOUND",
    "EXIT_OK",
    "EXIT_RATE_LIMITED",
    "EXIT_SYNC_FAILED",
    "EXIT_USAGE",
    "Redactor",
    "SyncWaitError",
    "cli_wording",
    "describe_error",
    "exit_code_for",
]

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_AUTH = 3
EXIT_NOT_FOUND = 4
EXIT_RATE_LIMITED = 5
EXIT_CONFLICT = 6
EXIT_SYNC_FAILED = 7
EXIT_INTERRUPTED = 130

#: Exit code → meaning (shown in ``fivetrex --help`` and ``docs/cli.md``).
EXIT_CODES: dict[int, str] = {
    EXIT_OK: "success",
    EXIT_FAILURE: "any other failure (server error, connection error, ...)",
    EXIT_USAGE: "usage error or bad input (also HTTP 400; destructive command without --yes)",
    EXIT_AUTH: "authentication or configuration (HTTP 401/403, missing credentials)",
    EXIT_NOT_FOUND: "not found (HTTP 404)",
    EXIT_RATE_LIMITED: "rate limited (HTTP 429)",
    EXIT_CONFLICT: "conflict (HTTP 409)",
    EXIT_SYNC_FAILED: "the sync failed or did not finish in time (--wait)",
    EXIT_INTERRUPTED: "interrupted (Ctrl-C)",
}


class SyncWaitError(Exception):
    """A sync waited on with ``--wait`` failed or timed out."""

    def __init__(self, message: str, *, timed_out: bool = False) -> None:
        super().__init__(message)
        self.timed_out = timed_out


def exit_code_for(error: BaseException) -> int:
    """The process exit code for an exception escaping a command."""
    if isinstance(error, (UnauthorizedError, ForbiddenError, ConfigurationError)):
        return EXIT_AUTH
    if isinstance(error, NotFoundError):
        return EXIT_NOT_FOUND
    if isinstance(error, RateLimitedError):
        return EXIT_RATE_LIMITED
    if isinstance(error, ConflictError):
        return EXIT_CONFLICT
    if isinstance(error, (SyncError, SyncWaitError)):  # failed, timed out, paused...
        return EXIT_SYNC_FAILED
    if isinstance(error, APIResponseValidationError):  # the server's fault, not the input's
        return EXIT_FAILURE
    if isinstance(error, (BadRequestError, ConfirmationRequired)):
        return EXIT_USAGE
    if isinstance(error, APIError):
        return EXIT_FAILURE
    if isinstance(error, ValueError):  # the library's input validation, before sending
        return EXIT_USAGE
    if isinstance(error, KeyboardInterrupt):
        return EXIT_INTERRUPTED
    return EXIT_FAILURE


#: Library keyword arguments whose command-line option has another name.
_FLAG_NAMES = {"confirm": "yes"}
_KEYWORD_TRUE = re.compile(r"\b([a-z][a-z0-9_]*)=True(?: to (?:sync_and_wait|wait_for_sync)\b)?")


def cli_wording(text: str, options: Mapping[str, str] | None = None) -> str:
    """The library's words in command-line terms.

    ``pass resume=True`` → ``pass --resume``; with ``options`` (parameter → option of
    the command that ran, where they differ), ``limit must be ...`` → ``--page-size
    must be ...``.
    """

    def flag(match: re.Match[str]) -> str:
        name = _FLAG_NAMES.get(match[1], match[1])
        return "--" + name.replace("_", "-")

    text = _KEYWORD_TRUE.sub(flag, text)
    for name, option in (options or {}).items():
        text = re.sub(rf"(?<![\w`-]){re.escape(name)}(?= must\b)", option, text)
        text = text.replace(f"`{name}`", f"`{option}`")
    return text


def describe_error(error: BaseException, options: Mapping[str, str] | None = None) -> str:
    """One line: ``NotFound_Connection: ... (HTTP 404, GET /v1/connections/x)``.

    Args:
        error: What escaped the command.
        options: Parameter name → command-line option, where they differ.
    """
    return cli_wording(_describe(error), options)


def _describe(error: BaseException) -> str:
    # the library's own errors say what happened in words (and API errors name Fivetran's
    # code): no Python class name in front; anything else keeps its class name
    if isinstance(error, (FivetrexError, SyncWaitError)) and str(error).strip():
        return str(error)
    text = str(error).strip()
    name = type(error).__name__
    if isinstance(error, ValueError) and text:
        return text.splitlines()[0] if "\n" in text and len(text) > 300 else text
    return f"{name}: {text}" if text else name


class Redactor(logging.Filter):
    """Removes secrets (and their Basic-auth encodings) from text and log records."""

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        super().__init__()
        self._secrets: list[str] = []
        for secret in secrets:
            self.add(secret)

    def add(self, secret: str | None, *, key: str | None = None) -> None:
        """Also hide ``secret`` (and ``base64(key:secret)`` when the key is known)."""
        if not secret or len(secret) < 3:
            return
        found = {secret}
        if key:
            found.add(base64.b64encode(f"{key}:{secret}".encode()).decode())
        for item in found:
            if item not in self._secrets:
                self._secrets.append(item)
        self._secrets.sort(key=len, reverse=True)

    def __call__(self, text: str) -> str:
        """``text`` with every secret replaced by ``******``."""
        for secret in self._secrets:
            text = text.replace(secret, "******")
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message with secrets removed."""
        if self._secrets:
            message = record.getMessage()
            cleaned = self(message)
            if cleaned != message or record.args:
                record.msg, record.args = cleaned, None
        return True

    def scrub(self, value: Any) -> Any:
        """Strings redacted; anything else returned as is."""
        return self(value) if isinstance(value, str) else value
