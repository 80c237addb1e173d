"""A PostgreSQL primary of its own for ``make cluster``: ``initdb`` in a temporary
folder as the ``postgres`` user, on a free loopback port and a socket folder of
its own; the test cluster and the machine's clusters are never touched."""

from __future__ import annotations

import os
import pwd
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from pg_replica import _write_as_postgres, as_postgres, free_port


def bindir() -> Path:
    """The folder of the newest installed PostgreSQL's server programs."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    if initdb is None:
        raise SystemExit("initdb was not found: install PostgreSQL's server programs.")
    return Path(initdb).parent


@dataclass
class Primary:
    """A throwaway primary: trust on its own socket folder (for the ``postgres``
    user that copies it), SCRAM passwords over TCP on 127.0.0.1."""

    port: int = field(default_factory=free_port)
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="jsontwo-primary-")))

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def sockets(self) -> Path:
        return self.folder / "sockets"

    @property
    def url(self) -> str:
        """The superuser's URL, through the socket folder."""
        return f"postgresql://postgres@/postgres?host={self.sockets}&port={self.port}"

    def create(self) -> None:
        """initdb, configure and start the primary."""
        from cluster.processes import service_folder

        service_folder(self.folder)
        service_folder(self.sockets)
        programs = bindir()
        as_postgres(
            [
                str(programs / "initdb"), "-D", str(self.data), "-U", "postgres",
                "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-sync",
            ]
        )  # fmt: skip
        settings = {
            "port": str(self.port),
            "listen_addresses": "'127.0.0.1'",
            "unix_socket_directories": f"'{self.sockets}'",
            "max_connections": "100",
            "shared_buffers": "'64MB'",
            "wal_level": "replica",
            "max_wal_senders": "5",
            "logging_collector": "off",
        }
        conf = (self.data / "postgresql.conf").read_text()
        conf += "".join(f"{key} = {value}\n" for key, value in settings.items())
        _write_as_postgres(self.data / "postgresql.conf", conf)
        self._ctl("start", "-l", str(self.folder / "server.log"))
        # a role for this user too, as the test cluster has: the replica (peer
        # authentication on its socket, as Debian's) is queried as this user
        me = pwd.getpwuid(os.getuid()).pw_name
        if me != "postgres":
            with psycopg.connect(self.url, autocommit=True) as conn:
                conn.execute(f'CREATE ROLE "{me}" LOGIN SUPERUSER')

    def _ctl(self, action: str, *args: str) -> None:
        as_postgres([str(bindir() / "pg_ctl"), "-D", str(self.data), "-w", *args, action])

    def add_role(self, name: str, password: str) -> None:
        """A superuser role ``name`` that logs in with ``password`` (over TCP)."""
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f"CREATE ROLE {name} LOGIN SUPERUSER PASSWORD '{password}'")

    def destroy(self) -> None:
        """Stop the primary and remove its folder."""
        try:
            self._ctl("stop", "-m", "immediate")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
