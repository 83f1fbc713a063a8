"""CI's own rules: a missing OpenAPI spec or a missing Python fails in CI, and only there;
the package metadata, license, changelog, README links and docs navigation hold."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: One quick test of the suite, run in a child pytest to see the session hook act.
QUICK = "tests/cli/test_cli_config.py"


def child_pytest(**env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("CI", "FIVETREX_OPENAPI_SPEC")}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", QUICK, "-k", "resolve"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**base, **env},
        timeout=300,
    )


def test_ci_without_the_spec_fails_before_running(tmp_path: Path) -> None:
    done = child_pytest(CI="true", FIVETREX_OPENAPI_SPEC=str(tmp_path / "missing.json"))
    assert done.returncode != 0
    assert "CI=true and the OpenAPI spec is missing" in done.stdout + done.stderr
    assert "passed" not in done.stdout


def test_outside_ci_a_missing_spec_is_not_an_error(tmp_path: Path) -> None:
    done = child_pytest(FIVETREX_OPENAPI_SPEC=str(tmp_path / "missing.json"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "passed" in done.stdout


def test_ci_with_the_spec_runs(tmp_path: Path) -> None:
    spec = tmp_path / "spec.json"
    spec.write_text('{"openapi": "3.0.0", "paths": {}}')  # present: the hook only checks that
    done = child_pytest(CI="true", FIVETREX_OPENAPI_SPEC=str(spec))
    assert done.returncode == 0, done.stdout + done.stderr


# --------------------------------------------------------------------------- Pythons


def pythons(**env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [shutil.which("bash") or "bash", str(ROOT / ".ci" / "pythons")],
        capture_output=True,
        text=True,
        env={"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/"), **env},
        timeout=60,
    )


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_a_missing_python_fails_in_ci_and_is_skipped_elsewhere(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"  # a PATH with python3 and nothing else, no pyenv
    bin_dir.mkdir()
    (bin_dir / "python3").symlink_to(sys.executable)
    bare = {"PATH": str(bin_dir), "PYENV_ROOT": str(tmp_path / "no-pyenv"), "HOME": str(tmp_path)}
    in_ci = pythons(CI="true", **bare)
    assert in_ci.returncode == 1
    assert "CI: no Python 3.1" in in_ci.stderr
    outside = pythons(**bare)
    assert outside.returncode == 0
    assert outside.stdout == ""
    assert outside.stderr.count("its test run is skipped") == 3


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_pythons_are_found_in_pyenv(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python3").symlink_to(sys.executable)
    main = "{}.{}".format(*sys.version_info[:2])
    others = [v for v in ("3.10", "3.11", "3.12", "3.13") if v != main]
    for version in others:  # a fake pyenv whose "interpreters" are this one
        folder = tmp_path / "pyenv" / "versions" / f"{version}.0" / "bin"
        folder.mkdir(parents=True)
        (folder / f"python{version}").symlink_to(sys.executable)
    env = {"PATH": str(bin_dir), "PYENV_ROOT": str(tmp_path / "pyenv"), "HOME": str(tmp_path)}
    done = pythons(CI="true", **env)
    assert done.returncode == 0, done.stderr
    assert [line.split()[0] for line in done.stdout.splitlines()] == others


def test_ci_runs_every_python_lint_docs_and_the_package_smoke() -> None:
    script = (ROOT / ".ci" / "run").read_text()
    steps = [
        "python3 dev.py test -q",
        "bash .ci/pythons",
        'FIVETREX_VENV=".venv-py${version/./}" "$interpreter" dev.py test -q -m "not schemathesis"',
        "python3 dev.py lint",
        "python3 dev.py docs",
        "python3 dev.py run .ci/package_smoke.py",
    ]
    positions = [script.index(step) for step in steps]
    assert positions == sorted(positions)
    assert script.startswith("#!/usr/bin/env bash\n")
    assert "set -euo pipefail" in script


# --------------------------------------------------------------------------- package


def pyproject() -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - 3.10
        tomllib = pytest.importorskip("tomli")
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]  # type: ignore[no-any-return]


def test_license_file_matches_the_metadata() -> None:
    project = pyproject()
    assert project["license"] == "MIT"
    assert project["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text()
    assert text.startswith("MIT License\n")
    assert "Permission is hereby granted, free of charge" in text


def test_metadata_has_urls_and_classifiers() -> None:
    project = pyproject()
    urls = project["urls"]
    assert {"Homepage", "Repository", "Documentation", "Changelog", "Issues"} <= set(urls)
    assert all(url.startswith("https://") for url in urls.values())
    classifiers = project["classifiers"]
    for version in ("3.10", "3.11", "3.12", "3.13"):
        assert f"Programming Language :: Python :: {version}" in classifiers
    assert "Typing :: Typed" in classifiers
    assert "Framework :: Pytest" in classifiers  # the plugin


def test_changelog_names_the_current_version() -> None:
    from fivetrex import __version__

    text = (ROOT / "CHANGELOG.md").read_text()
    assert text.startswith("# Changelog\n")
    assert "## [Unreleased]" in text
    assert f"## [{__version__}]" in text


def test_readme_links_are_absolute_and_point_at_the_repository() -> None:
    readme = (ROOT / "README.md").read_text()
    repository = pyproject()["urls"]["Repository"]
    links = re.findall(r"\]\(([^)]+)\)", readme)
    assert links
    relative = [link for link in links if not re.match(r"https?://", link)]
    assert relative == []  # they would break on a package index page
    for link in links:
        if link.startswith(repository):
            path = link[len(repository) :].split("/main/", 1)[1].split("#", 1)[0]
            assert (ROOT / path).exists(), link


def test_readme_says_how_to_install_from_source() -> None:
    readme = (ROOT / "README.md").read_text()
    install = readme.split("## Install", 1)[1].split("\n## ", 1)[0]
    repository = pyproject()["urls"]["Repository"]
    assert f'pip install "fivetrex[cli] @ git+{repository}"' in install
    assert 'pip install ".[cli]"' in install


# --------------------------------------------------------------------------- docs nav


def test_docs_nav_lists_each_topic_once() -> None:
    yaml = pytest.importorskip("yaml")
    nav = yaml.safe_load((ROOT / "mkdocs.yml").read_text())["nav"]
    sections = [next(iter(item)) for item in nav if isinstance(item, dict)]
    assert "Topics" not in sections
    assert len(sections) == len(set(sections))
    guide = next(item["Guide"] for item in nav if isinstance(item, dict) and "Guide" in item)

    def pages(node: Any) -> list[str]:
        if isinstance(node, str):
            return [node]
        if isinstance(node, list):
            return [p for item in node for p in pages(item)]
        return [p for value in node.values() for p in pages(value)]

    titles = [next(iter(item)) for item in guide if isinstance(item, dict)]
    assert len(titles) == len(set(titles))
    for entry in guide:  # a topic's overview and its full page sit in one entry
        ((title, value),) = entry.items()
        found = pages(value)
        assert len(found) <= 2, (title, found)  # the overview, then the full page
    topic_of = {p: next(iter(e)) for e in guide for p in pages(next(iter(e.values())))}
    for page in ("cli.md", "webhooks.md", "sync-logs.md", "coverage.md"):
        assert topic_of[page] == topic_of[f"guide/{page}"], page
    assert topic_of["emulator.md"] == topic_of["guide/testing.md"]
