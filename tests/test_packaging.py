"""The package as it ships: a wheel, installed into a fresh virtual environment outside the checkout, migrates a
database and serves pages in every language, with its own templates and translations.

The wheel is built from a copy of the sources (the checkout is left as it
was) with the locked setuptools, without reaching an index. The fresh
environment gets only the wheel; the runtime dependencies come from this
test environment's site-packages, through a path file (``.pth``), rather than
being downloaded and installed again (which would take minutes): the
``coordination`` it imports is the wheel's, which the test checks, and the
commands run from a folder that is not the checkout.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import time
import zipfile
from pathlib import Path

import httpx
import pytest

from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.packaging

SHIPPED = [
    "coordination/core/templates/base.html",
    "coordination/accounts/templates/accounts/users.html",
    "coordination/accounts/templates/accounts/mail/invitation.txt",
    "coordination/accounts/templates/accounts/mail/invitation.html",
    "coordination/mail/templates/mail/_layout.txt",
    "coordination/translations/fr/LC_MESSAGES/messages.po",
    "coordination/translations/es/LC_MESSAGES/messages.po",
]


def _run(*args: str | Path, cwd: Path, env: dict[str, str], timeout: int = 120) -> str:
    result = subprocess.run(
        [str(arg) for arg in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, f"{args}: {result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the fresh environment's bin folder, the wheel)."""
    tmp = tmp_path_factory.mktemp("packaging")
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    source = tmp / "source"
    shutil.copytree(ROOT / "coordination", source / "coordination", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    _run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "-w",
        tmp / "dist",
        source,
        cwd=tmp,
        env=env,
    )
    [wheel] = (tmp / "dist").glob("coordination-*.whl")
    venv = tmp / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp, env=env)
    python = venv / "bin" / "python"
    purelib = Path(
        _run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp, env=env).strip()
    )
    # The runtime dependencies, from this environment (its .pth files, the checkout's editable install among
    # them, are not read from a folder named in another .pth).
    (purelib / "runtime_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    _run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", wheel, cwd=tmp, env=env)
    return venv / "bin", wheel


def test_the_wheel_holds_the_templates_translations_and_migrations(installed: tuple[Path, Path]) -> None:
    _, wheel = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [name for name in SHIPPED if name not in names]
    assert missing == []
    migrations = [name for name in names if name.startswith("coordination/migrations/coordination_")]
    assert len(migrations) == len(list((ROOT / "coordination" / "migrations").glob("coordination_*.py")))
    assert not [name for name in names if name.startswith("tests/")]


def test_the_installed_package_migrates_and_serves_pages_from_another_folder(
    installed: tuple[Path, Path], tmp_path: Path
) -> None:
    bin_dir, _ = installed
    site = tmp_path / "site"  # where an operator runs it: not the checkout
    site.mkdir()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("COORDINATION_", "PYTHONPATH"))}
    env.update(COORDINATION_SCHEDULER="off", PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}")
    where = _run(bin_dir / "python", "-c", "import coordination; print(coordination.__file__)", cwd=site, env=env)
    assert Path(where.strip()).is_relative_to(bin_dir.parent), where
    assert "database is up to date" in _run(bin_dir / "coordination", "migrate", cwd=site, env=env)
    assert (site / "data" / "coordination.sqlite3").exists()
    # Mail templates and catalogues ship too: an invitation rendered in French (no SMTP server: to the log).
    invited = subprocess.run(
        [
            bin_dir / "coordination",
            "user",
            "invite",
            "--email",
            "new@example.org",
            "--assign",
            "secretariat",
            "--language",
            "fr",
        ],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert invited.returncode == 0, invited.stderr
    assert "Vous êtes invité·e à vous connecter au site de" in invited.stderr
    port = free_port()
    server = subprocess.Popen(
        [bin_dir / "coordination", "serve", "--no-migrate", "--port", str(port)],
        cwd=site,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        home = httpx.get(f"{base}/", timeout=10)
        assert home.status_code == 200
        assert "<html" in home.text
        french = httpx.get(f"{base}/members", params={"lang": "fr"}, timeout=10)
        assert (french.status_code, french.headers["content-language"]) == (200, "fr")
        assert "Membres" in french.text
        spanish = httpx.get(f"{base}/sign-in", params={"lang": "es"}, timeout=10)
        assert "Iniciar sesión" in spanish.text
    finally:
        server.terminate()
        server.wait(timeout=10)
