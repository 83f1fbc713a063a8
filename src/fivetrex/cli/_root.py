"""The ``fivetrex`` root command: global options, errors, and resource groups loaded on use.

Importing this module costs click and little else: ``fivetrex --version`` and
``fivetrex --help`` never import httpx, pydantic, rich or the resources. The
resource groups are listed from :mod:`._manifest` and built (by :mod:`._app`)
only when a command of theirs runs or completes.
"""

from __future__ import annotations

import io
import logging
import os
import re
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import click

from .._version import __version__
from ._config import CONFIG_ENV, PROFILE_ENV, config_path, load_profiles
from ._errors import EXIT_CODES, EXIT_INTERRUPTED, describe_error, exit_code_for
from ._manifest import RESOURCE_GROUPS
from ._progress import RetryNotices
from ._seconds import Seconds
from ._state import CliState, OrderedGroup
from ._state import current_state as _state

__all__ = [
    "API_HELP",
    "BUILTIN_COMMANDS",
    "EXIT_BROKEN_PIPE",
    "RootGroup",
    "add_builtins",
    "lazy_root",
    "make_root",
]

#: Top-level commands that are not resources (a resource must not take these names).
BUILTIN_COMMANDS = ("api", "config", "demo", "emulator")

#: ``128 + SIGPIPE``, what a shell reports for a writer whose reader exited.
EXIT_BROKEN_PIPE = 141

#: What ``fivetrex --help`` says about the ``api`` group (built on use, like resources).
API_HELP = "Raw API calls: get, post, patch, delete PATH."


def _show_click_error(error: click.ClickException) -> None:
    """Click's own report, with the ``error:`` prefix of every other failure."""
    buffer = io.StringIO()
    error.show(file=buffer)
    text = buffer.getvalue()
    show = type(error).show
    if show is click.ClickException.show or show is click.UsageError.show:
        text = re.sub(r"(?m)^Error: ", "error: ", text, count=1)  # after the usage lines
    sys.stderr.write(text)
    sys.stderr.flush()


class RootGroup(OrderedGroup):
    """The ``fivetrex`` group: one ``error: ...`` line and an exit code for every failure.

    Commands added with :meth:`add_lazy` are listed (in ``--help`` and shell
    completion) without being built; ``loader(name)`` builds one when it is used.
    """

    def __init__(
        self, *args: Any, loader: Callable[[str], click.Command] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._loader = loader
        self._lazy: dict[str, click.Command] = {}  # name → placeholder (help only)
        self._order: list[str] = list(self.commands)

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        """Add a built command."""
        super().add_command(cmd, name)
        name = name or cmd.name or ""
        self._lazy.pop(name, None)
        if name not in self._order:
            self._order.append(name)

    def add_lazy(self, name: str, short_help: str | None, *, hidden: bool = False) -> None:
        """List ``name`` now; build it with the loader when it is used."""
        self._lazy[name] = click.Command(name, short_help=short_help, hidden=hidden)
        if name not in self._order:
            self._order.append(name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command, loaded or not, in order."""
        return list(self._order)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command, built on first use."""
        if cmd_name in self._lazy and self._loader is not None:
            self.add_command(self._loader(cmd_name), cmd_name)
        return self.commands.get(cmd_name)

    def _listing(self) -> Iterator[tuple[str, click.Command]]:
        """Visible commands without building any: placeholders stand in for lazy ones."""
        for name in self._order:
            command = self.commands.get(name) or self._lazy.get(name)
            if command is not None and not command.hidden:
                yield name, command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of ``--help`` (lazy groups stay unbuilt)."""
        commands = list(self._listing())
        if not commands:
            return
        limit = formatter.width - 6 - max(len(name) for name, _ in commands)
        with formatter.section("Commands"):
            formatter.write_dl([(name, cmd.get_short_help_str(limit)) for name, cmd in commands])

    def shell_complete(self, ctx: click.Context, incomplete: str) -> list[Any]:
        """Complete command names from the listing (nothing is built), then options."""
        from click.shell_completion import CompletionItem

        items = [
            CompletionItem(name, help=cmd.get_short_help_str())
            for name, cmd in self._listing()
            if name.startswith(incomplete)
        ]
        items.extend(click.Command.shell_complete(self, ctx, incomplete))
        return items

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Run; in standalone mode, click's own errors get the ``error:`` prefix too."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except click.exceptions.Abort:
            click.echo("Aborted!", err=True)
            sys.exit(1)
        except click.ClickException as error:
            _show_click_error(error)
            sys.exit(error.exit_code)
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; map exceptions to messages and exit codes."""
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("\ninterrupted", err=True)
            raise click.exceptions.Exit(EXIT_INTERRUPTED) from None
        except BrokenPipeError:
            # the reader went away (`fivetrex ... | head`): stop quietly, like other tools
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise click.exceptions.Exit(EXIT_BROKEN_PIPE) from None
        except Exception as error:
            state = ctx.find_object(CliState) or CliState()
            redact = state.redactor
            if state.debug:
                text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
                click.echo(redact(text).rstrip(), err=True)
            click.echo(f"error: {redact(describe_error(error, state.option_names))}", err=True)
            raise click.exceptions.Exit(exit_code_for(error)) from None


def _epilog() -> str:
    width = max(len(str(code)) for code in EXIT_CODES)
    codes = "\n".join(f"  {code:<{width}}  {meaning}" for code, meaning in EXIT_CODES.items())
    return (
        "\b\nExit codes:\n" + codes + "\n\n"
        "\b\nCredentials (flags > environment > profile):\n"
        "  --api-key/--api-secret/--base-url,\n"
        "  FIVETRAN_API_KEY, FIVETRAN_API_SECRET, FIVETRAN_BASE_URL,\n"
        "  or a profile in $XDG_CONFIG_HOME/fivetrex/config.toml\n"
        f"  (--profile NAME or {PROFILE_ENV}; [default] otherwise).\n\n"
        "\b\nTry it without an account:\n"
        "  fivetrex demo            a guided tour against the built-in emulator\n"
        "  fivetrex demo --server   an emulator to point the CLI at"
    )


def _enable_debug(ctx: click.Context, state: CliState) -> None:
    logger = logging.getLogger("fivetrex")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("debug: %(name)s: %(message)s"))
    handler.addFilter(state.redactor)
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)

    def restore() -> None:
        logger.removeHandler(handler)
        logger.setLevel(previous)

    ctx.call_on_close(restore)


