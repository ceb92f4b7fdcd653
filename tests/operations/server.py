"""A real gunicorn serving one install on 127.0.0.1, and a signed-in HTTP session against it."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field

import requests

from tests.operations.installs import Install


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    install: Install
    workers: int = 2
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> None:
        argv = [sys.executable, "-m", "gunicorn", "confide.wsgi:application"]
        argv += ["--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers)]
        argv += ["--log-level", "warning"]
        (self.install.folder / "static").mkdir(exist_ok=True)  # whitenoise warns without it
        # Own process group: one SIGKILL takes the master and every worker at once.
        self.process = subprocess.Popen(
            argv, env=self.install.env, start_new_session=True, stdout=subprocess.DEVNULL
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/healthz", timeout=10).text == "ok":
                    return
            except requests.RequestException:
                pass
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited at start")
            time.sleep(0.1)
        raise TimeoutError("gunicorn did not answer /healthz")

    def kill(self) -> None:
        """SIGKILL, the crash no code can catch: no shutdown handler, no flush."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


def csrf_token(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def signed_in(url: str, username: str, password: str) -> requests.Session:
    http = requests.Session()
    page = http.get(url + "/accounts/login/", timeout=30)
    answer = http.post(
        url + "/accounts/login/",
        data={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": csrf_token(page.text),
        },
        headers={"Referer": url + "/accounts/login/"},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 302, f"sign-in failed: {answer.status_code}"
    return http
