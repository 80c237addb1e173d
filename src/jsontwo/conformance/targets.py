"""The server a run calls: a reference Odoo described by an env file, or any
server given by URL, database and key.

Each scenario folder was recorded on its own reference database: ``base`` on
a database with the base module and demo data, ``sale`` on one with sale. The
reference Odoo keeps one env file per database, ``<dir>/<db>.env``, with
``ODOO_URL``, ``ODOO_DB``, ``ODOO_API_KEY`` (and ``ODOO_PASSWORD``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

#: scenario folder -> reference database it is recorded on; a flat suite
#: (scenarios directly in scenarios/) counts as ``base``
DEFAULT_REFERENCE_DBS: Mapping[str, str] = {"base": "ref", "sale": "sale"}
#: where the env files are unless --env-dir or $CONFORMANCE_ENV_DIR says otherwise
DEFAULT_ENV_DIR = Path("~/odoo19-reference")
DEFAULT_PASSWORD = "admin"


class TargetError(Exception):
    """A target that cannot be built from the options given."""


@dataclass(frozen=True)
class Target:
    """A server to call: its URL, database, API key and the key's user's password
    (for the identity check of API-key generation)."""

    name: str
    url: str
    db: str | None
    key: str
    password: str = DEFAULT_PASSWORD

    def __post_init__(self) -> None:
        object.__setattr__(self, "url", self.url.rstrip("/"))


def read_env_file(path: Path) -> dict[str, str]:
    """The ``NAME=value`` lines of a shell env file (comments and quotes dropped)."""
    env = {}
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if line and not line.startswith("#") and "=" in line:
            name, value = line.split("=", 1)
            env[name.strip().removeprefix("export ").strip()] = value.strip().strip("\"'")
    return env


def odoo_target(env_file: Path, *, url: str | None = None, password: str | None = None) -> Target:
    """The reference Odoo an env file describes (``url`` overrides its ODOO_URL)."""
    try:
        env = read_env_file(env_file.expanduser())
    except OSError as exc:
        raise TargetError(f"cannot read the env file {env_file}: {exc.strerror}") from None
    missing = [n for n in ("ODOO_URL", "ODOO_DB", "ODOO_API_KEY") if not env.get(n)]
    if missing:
        raise TargetError(f"{env_file} does not set {', '.join(missing)}")
    return Target(
        name=f"odoo:{env['ODOO_DB']}",
        url=url or env["ODOO_URL"],
        db=env["ODOO_DB"],
        key=env["ODOO_API_KEY"],
        password=password
        or env.get("ODOO_PASSWORD")
        or os.environ.get("ODOO_PASSWORD")
        or DEFAULT_PASSWORD,
    )


def parse_env_map(text: str | None) -> dict[str, str]:
    """``"base=ref,sale=sale"`` -> ``{"base": "ref", "sale": "sale"}``, over the defaults."""
    mapping = dict(DEFAULT_REFERENCE_DBS)
    for item in (text or "").split(","):
        if not item.strip():
            continue
        folder, sep, db = item.partition("=")
        if not sep or not folder.strip() or not db.strip():
            raise TargetError(f"bad --env-map item {item!r}: write FOLDER=DB")
        mapping[folder.strip()] = db.strip()
    return mapping


def env_dir(option: Path | None) -> Path:
    """The folder of the reference's env files: the option, $CONFORMANCE_ENV_DIR, the default."""
    if option is not None:
        return option
    return Path(os.environ.get("CONFORMANCE_ENV_DIR") or DEFAULT_ENV_DIR)


def env_file_for(
    folder: str, directory: Path, mapping: Mapping[str, str], user: str | None = None
) -> Path:
    """The env file of the reference database that ``folder`` is recorded on:
    ``<db>.env`` for the admin, ``<db>.<user>.env`` for a scenario run as another user."""
    db = mapping.get(folder or "base")
    if db is None:
        known = ", ".join(f"{f}={d}" for f, d in sorted(mapping.items()))
        raise TargetError(
            f"no reference database for scenario folder {folder!r} (known: {known}); "
            f"add it with --env-map {folder}=DB"
        )
    return directory.expanduser() / (f"{db}.{user}.env" if user else f"{db}.env")


def parse_user_keys(items: list[str] | None) -> dict[str, tuple[str, str]]:
    """``["demo=KEY:PASSWORD", ...]`` -> ``{"demo": ("KEY", "PASSWORD")}``; the
    password defaults to the login (jsontwo's and Odoo's demo users sign in so)."""
    keys = {}
    for item in items or []:
        login, sep, rest = item.partition("=")
        key, _, password = rest.partition(":")
        if not sep or not login.strip() or not key.strip():
            raise TargetError(f"bad --user-key {item!r}: write LOGIN=KEY[:PASSWORD]")
        keys[login.strip()] = (key.strip(), password or login.strip())
    return keys