def _root_callback(
    ctx: click.Context,
    api_key: str | None,
    api_secret: str | None,
    base_url: str | None,
    profile: str | None,
    max_retries: int | None,
    request_timeout: float | None,
    output: str | None,
    fields: str | None,
    debug: bool,
) -> None:
    state = ctx.ensure_object(CliState)
    state.api_key = api_key
    state.api_secret = api_secret
    state.base_url = base_url
    state.profile = profile
    state.max_retries = max_retries
    state.timeout = request_timeout
    state.output = output
    state.fields = fields
    state.debug = debug
    state.redactor.add(api_secret, key=api_key)
    if debug:
        _enable_debug(ctx, state)
    else:  # retries are shown (attempt n of N), never silent; --debug logs them anyway
        ctx.call_on_close(RetryNotices(redact=state.redactor).install())
    ctx.call_on_close(state.close)


def _root_params() -> list[click.Parameter]:
    return [
        click.Option(
            ["--api-key"], metavar="KEY", help="API key [env: FIVETRAN_API_KEY, or a profile]."
        ),
        click.Option(
            ["--api-secret"],
            metavar="SECRET",
            help="API secret [env: FIVETRAN_API_SECRET, or a profile]; prefer the "
            "environment or a profile (command lines are visible to other users).",
        ),
        click.Option(
            ["--base-url"],
            metavar="URL",
            help="API base URL [env: FIVETRAN_BASE_URL; default https://api.fivetran.com/v1].",
        ),
        click.Option(
            ["--profile"],
            metavar="NAME",
            help=f"Profile of the config file [env: {PROFILE_ENV}; default: [default]].",
        ),
        click.Option(
            ["--max-retries"],
            type=click.IntRange(min=0),
            help="Retries of a failed request [default: the client's].",
        ),
        click.Option(
            ["--request-timeout"],
            type=Seconds(),
            metavar="SECONDS",
            help="Give up on an attempt of a request after this many seconds (more than 0) "
            "[default: 60].",
        ),
        click.Option(
            ["-o", "--output"],
            type=click.Choice(["table", "json", "jsonl"]),
            help="Default output format of commands [default: table on a terminal, json "
            "when piped].",
        ),
        click.Option(["--fields"], metavar="A,B.C", help="Default --fields of commands."),
        click.Option(
            ["--debug"],
            is_flag=True,
            help="Show tracebacks and DEBUG logs of the fivetrex logger (secrets redacted).",
        ),
    ]


