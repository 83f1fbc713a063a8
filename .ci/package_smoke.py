"""CI: build the wheel and sdist, install the wheel with ``[cli]`` in a fresh venv, use it.

Run by ``.ci/run`` as ``python3 dev.py run .ci/package_smoke.py`` (any Python 3.10+
works; uv comes from ``.cache/bootstrap``, which ``dev.py`` sets up). Fails (exit 1)
unless: ``uv build`` makes both artefacts, the sdist holds LICENSE and the sources, the
wheel installs with its ``cli`` extra from the package index, ``fivetrex demo`` runs,
and ``fivetrex groups list`` against an emulator served by the installed package
prints the demo groups as JSON.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UV = ROOT / ".cache" / "bootstrap" / "bin" / "uv"


def step(title: str) -> None:
    print(f"== package smoke: {title}", flush=True)


def run(*cmd: str | Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in cmd], check=True, text=True, **kwargs)  # type: ignore[call-overload]  # noqa: S603


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_listening(port: int, process: subprocess.Popen[str], seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the emulator exited early ({process.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"the emulator did not listen on {port} within {seconds:.0f}s")


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="fivetrex-smoke-") as tmp:
        work = Path(tmp)
        dist = work / "dist"
        step("uv build (wheel and sdist)")
        run(UV, "build", "--quiet", "--out-dir", dist, ROOT)
        wheels = sorted(dist.glob("fivetrex-*.whl"))
        sdists = sorted(dist.glob("fivetrex-*.tar.gz"))
        assert len(wheels) == 1 and len(sdists) == 1, sorted(p.name for p in dist.iterdir())
        with zipfile.ZipFile(wheels[0]) as wheel:
            names = wheel.namelist()
            assert "fivetrex/py.typed" in names, "py.typed missing from the wheel"
            assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names), names[-8:]
        with tarfile.open(sdists[0]) as sdist:
            members = sdist.getnames()
            assert any(m.endswith("/LICENSE") for m in members), "LICENSE missing from the sdist"
            assert any(m.endswith("/src/fivetrex/__init__.py") for m in members)

        step(f"install {wheels[0].name}[cli] in a fresh venv")
        venv = work / "venv"
        run(UV, "venv", "--quiet", "--python", sys.executable, venv)
        python = venv / "bin" / "python"
        spec = f"fivetrex[cli] @ {wheels[0].as_uri()}"
        run(UV, "pip", "install", "--quiet", "--python", python, spec)
        fivetrex = venv / "bin" / "fivetrex"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("FIVETRAN_", "VIRTUAL"))}
        env.update(COLUMNS="80", XDG_CONFIG_HOME=str(work / "xdg"))

        step("fivetrex --version")
        version = run(fivetrex, "--version", capture_output=True, env=env, cwd=work).stdout
        print(version.strip())

        step("fivetrex demo")
        demo = run(fivetrex, "demo", capture_output=True, env=env, cwd=work).stdout
        assert "Now with your account" in demo, demo[-2000:]

        step("fivetrex groups list, against the installed package's emulator")
        port = free_port()
        server = subprocess.Popen(  # noqa: S603
            [str(python), "-m", "fivetrex.emulator", "--port", str(port), "--seed", "demo"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=work,
        )
        try:
            wait_listening(port, server)
            env.update(
                FIVETRAN_BASE_URL=f"http://127.0.0.1:{port}/v1",
                FIVETRAN_API_KEY="emulator-key",
                FIVETRAN_API_SECRET="emulator-secret",
            )
            listed = run(fivetrex, "groups", "list", capture_output=True, env=env, cwd=work)
            groups = json.loads(listed.stdout)
            assert [g["name"] for g in groups][:1] == ["Production"], groups
            print(f"{len(groups)} groups: {', '.join(g['name'] for g in groups)}")
        finally:
            server.terminate()
            server.wait(timeout=30)
    step("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
