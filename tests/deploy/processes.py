"""Run the app as a gemeente's installation does, on this machine: N ``streamlit run`` processes and nginx.

Used by ``tests/deploy`` and ``benchmarks/load.py``. Each app process writes its log to a file, so a
test can read it afterwards; :func:`peak_memory_mb` reads the process's high-water mark (VmHWM)
from ``/proc``. :func:`nginx_in_front` runs Debian's nginx with ``deploy/nginx.conf``, the compose
upstream ``app:8501`` rewritten to the local processes.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NGINX_CONF = ROOT / "deploy" / "nginx.conf"


def free_port() -> int:
    """A TCP port on 127.0.0.1 nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, proc: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args[:4]} stopped (exit {proc.returncode}): {log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout:g} s: {log.read_text(errors='replace')[-2000:]}")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@dataclass
class AppProcess:
    """One running ``streamlit run app.py``: its base URL, process and log file."""

    url: str
    proc: subprocess.Popen
    log: Path

    def log_text(self) -> str:
        """Everything the process printed so far."""
        return self.log.read_text(encoding="utf-8", errors="replace")

    def peak_memory_mb(self) -> float | None:
        """The process's peak resident memory (VmHWM) in MB, or ``None`` when /proc cannot tell."""
        try:
            status = Path(f"/proc/{self.proc.pid}/status").read_text()
        except OSError:
            return None
        found = re.search(r"^VmHWM:\s+(\d+)\s+kB", status, re.M)
        return int(found.group(1)) / 1024 if found else None


@contextmanager
def app_processes(n: int, env: Mapping[str, str], logs: Path) -> Iterator[list[AppProcess]]:
    """Start ``n`` app processes at once with ``env`` (added to this environment); yield them when all are healthy."""
    logs.mkdir(parents=True, exist_ok=True)
    apps: list[AppProcess] = []
    with ExitStack() as stack:
        for i in range(n):
            port = free_port()
            log = logs / f"app{i + 1}.log"
            handle = stack.enter_context(log.open("wb"))
            proc = subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
                 "--server.port", str(port), "--server.address", "127.0.0.1",
                 "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
                cwd=ROOT, env={**os.environ, **env}, stdout=handle, stderr=subprocess.STDOUT,
            )  # fmt: skip
            stack.callback(_stop, proc)
            apps.append(AppProcess(f"http://127.0.0.1:{port}", proc, log))
        for app in apps:
            _wait_for(f"{app.url}/_stcore/health", app.proc, app.log)
        yield apps


def nginx_binary() -> str | None:
    """Path of the nginx binary (Debian: /usr/sbin/nginx), or ``None``."""
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)


def local_nginx_conf(upstreams: list[str], port: int, work: Path) -> str:
    """``deploy/nginx.conf`` for this machine: listening on 127.0.0.1:``port``, proxying to ``upstreams`` (host:port)."""
    text = NGINX_CONF.read_text(encoding="utf-8")
    server_line = re.search(r"^\s*server app:8501[^\n]*\n", text, re.M)
    listen_line = re.search(r"^\s*listen 80;\n", text, re.M)
    if not server_line or not listen_line:
        raise ValueError("deploy/nginx.conf no longer has 'server app:8501' and 'listen 80;'")
    servers = "".join(f"        server {u} max_fails=3 fail_timeout=10s;\n" for u in upstreams)
    text = text.replace(server_line.group(0), servers).replace(listen_line.group(0), f"        listen 127.0.0.1:{port};\n")
    temp = "".join(f"    {kind}_temp_path {work / kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return text.replace("http {\n", "http {\n" + temp, 1)


@contextmanager
def nginx_in_front(upstreams: list[str], work: Path) -> Iterator[str]:
    """Run nginx with ``deploy/nginx.conf`` in front of ``upstreams``; yield its base URL."""
    binary = nginx_binary()
    if binary is None:
        raise FileNotFoundError("nginx is not installed (apt-get install nginx-light)")
    work.mkdir(parents=True, exist_ok=True)
    port = free_port()
    conf = work / "nginx.conf"
    conf.write_text(local_nginx_conf(upstreams, port, work), encoding="utf-8")
    log = work / "nginx.log"
    with log.open("wb") as handle:
        proc = subprocess.Popen(
            [binary, "-p", str(work), "-c", str(conf), "-g", f"daemon off; pid {work / 'nginx.pid'};"],
            stdout=handle, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            _wait_for(f"http://127.0.0.1:{port}/nginx-health", proc, log, timeout=20)
            yield f"http://127.0.0.1:{port}"
        finally:
            _stop(proc)
