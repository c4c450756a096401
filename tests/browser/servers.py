"""More Streamlit servers for the persona suite: one per role (roles are fixed per process
in local mode, by ``AIMS_LOCAL_ROLES``), each on its own copy of a store, on a free port.

``conftest.running_app`` serves the demo as the default local user; a persona needs the
same server started with its roles, or on an empty store for a newcomer.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from commands.dashboard_command import dashboard_command
from tests.browser.conftest import (
    REPO_ROOT,
    SERVER_START_TIMEOUT_S,
    _free_port,
    _healthy,
    _stop,
)


@dataclass
class Server:
    url: str
    db_path: Path
    process: subprocess.Popen
    log_path: Path

    def output(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        _stop(self.process)


def copy_store(template: Path, target: Path) -> Path:
    """A private copy of a store file and its kept files (evidence, monitor data)."""
    shutil.copy(template, target)
    files = template.with_name(template.stem + ".files")
    if files.exists():
        shutil.copytree(files, target.with_name(target.stem + ".files"))
    return target


def start_server(db_path: Path, roles: str, workdir: Path) -> Server:
    """``streamlit run app.py`` on ``db_path`` in local mode with ``roles``."""
    env = {k: v for k, v in os.environ.items() if k != "AIMS_DB"}
    env |= {"PYTHONUNBUFFERED": "1", "AIMS_LOCAL_ROLES": roles, "AIMS_LOCAL_MODE": "1"}
    port = _free_port()
    log_path = workdir / f"streamlit-{roles.replace(',', '-')}-{port}.log"
    command = dashboard_command(port, str(db_path))
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            command, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    server = Server(f"http://127.0.0.1:{port}", db_path, process, log_path)
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while not _healthy(server.url):
        if process.poll() is not None or time.monotonic() > deadline:
            server.stop()
            raise RuntimeError(f"streamlit server ({roles}) did not start:\n{server.output()}")
        time.sleep(0.2)
    return server
