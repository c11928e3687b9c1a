"""Shared test support: where the fixtures live and how to serve a notebook with Voila.

Imported as ``from support import ...`` (not from conftest: several conftest.py files exist, and
``import conftest`` would pick whichever is first on the path).
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
SCHOOLS = FIXTURES / "schools"

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

@contextmanager
def voila_server(notebook: str, env: dict | None = None, port: int | None = None, timeout: float = 60,
                 args: tuple = ()):
    """Serve ``notebooks/<notebook>`` with Voilà on 127.0.0.1 and yield its base URL; stop it afterwards.

    ``args`` are extra Voilà options, e.g. ``("--preheat_kernel=True",)`` as ``make dashboard`` serves it."""
    port = port or free_port()
    voila = Path(sys.executable).with_name("voila")
    cmd = [str(voila), str(ROOT / "notebooks" / notebook), "--Voila.ip=127.0.0.1", f"--port={port}",
           "--no-browser", "--show_tracebacks=False", "--MappingKernelManager.cull_idle_timeout=120", *args]
    # the server's log goes to a file: a pipe nobody reads fills up and blocks a long-running server
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(cmd, env={**os.environ, **(env or {})}, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if proc.poll() is not None:
                    log.seek(0)
                    raise RuntimeError(f"voila exited: {log.read().decode(errors='replace')[-2000:]}")
                time.sleep(0.1)
        else:
            raise RuntimeError("voila did not open its port in time")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()

def fetch(url: str, timeout: float = 90) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read().decode("utf-8", errors="replace")
