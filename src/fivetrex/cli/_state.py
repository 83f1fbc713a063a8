"""What a command run needs besides its arguments: :class:`CliState` (``ctx.obj``).

Cheap to import (click and the settings only): the client, the printer and the
models load when a command first needs them, so ``fivetrex --help`` stays fast.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

import click

from ..errors import ConfigurationError
from ._config import Settings, resolve_settings
from ._errors import Redactor

if TYPE_CHECKING:
    from ._output import OutputFormat, Printer

__all__ = ["CliState", "OrderedGroup", "current_state"]

log = logging.getLogger("fivetrex")


@dataclass
class CliState:
    """What a command run needs besides its arguments (``ctx.obj``).

    Tests and embedders pass one in (``CliRunner().invoke(cli, args, obj=CliState(...))``)
    to plug in a client factory or force terminal behaviour.

    Attributes:
        client_factory: Builds the client from keyword options (``api_key``,
            ``api_secret``, ``base_url``, ``max_retries``, ``timeout``); default
            :class:`~fivetrex.Fivetrex` after checking credentials are present.
        interactive: Whether a person can answer a prompt (default: stdin is a TTY).
        stdout_tty: Whether stdout is a terminal (default: detected); decides the
            default output format.
        progress: Whether to show progress on stderr (default: stderr is a TTY).
        environ: The environment to read settings from (default ``os.environ``).
    """

    client_factory: Callable[..., Any] | None = None
    interactive: bool | None = None
    stdout_tty: bool | None = None
    progress: bool | None = None
    environ: Mapping[str, str] | None = None
    # filled by the root command
    api_key: str | None = None
    api_secret: str | None = field(default=None, repr=False)
    base_url: str | None = None
    profile: str | None = None
    max_retries: int | None = None
    timeout: float | None = None
    output: str | None = None
    fields: str | None = None
    debug: bool = False
    #: Parameter → option of the running command where they differ (``limit`` → ``--page-size``).
    option_names: dict[str, str] = field(default_factory=dict)
    redactor: Redactor = field(default_factory=Redactor)
    _settings: Settings | None = field(default=None, repr=False)
    _client: Any = field(default=None, repr=False)

    # -- terminal behaviour
    def is_interactive(self) -> bool:
        """Whether prompts can be answered."""
        return _is_terminal(self.interactive, sys.stdin)

    def is_stdout_tty(self) -> bool:
        """Whether stdout is a terminal."""
        return _is_terminal(self.stdout_tty, sys.stdout)

    def shows_progress(self, fmt: OutputFormat) -> bool:
        """Progress goes to stderr when it is a terminal (and does not mix with JSON there)."""
        if self.progress is not None:
            return self.progress
        try:
            err_tty = sys.stderr.isatty()
        except (AttributeError, ValueError):
            return False
        return err_tty and (fmt == "table" or not self.is_stdout_tty())

    # -- settings and client
    def settings(self) -> Settings:
        """Flags > environment > profile (resolved once)."""
        if self._settings is None:
            self._settings = resolve_settings(
                api_key=self.api_key,
                api_secret=self.api_secret,
                base_url=self.base_url,
                profile=self.profile,
                environ=self.environ,
            )
            self.redactor.add(self._settings.api_secret, key=self._settings.api_key)
        return self._settings

    def client(self) -> Any:
        """The client (built on first use, closed when the command ends)."""
        if self._client is not None:
            return self._client
        settings = self.settings()
        options = settings.client_options()
        if self.max_retries is not None:
            options["max_retries"] = self.max_retries
        if self.timeout is not None:
            options["timeout"] = self.timeout
        if self.client_factory is None:
            missing = [n for n in ("api_key", "api_secret") if not options.get(n)]
            if missing:
                raise ConfigurationError(
                    f"missing {' and '.join(m.replace('_', ' ') for m in missing)}: pass "
                    + " and ".join(f"--{m.replace('_', '-')}" for m in missing)
                    + ", set "
                    + " and ".join(f"FIVETRAN_{m.upper()}" for m in missing)
                    + f", or add a profile to {settings.config_path} (see `fivetrex config show`)"
                )
            from .._client import Fivetrex

            self._client = Fivetrex(**options)
        else:
            self._client = self.client_factory(**options)
        log.debug("client: %r", self._client)
        return self._client

    def close(self) -> None:
        """Close the client if one was built."""
        client, self._client = self._client, None
        close = getattr(client, "close", None)
        if callable(close):
            close()

    def printer(self, output: str | None, fields: str | None) -> Printer:
        """The printer for the chosen (or default) format."""
        from ._output import Printer, parse_fields

        fmt = output or self.output or ("table" if self.is_stdout_tty() else "json")
        return Printer(
            cast("OutputFormat", fmt),
            fields=parse_fields(fields or self.fields),
        )

    def confirm(self, yes: bool, what: str) -> None:
        """Ask before a destructive call; without a terminal, require ``--yes``."""
        if yes:
            return
        if self.is_interactive():
            click.confirm(f"{what}\nContinue?", abort=True, err=True)
            return
        raise click.UsageError(
            f"{what}\nThis is destructive and no terminal is attached to confirm: "
            "pass --yes to proceed."
        )


def _is_terminal(override: bool | None, stream: Any) -> bool:
    """``override`` when set, else whether ``stream`` is a terminal (no stream: not one)."""
    if override is not None:
        return override
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def current_state() -> CliState:
    """The state of the running command."""
    ctx = click.get_current_context()
    state = ctx.find_object(CliState)
    if state is None:  # pragma: no cover - the root command always sets one
        state = ctx.ensure_object(CliState)
    return state


class OrderedGroup(click.Group):
    """A command group listing its commands in declaration order."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Commands in the order they were added."""
        return list(self.commands)
