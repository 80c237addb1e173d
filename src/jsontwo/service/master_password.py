"""The master password that guards the database manager (Odoo's ``admin_passwd``).

It is kept as an argon2 hash, never in clear: ``--master-password HASH`` (or
``JSONTWO_MASTER_PASSWORD``) gives the hash, ``jsontwo master-password hash``
makes one. A change made through the API (``db.change_admin_password``,
``/web/database/change_password``) is written to the file ``master-password``
of the data directory, which from then on wins over the flag (delete it to go
back to the flag). Without either, there is no master password, and every
call that needs one is refused with AccessDenied.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from argon2 import extract_parameters
from argon2.exceptions import InvalidHashError

from jsontwo.exceptions import AccessDenied
from jsontwo.modules.base.models.users import hash_password, verify_password

#: the file of the data directory that holds a master password changed over the API
MASTER_PASSWORD_FILE = "master-password"


def make_hash(password: str) -> str:
    """The argon2 hash to give ``--master-password`` for ``password``."""
    if not password:
        raise ValueError("The master password may not be empty.")
    return hash_password(password)


def check_hash(value: str) -> str:
    """``value`` if it is an argon2 hash, else ValueError (a password given where
    its hash is expected)."""
    try:
        extract_parameters(value)
    except (InvalidHashError, ValueError, IndexError):
        raise ValueError(
            "Not an argon2 hash: give the output of 'jsontwo master-password hash', "
            "not the password itself."
        ) from None
    return value


class MasterPassword:
    """The server's master password: the flag's hash, or the file's once written."""

    def __init__(self, configured: str | None, data_dir: str | Path) -> None:
        self.configured = configured or None
        self.file = Path(data_dir).resolve() / MASTER_PASSWORD_FILE

    def current(self) -> str | None:
        """The hash in force: the file's, else the flag's; None: no master password."""
        try:
            stored = self.file.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            stored = ""
        return stored or self.configured

    def check(self, password: object) -> None:
        """Nothing if ``password`` is the master password; AccessDenied otherwise,
        and always when there is none (Odoo's ``check_super``)."""
        current = self.current()
        if not current or not isinstance(password, str) or not verify_password(current, password):
            raise AccessDenied()

    def change(self, new_password: object) -> None:
        """Make ``new_password`` the master password, in the file (written whole:
        a temporary file renamed over it, readable by the server's user only)."""
        if not isinstance(new_password, str) or not new_password:
            raise ValueError("The new master password may not be empty.")
        self.file.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.file.with_name(f".{MASTER_PASSWORD_FILE}.{uuid.uuid4().hex}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(make_hash(new_password) + "\n")
            os.replace(tmp, self.file)
        finally:
            tmp.unlink(missing_ok=True)


#: the file of the data directory whose change tells every worker that databases
#: were dropped, renamed or restored (each checks it before using a database)
CHANGES_FILE = ".databases-changed"


class ManagerSettings:
    """What the database manager of a server needs: its master password and the
    data directory (the file stores, the master password's file, the file that
    tells the workers that databases changed)."""

    def __init__(self, master: MasterPassword, data_dir: str | Path) -> None:
        self.master = master
        self.data_dir = Path(data_dir).resolve()
        self.changes = self.data_dir / CHANGES_FILE

    def announce_change(self) -> None:
        """Tell every worker (of every server on this data directory) to check the
        databases it has open: the file is replaced, so its inode changes."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        tmp = self.changes.with_name(f"{CHANGES_FILE}.{uuid.uuid4().hex}")
        tmp.write_text(uuid.uuid4().hex, encoding="utf-8")
        os.replace(tmp, self.changes)

    def change_mark(self) -> tuple[int, int] | None:
        """What identifies the last announced change (None: none yet)."""
        try:
            stat = self.changes.stat()
        except OSError:
            return None
        return (stat.st_ino, stat.st_mtime_ns)
