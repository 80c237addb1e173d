"""The programs of the topology as child processes: PgBouncer, HAProxy and
``jsontwo serve`` instances, configured from the templates in ``deploy/``."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

#: the root of the checkout
ROOT = Path(__file__).resolve().parents[2]
#: the configurations the tests and ``make cluster`` start the programs with
DEPLOY = ROOT / "deploy"
#: seconds a program may take to listen (an upper bound, not a measure)
START_TIMEOUT = 60.0
#: the Unix user PostgreSQL's programs and PgBouncer run as when we are root
SERVICE_USER = "postgres"


class StartFailed(Exception):
    """A program exited or did not listen in time; the message holds its log."""


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def render(template: str, values: dict[str, object]) -> str:
    """The configuration ``deploy/<template>`` with its placeholders filled in."""
    text = (DEPLOY / template).read_text()
    return string.Template(text).substitute({k: str(v) for k, v in values.items()})


def listens(port: int, host: str = "127.0.0.1") -> bool:
    """Whether something accepts TCP connections on ``host:port``."""
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=1):
        return True
    return False


def wait_listening(proc: subprocess.Popen[bytes], port: int, log: Path) -> None:
    """Wait until ``proc`` listens on ``port``; StartFailed when it exits first."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise StartFailed(f"{proc.args!r} exited with {proc.returncode}:\n{_tail(log)}")
        if listens(port):
            return
        time.sleep(0.05)
    proc.kill()
    raise StartFailed(f"{proc.args!r} did not listen on {port}:\n{_tail(log)}")


def _tail(log: Path) -> str:
    return log.read_text(errors="replace")[-4000:] if log.exists() else "(no log)"


def stop(proc: subprocess.Popen[bytes] | None, sig: int = signal.SIGTERM) -> None:
    """Stop ``proc`` with ``sig`` (killed after 30 s)."""
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(sig)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def as_root() -> bool:
    """Whether this process runs as root (then the servers run as SERVICE_USER)."""
    return os.geteuid() == 0


def service_folder(folder: Path) -> Path:
    """``folder``, made and readable by SERVICE_USER when we are root."""
    folder.mkdir(parents=True, exist_ok=True)
    if as_root():
        shutil.chown(folder, SERVICE_USER)
        folder.chmod(0o755)
    return folder


@dataclass
class PgBouncer:
    """PgBouncer (``deploy/pgbouncer.ini``), transaction pooling, in front of the
    PostgreSQL server at ``pg_host:pg_port`` (TCP, SCRAM), for one role. Its
    files live in a folder of its own under the system's temporary folder (one
    the service user can reach), removed when it stops."""

    pg_host: str
    pg_port: int
    user: str
    password: str
    pool_size: int = 10
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None
    folder: Path = field(
        default_factory=lambda: Path(tempfile.mkdtemp(prefix="jsontwo-pgbouncer-"))
    )

    @property
    def url(self) -> str:
        """jsontwo's ``--db-url`` through this PgBouncer."""
        return (
            f"postgresql://{self.user}:{self.password}@127.0.0.1:{self.port}/postgres"
            "?pool_mode=transaction"
        )

    def start(self) -> None:
        """Write the configuration and the users file, start PgBouncer, wait for it."""
        folder = service_folder(self.folder)
        users = folder / "userlist.txt"
        users.write_text(f'"{self.user}" "{self.password}"\n')
        users.chmod(0o600)
        config = render(
            "pgbouncer.ini",
            {
                "pg_host": self.pg_host,
                "pg_port": self.pg_port,
                "listen_addr": "127.0.0.1",
                "listen_port": self.port,
                "run_dir": folder,
                "log_file": folder / "pgbouncer.log",
                "auth_file": users,
                "pool_size": self.pool_size,
            },
        )
        if as_root():  # PgBouncer refuses to run as root: it drops to the user once started
            config += f"user = {SERVICE_USER}\n"
        ini = folder / "pgbouncer.ini"
        ini.write_text(config)
        log = folder / "pgbouncer.log"
        with (folder / "pgbouncer.out").open("wb") as out:
            self.proc = subprocess.Popen(
                ["pgbouncer", str(ini)], stdout=out, stderr=subprocess.STDOUT
            )
        wait_listening(self.proc, self.port, log)

    def stop(self) -> None:
        """Stop PgBouncer (SIGINT: at once, as its "safe shutdown" waits for clients)
        and remove its folder."""
        stop(self.proc, signal.SIGINT)
        shutil.rmtree(self.folder, ignore_errors=True)


