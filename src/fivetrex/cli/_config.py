"""Credentials and profiles: flags > environment > profile.

Profiles live in ``$XDG_CONFIG_HOME/fivetrex/config.toml`` (default
``~/.config/fivetrex/config.toml``; ``$FIVETREX_CONFIG`` points elsewhere)::

    [default]
    api_key = "..."
    api_secret = "..."

    [staging]
    api_key = "..."
    api_secret = "..."
    base_url = "http://127.0.0.1:8000/v1"

The profile is chosen with ``--profile NAME`` or ``$FIVETREX_PROFILE``; without
either, ``[default]`` is used when it exists. Each setting is resolved on its
own: a flag wins over the environment, which wins over the profile.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConfigurationError

__all__ = [
    "CONFIG_ENV",
    "PROFILE_ENV",
    "Settings",
    "config_path",
    "load_profiles",
    "parse_simple_toml",
    "resolve_settings",
]

#: Points at another config file.
CONFIG_ENV = "FIVETREX_CONFIG"
#: Selects a profile.
PROFILE_ENV = "FIVETREX_PROFILE"

_ENV = {
    "api_key": "FIVETRAN_API_KEY",
    "api_secret": "FIVETRAN_API_SECRET",
    "base_url": "FIVETRAN_BASE_URL",
}
_PROFILE_KEYS = frozenset(_ENV)


@dataclass(frozen=True)
class Settings:
    """The resolved connection settings and where each came from.

    Attributes:
        api_key: The API key, if found.
        api_secret: The API secret, if found (never printed).
        base_url: The base URL, if set (the client's default applies otherwise).
        profile: The profile in use, if any.
        config_path: The config file consulted.
        sources: Setting name → ``"flag"``, ``"env FIVETRAN_..."`` or ``"profile NAME"``.
    """

    api_key: str | None = None
    api_secret: str | None = field(default=None, repr=False)
    base_url: str | None = None
    profile: str | None = None
    config_path: Path | None = None
    sources: Mapping[str, str] = field(default_factory=dict)

    def client_options(self) -> dict[str, Any]:
        """Keyword options for ``Fivetrex(...)`` (unset ones left to the client)."""
        options: dict[str, Any] = {"api_key": self.api_key, "api_secret": self.api_secret}
        if self.base_url:
            options["base_url"] = self.base_url
        return options


def config_path(environ: Mapping[str, str] | None = None) -> Path:
    """The config file: ``$FIVETREX_CONFIG``, else ``$XDG_CONFIG_HOME/fivetrex/config.toml``."""
    env = os.environ if environ is None else environ
    explicit = env.get(CONFIG_ENV)
    if explicit:
        return Path(explicit).expanduser()
    base = env.get("XDG_CONFIG_HOME") or ""
    root = Path(base).expanduser() if base else Path.home() / ".config"
    return root / "fivetrex" / "config.toml"


def _unquote(raw: str, where: str) -> Any:
    raw = raw.strip()
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'":
        body = raw[1:-1]
        if raw[0] == '"':
            body = (body.replace("\\\\", "\x00").replace('\\"', '"').replace("\\n", "\n")).replace(
                "\x00", "\\"
            )
        return body
    if raw in ("true", "false"):
        return raw == "true"
    try:
        return int(raw)
    except ValueError:
        pass
    try:
        return float(raw)
    except ValueError:
        raise ConfigurationError(f"{where}: unsupported value {raw!r}") from None


def _strip_comment(line: str) -> str:
    quote: str | None = None
    for index, char in enumerate(line):
        if quote:
            if char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "#":
            return line[:index]
    return line


def parse_simple_toml(text: str, *, source: str = "config") -> dict[str, dict[str, Any]]:
    """Parse the TOML subset profiles use: ``[name]`` tables of ``key = "value"``.

    Used on Python 3.10, which has no ``tomllib``. Strings, integers, floats and
    booleans are understood; anything else is a :class:`ConfigurationError`.
    """
    tables: dict[str, dict[str, Any]] = {}
    current: dict[str, Any] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        where = f"{source}, line {number}"
        stripped = _strip_comment(line).strip()
        if not stripped:
            continue
        if stripped.startswith("[") and stripped.endswith("]"):
            name = stripped.strip("[]").strip().strip("\"'")
            if not name:
                raise ConfigurationError(f"{where}: empty table name")
            current = tables.setdefault(name, {})
            continue
        key, sep, value = stripped.partition("=")
        if not sep:
            raise ConfigurationError(f"{where}: expected key = value")
        key = key.strip().strip("\"'")
        target = current if current is not None else tables.setdefault("", {})
        target[key] = _unquote(value, where)
    return tables


def load_profiles(path: Path) -> dict[str, dict[str, Any]]:
    """The profiles (TOML tables) of a config file; ``{}`` when it does not exist."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise ConfigurationError(f"cannot read {path}: {error.strerror or error}") from None
    if sys.version_info >= (3, 11):
        import tomllib

        try:
            data: dict[str, Any] = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise ConfigurationError(f"{path} is not valid TOML: {error}") from None
    else:  # pragma: no cover - exercised on Python 3.10 only
        data = parse_simple_toml(text, source=str(path))
    profiles: dict[str, dict[str, Any]] = {}
    for name, table in data.items():
        if isinstance(table, dict):
            profiles[name] = table
    return profiles


def resolve_settings(
    *,
    api_key: str | None = None,
    api_secret: str | None = None,
    base_url: str | None = None,
    profile: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Resolve each setting: the flag, else the environment, else the profile.

    Args:
        api_key: ``--api-key``.
        api_secret: ``--api-secret``.
        base_url: ``--base-url``.
        profile: ``--profile`` (falls back to ``$FIVETREX_PROFILE``, then ``default``).
        environ: The environment (``os.environ`` by default).

    Raises:
        ConfigurationError: A profile was asked for by name and does not exist, or the
            config file cannot be read.
    """
    env = os.environ if environ is None else environ
    path = config_path(env)
    wanted = profile or env.get(PROFILE_ENV) or None
    profiles = load_profiles(path)
    chosen: dict[str, Any] = {}
    used: str | None = None
    if wanted:
        if wanted not in profiles:
            known = ", ".join(sorted(profiles)) or "none"
            how = "--profile" if profile else PROFILE_ENV
            raise ConfigurationError(
                f"profile {wanted!r} ({how}) not found in {path} (profiles: {known})"
            )
        chosen, used = profiles[wanted], wanted
    elif "default" in profiles:
        chosen, used = profiles["default"], "default"
    unknown = sorted(set(chosen) - _PROFILE_KEYS)
    if unknown:
        raise ConfigurationError(
            f"profile {used!r} in {path} has unknown key(s) {', '.join(unknown)} "
            f"(expected {', '.join(sorted(_PROFILE_KEYS))})"
        )
    flags = {"api_key": api_key, "api_secret": api_secret, "base_url": base_url}
    values: dict[str, str | None] = {}
    sources: dict[str, str] = {}
    for key, env_name in _ENV.items():
        if flags[key]:
            values[key], sources[key] = flags[key], "flag"
        elif env.get(env_name):
            values[key], sources[key] = env[env_name], f"env {env_name}"
        elif chosen.get(key) not in (None, ""):
            values[key], sources[key] = str(chosen[key]), f"profile {used}"
        else:
            values[key] = None
    return Settings(
        api_key=values["api_key"],
        api_secret=values["api_secret"],
        base_url=values["base_url"],
        profile=used,
        config_path=path,
        sources=sources,
    )
