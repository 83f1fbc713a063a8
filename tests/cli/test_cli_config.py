"""Credentials: flags > environment > profile; profiles from $XDG_CONFIG_HOME; config show."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import pytest
from click.testing import Result

from cli._cli_support import SECRET, Harness
from fivetrex.cli._config import config_path, parse_simple_toml, resolve_settings
from fivetrex.cli._output import Printer
from fivetrex.emulator import Emulator
from fivetrex.errors import ConfigurationError


def write_config(text: str) -> Path:
    path = Path(os.environ["XDG_CONFIG_HOME"]) / "fivetrex" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def profile_text(emu: Emulator, *, name: str = "default", secret: str = SECRET) -> str:
    return f'[{name}]\napi_key = "{emu.api_key}"\napi_secret = "{secret}"\n'


def run_bare(harness: Harness, *args: str, env: dict[str, str] | None = None) -> Result:
    return harness.run(*args, credentials=False, env=env)


def test_default_profile_is_used(harness: Harness, emu: Emulator) -> None:
    write_config(profile_text(emu))
    result = run_bare(harness, "groups", "list", "--limit", "1")
    assert result.exit_code == 0, result.stderr
    assert harness.recorder.requests[0].headers["authorization"] == emu.auth_header()


def test_named_profile_by_flag_and_env(harness: Harness, emu: Emulator) -> None:
    write_config(profile_text(emu, secret="wrong") + profile_text(emu, name="emulator"))
    assert run_bare(harness, "groups", "list").exit_code == 3  # [default] has a bad secret
    assert run_bare(harness, "--profile", "emulator", "groups", "list").exit_code == 0
    env = {"FIVETREX_PROFILE": "emulator"}
    assert run_bare(harness, "groups", "list", env=env).exit_code == 0


def test_unknown_profile_is_a_configuration_error(harness: Harness, emu: Emulator) -> None:
    write_config(profile_text(emu))
    result = run_bare(harness, "--profile", "nope", "groups", "list")
    assert result.exit_code == 3
    assert "profile 'nope'" in result.stderr
    assert "default" in result.stderr  # lists what exists
    assert harness.sent == []


def test_environment_beats_profile_and_flags_beat_environment(
    harness: Harness, emu: Emulator
) -> None:
    write_config(profile_text(emu))
    bad_env = {"FIVETRAN_API_SECRET": "wrong-from-env"}
    assert run_bare(harness, "groups", "list", env=bad_env).exit_code == 3
    result = run_bare(harness, "--api-secret", SECRET, "groups", "list", env=bad_env)
    assert result.exit_code == 0


def test_environment_alone_works(harness: Harness, emu: Emulator) -> None:
    env = {"FIVETRAN_API_KEY": emu.api_key, "FIVETRAN_API_SECRET": SECRET}
    assert run_bare(harness, "groups", "list", env=env).exit_code == 0


def test_profile_base_url_is_used(harness: Harness, emu: Emulator) -> None:
    write_config(profile_text(emu) + 'base_url = "http://127.0.0.1:9/v1"\n')
    result = run_bare(harness, "groups", "list")
    assert result.exit_code == 0, result.stderr
    assert str(harness.recorder.requests[0].url).startswith("http://127.0.0.1:9/v1/groups")


def test_unknown_profile_key_is_reported(harness: Harness, emu: Emulator) -> None:
    write_config(profile_text(emu) + 'api_sekret = "typo"\n')
    result = run_bare(harness, "groups", "list")
    assert result.exit_code == 3
    assert "api_sekret" in result.stderr


def test_invalid_toml_is_reported(harness: Harness) -> None:
    write_config("[default\napi_key = \n")
    result = run_bare(harness, "groups", "list")
    assert result.exit_code == 3
    assert "config.toml" in result.stderr


def test_config_show_never_prints_the_secret(harness: Harness, emu: Emulator) -> None:
    path = write_config(profile_text(emu))
    result = run_bare(harness, "--debug", "config", "show")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["config_file"] == str(path)
    assert data["profile"] == "default"
    assert data["api_secret"] == "set (hidden)"
    assert data["api_secret_source"] == "profile default"
    assert SECRET not in result.stdout + result.stderr
    table = run_bare(harness, "config", "show", "-o", "table")
    assert SECRET not in table.stdout
    assert "profile default" in table.stdout


def test_config_show_prints_a_real_ellipsis(harness: Harness, emu: Emulator) -> None:
    write_config(profile_text(emu))
    shown = emu.api_key[:4] + "…"
    for output in ("json", "jsonl", "table"):
        result = run_bare(harness, "config", "show", "-o", output)
        assert result.exit_code == 0, result.stderr
        assert shown in result.stdout, output  # not "\\u2026" on a UTF-8 output
        assert "\\u" not in result.stdout, output
        if output != "table":  # one document either way
            assert json.loads(result.stdout)["api_key"] == shown


def test_json_on_an_output_that_cannot_encode_it_is_escaped_ascii() -> None:
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="cp1252", write_through=True)
    data = {"api_key": "emul…", "name": "Données ☃"}
    for fmt in ("json", "jsonl"):
        raw.seek(0)
        raw.truncate()
        Printer(fmt, out=out).result(data)
        text = raw.getvalue().decode("ascii")  # nothing but ASCII: never a UnicodeEncodeError
        assert "\\u2026" in text
        assert json.loads(text) == data


def test_config_profiles_lists_names(harness: Harness, emu: Emulator) -> None:
    write_config(profile_text(emu) + profile_text(emu, name="staging"))
    result = run_bare(harness, "config", "profiles", "-o", "json")
    assert [p["profile"] for p in json.loads(result.stdout)] == ["default", "staging"]
    assert SECRET not in result.stdout


def test_fivetrex_config_points_elsewhere(tmp_path: Path) -> None:
    other = tmp_path / "elsewhere.toml"
    other.write_text('[default]\napi_key = "k"\napi_secret = "s"\n')
    env = {"FIVETREX_CONFIG": str(other)}
    assert config_path(env) == other
    settings = resolve_settings(environ=env)
    assert (settings.api_key, settings.api_secret) == ("k", "s")
    assert settings.sources["api_key"] == "profile default"


def test_xdg_config_home_and_home_fallback(tmp_path: Path) -> None:
    assert config_path({"XDG_CONFIG_HOME": str(tmp_path)}) == (
        tmp_path / "fivetrex" / "config.toml"
    )
    assert config_path({}) == Path.home() / ".config" / "fivetrex" / "config.toml"


def test_resolve_settings_sources(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('[default]\napi_key = "pk"\napi_secret = "ps"\nbase_url = "http://p/v1"\n')
    env = {"FIVETREX_CONFIG": str(cfg), "FIVETRAN_API_SECRET": "env-secret-42"}
    settings = resolve_settings(api_key="fk", environ=env)
    assert (settings.api_key, settings.base_url) == ("fk", "http://p/v1")
    assert settings.api_secret == "env-secret-42"
    assert settings.sources == {
        "api_key": "flag",
        "api_secret": "env FIVETRAN_API_SECRET",
        "base_url": "profile default",
    }
    assert "env-secret-42" not in repr(settings)


SAMPLE = """
# fivetrex profiles
[default]
api_key = "abc"   # trailing comment
api_secret = 'x#y'

[staging]
api_key = "k\\"q"
base_url = "http://127.0.0.1:8000/v1"
retries = 3
debug = true
"""


def test_simple_toml_parser_matches_tomllib() -> None:
    parsed = parse_simple_toml(SAMPLE)
    assert parsed == {
        "default": {"api_key": "abc", "api_secret": "x#y"},
        "staging": {
            "api_key": 'k"q',
            "base_url": "http://127.0.0.1:8000/v1",
            "retries": 3,
            "debug": True,
        },
    }
    if sys.version_info >= (3, 11):
        import tomllib

        assert tomllib.loads(SAMPLE) == parsed


@pytest.mark.parametrize("text", ["[default]\nnot a pair\n", "[]\n", "[d]\nk = [1, 2]\n"])
def test_simple_toml_parser_rejects_what_it_does_not_know(text: str) -> None:
    with pytest.raises(ConfigurationError):
        parse_simple_toml(text)
