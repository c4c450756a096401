"""A real ``streamlit run app.py`` for the security tests: a given secrets file, no local mode.

Unlike the browser suite's session server (``tests/browser/conftest.py``), each call starts a
fresh process, since what is tested is the first request a freshly started server gets."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from commands.dashboard_command import dashboard_command
from tests.browser.conftest import REPO_ROOT, SERVER_START_TIMEOUT_S, _free_port, _healthy, _stop

FAKE_AUTH = """[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "a-test-cookie-secret-that-is-long-enough-0123456789"
client_id = "aims-test"
client_secret = "not-a-real-secret"
server_metadata_url = "http://127.0.0.1:9/.well-known/openid-configuration"
"""
"""Sign-in configured with a provider that is never contacted: no visitor can sign in."""


def copy_store(template: Path, folder: Path) -> Path:
    target = folder / template.name
    shutil.copy(template, target)
    files = template.with_name(template.stem + ".files")
    if files.exists():
        shutil.copytree(files, target.with_name(target.stem + ".files"))
    return target


@contextmanager
def app_server(
    db_path: Path, secrets: str | None, folder: Path, env_extra: dict | None = None
) -> Iterator[str]:
    """``streamlit run app.py`` on ``db_path`` with ``secrets`` (``{port}`` filled in) as its
    only secrets file, without ``AIMS_LOCAL_MODE`` (unless ``env_extra`` sets it); yields its
    URL."""
    port = _free_port()
    secrets_file = folder / f"secrets-{port}.toml"
    if secrets is not None:
        secrets_file.write_text(secrets.replace("{port}", str(port)), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("AIMS_DB", "AIMS_LOCAL_MODE")}
    env["PYTHONUNBUFFERED"] = "1"
    env.update(env_extra or {})
    log_path = folder / f"streamlit-{port}.log"
    command = dashboard_command(port, str(db_path), "--secrets.files", str(secrets_file))
    url = f"http://127.0.0.1:{port}"
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            command, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while not _healthy(url):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"server did not start:\n{log_path.read_text()}")
            time.sleep(0.2)
        yield url
    finally:
        _stop(process)
