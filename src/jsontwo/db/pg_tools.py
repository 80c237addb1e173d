"""Running PostgreSQL's own programs (``pg_dump``, ``psql``, ``pg_restore``) on
the server a ``--db-url`` names: the dumps jsontwo makes are theirs, so that a
backup restores with the standard tools too (and Odoo's dumps restore here)."""

from __future__ import annotations

import os
import shutil
import subprocess

import sqlalchemy as sa

#: seconds a dump or a restore may take (a bound, not an expectation)
TOOL_TIMEOUT = 3600


class ToolFailed(Exception):
    """A PostgreSQL program is missing or failed; the message says which and why."""


def run(program: str, args: list[str], server: sa.URL, dbname_arg: bool = True) -> None:
    """Run ``program args`` against ``server`` (its host, port, user and password go
    in the libpq environment, never on the command line); ToolFailed, with the
    program's last words, when it fails. ``dbname_arg``: the last argument is a
    database name, given as ``--dbname``."""
    path = shutil.which(program)
    if path is None:
        raise ToolFailed(
            f"{program} was not found: install PostgreSQL's client programs "
            "(Debian: postgresql-client) to dump and restore PostgreSQL databases."
        )
    if dbname_arg:
        args = [*args[:-1], f"--dbname={args[-1]}"]
    try:
        done = subprocess.run(
            [path, *args],
            env=libpq_environment(server),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            timeout=TOOL_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ToolFailed(f"{program} did not finish within {TOOL_TIMEOUT} s.") from None
    if done.returncode != 0:
        words = done.stdout.decode("utf-8", "replace").strip().splitlines()[-3:]
        raise ToolFailed(f"{program} failed: {' '.join(words) or done.returncode}")


def libpq_environment(server: sa.URL) -> dict[str, str]:
    """The process environment with ``PGHOST``, ``PGPORT``, ``PGUSER`` and
    ``PGPASSWORD`` of ``server`` (a ``host=`` in the URL's query names a socket
    folder, as psycopg reads it)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    query_host = server.query.get("host")
    host = server.host or (query_host if isinstance(query_host, str) else None)
    query_port = server.query.get("port")
    port = server.port or (query_port if isinstance(query_port, str) else None)
    for key, value in (
        ("PGHOST", host),
        ("PGPORT", str(port) if port else None),
        ("PGUSER", server.username),
        ("PGPASSWORD", server.password),
    ):
        if value:
            env[key] = str(value)
    return env
