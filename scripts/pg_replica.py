"""A real streaming replica of a local PostgreSQL cluster, for tests and for the
local topology (``make cluster``).

``pg_basebackup -R`` copies the primary into a temporary folder owned by the
``postgres`` user, with a replication slot of its own (so the primary keeps the
WAL a stopped replica still needs), and ``pg_ctl`` starts it as a hot standby on
a free loopback port and a socket folder of its own. The server processes run as
``postgres`` (through ``su`` when we are root), as Debian's own clusters do.

Importable::

    with pg_replica.create(primary_url) as replica:
        replica.url("mydb")          # postgresql:///mydb?host=<sockets>&port=<port>
        replica.pause()              # replay stops: the replica serves old data
        replica.lag()                # how far behind the primary it is
        replica.resume(); replica.wait_caught_up()
        replica.stop(); replica.start()

and runnable: ``python scripts/pg_replica.py [PRIMARY_URL]`` makes one, prints
its URL and keeps it until Ctrl+C (the URL defaults to ``.pg-test-url``).

Only the replica's folder and its slot are ever removed or changed: the
primary's configuration is read, never written. A slot whose maker died (its
process id is in the slot's name) is dropped by the next ``create``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import pwd
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import psycopg

#: the prefix of the replication slots made here; the maker's pid follows it
SLOT_PREFIX = "jsontwo_replica_"
#: the operating system user that runs the server processes
PG_USER = "postgres"
#: bound on waits (seconds): a start, a catch-up, a pause taking effect
WAIT_TIMEOUT = 120.0
#: primary settings a hot standby must have at least as high (PostgreSQL refuses to start otherwise)
STANDBY_MINIMUMS = (
    "max_connections",
    "max_worker_processes",
    "max_wal_senders",
    "max_prepared_transactions",
    "max_locks_per_transaction",
)


class ReplicaError(Exception):
    """A PostgreSQL program failed, or the replica did not reach a state in time."""


@dataclass(frozen=True)
class Lag:
    """How far a replica is behind its primary, in bytes of WAL.

    ``replay_bytes``: the primary's current WAL position minus what the replica
    replayed (0 when caught up, however long the primary has been idle);
    ``unreplayed_bytes``: received by the replica but not replayed yet;
    ``paused``: replay is paused."""

    replay_bytes: int
    unreplayed_bytes: int
    paused: bool


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def as_postgres(command: list[str], check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run ``command`` as the ``postgres`` user (``su`` when root, ``sudo`` else,
    directly when we are that user); ReplicaError with its output when it fails."""
    if pwd.getpwuid(os.getuid()).pw_name == PG_USER:
        argv = command
    elif os.getuid() == 0:
        argv = ["su", PG_USER, "-s", "/bin/sh", "-c", shlex.join(command)]
    else:
        argv = ["sudo", "-n", "-u", PG_USER, *command]
    done = subprocess.run(
        argv,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        cwd="/",
        check=False,
    )
    if check and done.returncode != 0:
        raise ReplicaError(f"{shlex.join(command)} failed: {(done.stdout + done.stderr).strip()}")
    return done


def _connect(url: str, **kwargs: Any) -> psycopg.Connection[Any]:
    return psycopg.connect(url, autocommit=True, connect_timeout=10, **kwargs)


def _server_address(url: str) -> tuple[str, int]:
    """The socket folder (or host) and port ``url`` reaches, as libpq resolves them."""
    with _connect(url) as conn:
        info = conn.info
        return info.host, int(info.port)