def new_password() -> str:
    """A password for a role made for one run."""
    return secrets.token_hex(16)


@dataclass
class HAProxy:
    """HAProxy (``deploy/haproxy.cfg``) in front of jsontwo instances on local ports,
    health-checking their readiness route every ``check_interval``."""

    folder: Path
    servers: dict[str, int]
    check_interval: str = "1s"
    fall: int = 2
    rise: int = 2
    #: HAProxy's ``balance``: roundrobin, or ``hdr(Authorization)`` (a key's calls
    #: to one instance, for read-your-writes with replicas)
    balance: str = "roundrobin"
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Write the configuration, check it, start HAProxy, wait for it."""
        self.folder.mkdir(parents=True, exist_ok=True)
        lines = [f"    server {name} 127.0.0.1:{port}" for name, port in self.servers.items()]
        config = render(
            "haproxy.cfg",
            {
                "listen_addr": "127.0.0.1",
                "listen_port": self.port,
                "check_interval": self.check_interval,
                "fall": self.fall,
                "rise": self.rise,
                "balance": self.balance,
                "servers": "\n".join(lines),
            },
        )
        if self.balance.startswith("hdr("):
            config = config.replace(
                f"balance {self.balance}\n", f"balance {self.balance}\n    hash-type consistent\n"
            )
        cfg = self.folder / "haproxy.cfg"
        cfg.write_text(config)
        log = self.folder / "haproxy.log"
        checked = subprocess.run(["haproxy", "-c", "-q", "-f", str(cfg)], capture_output=True)
        if checked.returncode != 0:
            raise StartFailed(f"haproxy -c refused {cfg}:\n{checked.stderr.decode()}")
        with log.open("wb") as out:
            self.proc = subprocess.Popen(
                ["haproxy", "-db", "-f", str(cfg)], stdout=out, stderr=subprocess.STDOUT
            )
        wait_listening(self.proc, self.port, log)

    def stop(self) -> None:
        """Stop HAProxy at once (SIGTERM)."""
        stop(self.proc)


@dataclass
class Instance:
    """One ``jsontwo serve`` on a port of its own, in a process group of its own
    (so that a SIGKILL reaches its workers too, as systemd's stop or a crash)."""

    name: str
    env: dict[str, str]
    log: Path
    args: list[str] = field(default_factory=list)
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start the instance and wait until it is ready (``/health/ready``)."""
        command = [sys.executable, "-m", "jsontwo.cli.main", "serve", "--port", str(self.port)]
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [*command, *self.args],
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise StartFailed(f"{self.name} exited:\n{_tail(self.log)}")
            if self.ready():
                return
            time.sleep(0.1)
        self.kill()
        raise StartFailed(f"{self.name} was not ready:\n{_tail(self.log)}")

    def ready(self) -> bool:
        """Whether the instance answers 200 on its readiness route."""
        try:
            answer = httpx.get(f"http://127.0.0.1:{self.port}/health/ready", timeout=5)
        except httpx.HTTPError:
            return False
        return answer.status_code == 200

    def terminate(self) -> None:
        """SIGTERM to the instance's supervisor, as ``systemctl stop`` (KillMode=mixed)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        """SIGKILL to the instance and its workers at once."""
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)

    def wait(self, timeout: float = 120) -> int:
        """Wait for the instance to end; its exit status."""
        assert self.proc is not None
        return self.proc.wait(timeout=timeout)

    def stop(self) -> None:
        """Stop the instance at once (the end of a run)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()
                self.proc.wait()