def _config_group() -> click.Group:
    group = OrderedGroup(
        name="config", help="Show where settings come from (profiles, environment)."
    )

    @group.command("show")
    @click.option(
        "-o", "--output", "output", type=click.Choice(["table", "json", "jsonl"]), default=None
    )
    def show(output: str | None) -> None:
        """Show the resolved settings and their sources (the secret is never shown)."""
        state = _state()
        settings = state.settings()
        key = settings.api_key
        shown_key = (key[:4] + "…") if key and len(key) > 4 else ("…" if key else None)
        sources = dict(settings.sources)
        data = {
            "config_file": str(settings.config_path),
            "config_file_exists": bool(settings.config_path and settings.config_path.exists()),
            "profile": settings.profile,
            "base_url": settings.base_url or "https://api.fivetran.com/v1 (default)",
            "base_url_source": sources.get("base_url", "default"),
            "api_key": shown_key,
            "api_key_source": sources.get("api_key"),
            "api_secret": "set (hidden)" if settings.api_secret else None,
            "api_secret_source": sources.get("api_secret"),
        }
        state.printer(output, None).result(data, title="fivetrex settings")

    @group.command("profiles")
    @click.option(
        "-o", "--output", "output", type=click.Choice(["table", "json", "jsonl"]), default=None
    )
    def profiles(output: str | None) -> None:
        """List the profiles of the config file (names and base URLs only)."""
        state = _state()
        path = config_path(state.environ)
        found = load_profiles(path)
        rows = [
            {"profile": name, "base_url": table.get("base_url"), "has_key": "api_key" in table}
            for name, table in found.items()
        ]
        printer = state.printer(output, None)
        printer.items(rows)
        if not rows:
            printer.message(f"No profiles in {path} (set {CONFIG_ENV} to use another file).")

    return group


def _emulator_command() -> click.Command:
    @click.command(
        "emulator",
        context_settings={
            "ignore_unknown_options": True,
            "allow_extra_args": True,
            "help_option_names": [],
        },
        add_help_option=False,
    )
    @click.argument("args", nargs=-1, type=click.UNPROCESSED)
    def emulator(args: tuple[str, ...]) -> None:
        """Run the local Fivetran API emulator as a server (arguments are passed on)."""
        from ._emulator import run_emulator_server

        code = run_emulator_server(list(args))
        if code:
            raise click.exceptions.Exit(code)

    emulator.short_help = "Run the local API emulator server (see `fivetrex emulator --help`)."
    return emulator


def _demo_command() -> click.Command:
    @click.command("demo")
    @click.option(
        "--server",
        is_flag=True,
        help="Leave an emulator running on loopback and print how to use the CLI with it.",
    )
    @click.option("--port", type=click.IntRange(min=0, max=65535), default=0, help="With --server.")
    def demo(server: bool, port: int) -> None:
        """A guided tour of fivetrex against the built-in emulator (no account needed)."""
        from ._demo import run_demo, serve_demo

        if server:
            serve_demo(port=port)
        else:
            run_demo()

    return demo


def make_root(*, loader: Callable[[str], click.Command] | None = None) -> RootGroup:
    """The root command with the built-in commands; resource groups are left to the caller.

    Args:
        loader: Builds a lazily listed command by name (see :meth:`RootGroup.add_lazy`).
    """
    root = RootGroup(
        name="fivetrex",
        help=(
            "The Fivetran REST API from the command line: fivetrex RESOURCE ACTION [ARGS] "
            "[OPTIONS].\n\nEvery command calls the public fivetrex client; `fivetrex RESOURCE "
            "--help` lists the actions."
        ),
        epilog=_epilog(),
        params=_root_params(),
        callback=click.pass_context(_root_callback),
        context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
        loader=loader,
    )
    click.version_option(__version__, "-V", "--version", prog_name="fivetrex")(root)
    return root


def add_builtins(root: RootGroup) -> None:
    """``config``, ``demo`` and ``emulator`` (after the resources and ``api``)."""
    root.add_command(_config_group())
    root.add_command(_demo_command())
    root.add_command(_emulator_command())


def _load(name: str) -> click.Command:
    from ._app import load_command

    return load_command(name)


def lazy_root() -> RootGroup:
    """The ``fivetrex`` command: resource groups listed from the manifest, built on use."""
    root = make_root(loader=_load)
    for name, short_help, aliases in RESOURCE_GROUPS:
        root.add_lazy(name, short_help)
        for alias in aliases:
            root.add_lazy(alias, f"Alias of `{name}`.", hidden=True)
    root.add_lazy("api", API_HELP)
    add_builtins(root)
    return root