class Replica:
    """A streaming replica in ``folder`` (``data/``, ``sockets/``, ``server.log``)
    listening on 127.0.0.1:``port`` and in ``sockets``; a context manager that
    removes it on exit."""

    def __init__(self, primary_url: str, folder: Path, port: int, slot: str, bindir: Path) -> None:
        self.primary_url = primary_url
        self.folder = folder
        self.port = port
        self.slot = slot
        self.bindir = bindir
        self.data = folder / "data"
        self.sockets = folder / "sockets"
        self.log = folder / "server.log"

    # -- addresses ------------------------------------------------------------

    def url(self, dbname: str = "postgres") -> str:
        """A libpq URL of ``dbname`` on the replica, through its socket folder."""
        return f"postgresql:///{dbname}?host={self.sockets}&port={self.port}"

    def server_url(self) -> str:
        """The replica as a jsontwo ``--db-replica-url`` (no database: jsontwo
        reads database X on the replica as database X on the primary)."""
        return f"postgresql:///?host={self.sockets}&port={self.port}"

    def tcp_url(self, dbname: str = "postgres", user: str | None = None) -> str:
        """A libpq URL of ``dbname`` over TCP on 127.0.0.1 (password authentication
        as on Debian's clusters: the role needs one)."""
        who = f"{user}@" if user else ""
        return f"postgresql://{who}127.0.0.1:{self.port}/{dbname}"

    # -- life -------------------------------------------------------------------

    def start(self) -> None:
        """Start the server and wait until it accepts connections (as a standby)."""
        as_postgres(
            [
                *(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.log)),
                *("-w", "-t", str(int(WAIT_TIMEOUT)), "start"),
            ]
        )
        self._wait(lambda: self._query("SELECT pg_is_in_recovery()") is True, "accept connections")

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (``mode``: smart, fast or immediate, as pg_ctl's ``-m``)."""
        if self.running():
            as_postgres(
                [str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"]
            )

    def running(self) -> bool:
        """Whether the server's postmaster is alive."""
        pid_file = self.data / "postmaster.pid"
        try:
            pid = int(pid_file.read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return False
        return _alive(pid)

    def pid(self) -> int:
        """The postmaster's process id."""
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def cleanup(self, background: bool = False) -> None:
        """Stop the server, drop its slot on the primary and remove its folder
        (``background``: by a process left running, as removing a copy of a
        whole cluster takes a while on a busy disk)."""
        with contextlib.suppress(ReplicaError):
            self.stop("fast")  # (a clean goodbye: the primary lets go of the slot at once)
        _drop_slot(self.primary_url, self.slot)
        if background:
            subprocess.Popen(
                ["rm", "-rf", str(self.folder)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        else:
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Replica:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.cleanup()

    # -- replay -------------------------------------------------------------------

    def pause(self) -> None:
        """Pause replay and wait until it is paused: what the primary commits from
        now on is received but not visible on the replica."""
        self._query("SELECT pg_wal_replay_pause()")
        self._wait(
            lambda: self._query("SELECT pg_get_wal_replay_pause_state()") == "paused",
            "pause replay",
        )

    def resume(self) -> None:
        """Resume replay."""
        self._query("SELECT pg_wal_replay_resume()")

    def lag(self) -> Lag:
        """How far behind the primary the replica is (see :class:`Lag`)."""
        with _connect(self.primary_url) as primary:
            current = primary.execute("SELECT pg_current_wal_lsn()").fetchone()
        with _connect(self.url()) as conn:
            row = conn.execute(
                "SELECT pg_wal_lsn_diff(%s::pg_lsn, pg_last_wal_replay_lsn()),"
                " pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()),"
                " pg_is_wal_replay_paused()",
                (str(current[0]) if current else None,),
            ).fetchone()
        assert row is not None
        return Lag(max(0, int(row[0] or 0)), max(0, int(row[1] or 0)), bool(row[2]))

    def wait_caught_up(self, timeout: float = WAIT_TIMEOUT) -> None:
        """Wait until the replica replayed everything the primary wrote before this call."""
        with _connect(self.primary_url) as primary:
            row = primary.execute("SELECT pg_current_wal_lsn()").fetchone()
        assert row is not None
        target = str(row[0])
        sql = f"SELECT pg_wal_lsn_diff(pg_last_wal_replay_lsn(), '{target}'::pg_lsn) >= 0"
        self._wait(lambda: self._query(sql) is True, "catch up", timeout)

    # -- helpers ------------------------------------------------------------------

    def _query(self, sql: str) -> Any:
        """The first column of the first row of ``sql`` on the replica's ``postgres``
        database; None when the replica cannot be reached."""
        try:
            with _connect(self.url()) as conn:
                row = conn.execute(sql).fetchone()
        except psycopg.OperationalError:
            return None
        return row[0] if row else None

    def _wait(self, done: Any, what: str, timeout: float = WAIT_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while not done():
            if time.monotonic() > deadline:
                tail = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
                raise ReplicaError(f"the replica did not {what} within {timeout} s:\n{tail}")
            time.sleep(0.05)


def _drop_slot(primary_url: str, slot: str) -> None:
    """Drop ``slot`` on the primary once its replica let go of it (best effort)."""
    with contextlib.suppress(psycopg.Error), _connect(primary_url) as conn:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            row = conn.execute(
                "SELECT active FROM pg_replication_slots WHERE slot_name = %s", (slot,)
            ).fetchone()
            if row is None:
                return
            if not row[0]:
                conn.execute("SELECT pg_drop_replication_slot(%s)", (slot,))
                return
            time.sleep(0.1)


def drop_stale_slots(primary_url: str) -> list[str]:
    """Drop the inactive slots made here by processes that are gone (a crashed
    test run): a forgotten slot makes the primary keep WAL forever."""
    dropped = []
    with _connect(primary_url) as conn:
        rows = conn.execute(
            "SELECT slot_name FROM pg_replication_slots WHERE NOT active AND slot_name LIKE %s",
            (SLOT_PREFIX + "%",),
        ).fetchall()
        for (name,) in rows:
            found = re.match(rf"{SLOT_PREFIX}(\d+)_", name)
            if found and _alive(int(found.group(1))):
                continue
            conn.execute("SELECT pg_drop_replication_slot(%s)", (name,))
            dropped.append(name)
    return dropped


def _alive(pid: int) -> bool:
    """Whether process ``pid`` exists (another user's too)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _primary_facts(url: str) -> tuple[Path, dict[str, str]]:
    """The primary's program folder (same major version) and the settings a
    standby must match."""
    with _connect(url) as conn:
        version = int(conn.execute("SHOW server_version_num").fetchone()[0])  # type: ignore[index]
        settings = {
            name: str(conn.execute(f"SHOW {name}").fetchone()[0])  # type: ignore[index]
            for name in STANDBY_MINIMUMS
        }
    bindir = Path(f"/usr/lib/postgresql/{version // 10000}/bin")
    if not (bindir / "pg_basebackup").exists():
        found = shutil.which("pg_basebackup")
        if found is None:
            raise ReplicaError("pg_basebackup was not found: install PostgreSQL's server programs.")
        bindir = Path(found).parent
    return bindir, settings


def _config(port: int, sockets: Path, settings: dict[str, str]) -> str:
    """The replica's postgresql.conf: loopback only, small, a hot standby that
    tells the primary which rows its queries still read (no query cancelled by a
    vacuum on the primary)."""
    lines = {
        "port": str(port),
        "listen_addresses": "'127.0.0.1'",
        "unix_socket_directories": f"'{sockets}'",
        "hot_standby": "on",
        "hot_standby_feedback": "on",
        "wal_receiver_status_interval": "'1s'",
        "shared_buffers": "'32MB'",
        "logging_collector": "off",
        "fsync": "off",  # a throwaway copy: durability is the primary's business
        **settings,
    }
    return "".join(f"{key} = {value}\n" for key, value in lines.items())


#: who may connect: as on Debian's clusters (peer on the socket, passwords over TCP)
HBA = """\
local   all             all                                     peer
host    all             all             127.0.0.1/32            scram-sha-256
local   replication     all                                     peer
host    replication     all             127.0.0.1/32            scram-sha-256
"""


def create(primary_url: str, port: int | None = None, parent: Path | None = None) -> Replica:
    """Make and start a streaming replica of the cluster ``primary_url`` reaches
    (its socket folder and port; the copy is taken as ``postgres`` with peer
    authentication, so the primary must be local). ``port``: a free one by
    default; ``parent``: the temporary folder's parent (the system's by default)."""
    drop_stale_slots(primary_url)
    bindir, settings = _primary_facts(primary_url)
    host, primary_port = _server_address(primary_url)
    port = port or free_port()
    folder = Path(tempfile.mkdtemp(prefix="jsontwo-replica-", dir=parent))
    folder.chmod(0o755)  # others reach the socket folder through it
    slot = f"{SLOT_PREFIX}{os.getpid()}_{port}"
    replica = Replica(primary_url, folder, port, slot, bindir)
    try:
        replica.sockets.mkdir(mode=0o755)
        if os.getuid() == 0:
            owner = pwd.getpwnam(PG_USER)
            for path in (folder, replica.sockets):
                os.chown(path, owner.pw_uid, owner.pw_gid)
        _base_backup(replica, host, primary_port)
        for name, text in (
            ("postgresql.conf", _config(port, replica.sockets, settings)),
            ("pg_hba.conf", HBA),
            ("pg_ident.conf", ""),
        ):
            _write_as_postgres(replica.data / name, text)
        replica.start()
    except BaseException:
        replica.cleanup()
        raise
    return replica


#: times a base backup is tried: PostgreSQL 15 may invalidate a slot made while a
#: checkpoint runs (seen on a test cluster where tests create and drop databases,
#: each forcing one), which ends the copy
BACKUP_TRIES = 4


def _base_backup(replica: Replica, host: str, port: int) -> None:
    """Copy the primary into ``replica.data`` with a slot of its own and the
    standby settings (``-R``), trying again when the copy breaks off."""
    for attempt in range(1, BACKUP_TRIES + 1):
        try:
            as_postgres(
                [
                    *(str(replica.bindir / "pg_basebackup"), "-h", host, "-p", str(port)),
                    *("-U", PG_USER, "-D", str(replica.data), "-R", "-X", "stream"),
                    *("-C", "-S", replica.slot, "--checkpoint=fast", "--no-sync"),
                ]
            )
            return
        except ReplicaError:
            _drop_slot(replica.primary_url, replica.slot)
            if attempt == BACKUP_TRIES:
                raise
            as_postgres(["rm", "-rf", str(replica.data)], check=False)


def _write_as_postgres(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` in a folder only ``postgres`` may write."""
    if os.getuid() == 0:
        path.write_text(text)
        owner = pwd.getpwnam(PG_USER)
        os.chown(path, owner.pw_uid, owner.pw_gid)
        path.chmod(0o600)
    else:
        as_postgres(["sh", "-c", f"cat > {shlex.quote(str(path))} <<'EOF'\n{text}EOF"])


@contextlib.contextmanager
def replica_of(
    primary_url: str, port: int | None = None, background_cleanup: bool = False
) -> Iterator[Replica]:
    """``create`` as a context manager that always cleans up (see ``Replica.cleanup``)."""
    replica = create(primary_url, port)
    try:
        yield replica
    finally:
        replica.cleanup(background_cleanup)


def _default_primary() -> str:
    url = os.environ.get("JSONTWO_TEST_DB_URL")
    if url:
        return url
    marker = Path(__file__).resolve().parents[1] / ".pg-test-url"
    if marker.exists():
        return marker.read_text().strip()
    raise SystemExit(
        "No primary: give its URL, set JSONTWO_TEST_DB_URL or run scripts/pg-test-setup.sh."
    )


def main(argv: list[str] | None = None) -> int:
    """Make a replica, print its URLs, keep it until Ctrl+C (or SIGTERM)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("primary_url", nargs="?", help="the primary (default: .pg-test-url)")
    parser.add_argument("--port", type=int, help="the replica's port (default: a free one)")
    args = parser.parse_args(argv)
    primary = args.primary_url or _default_primary()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with replica_of(primary, args.port) as replica:
        print(f"replica of {primary}", flush=True)
        print(f"  --db-replica-url '{replica.server_url()}'", flush=True)
        print(
            f"  port {replica.port}, folder {replica.folder}; Ctrl+C stops and removes it",
            flush=True,
        )
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)
    return 0


if __name__ == "__main__":
    sys.exit(main())
