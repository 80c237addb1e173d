"""A server the benchmark measures (jsontwo, or the reference Odoo 19), how to
call it over JSON-2, and the env file that names a reference Odoo."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import httpx

#: the variable naming the reference Odoo's env file when ``--odoo-env`` is not given
ENV_VARIABLE = "JSONTWO_BENCH_ODOO_ENV"
#: what an env file must hold
ENV_KEYS = ("ODOO_URL", "ODOO_DB", "ODOO_API_KEY", "ODOO_LOGIN", "ODOO_PASSWORD")


class CallError(Exception):
    """A server answered a call with an error."""


def read_env_file(text: str) -> dict[str, str]:
    """The ``NAME=value`` lines of a shell env file (``export``, quotes, comments
    and blank lines allowed)."""
    values: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        name, _, value = line.removeprefix("export ").partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[name.strip()] = value
    return values


@dataclass(frozen=True)
class Target:
    """One server with one database, and a user to call it as."""

    #: its name in the tables: "jsontwo" or "Odoo 19"
    name: str
    url: str
    db: str
    #: an API key of the user (JSON-2 calls; JSON-RPC's password slot)
    key: str
    #: the user's id and password (XML-RPC)
    uid: int
    password: str
    #: ids of 80 generated partners (the ``read`` call; the first one is written)
    read_ids: tuple[int, ...] = field(default=())

    def with_ids(self, ids: Sequence[int]) -> Target:
        """The same target, knowing the generated partners' ids."""
        return replace(self, read_ids=tuple(ids))

    def call(self, model: str, method: str, timeout: float = 300, **kwargs: Any) -> Any:
        """Call ``model.method(**kwargs)`` over JSON-2 and answer the result."""
        answer = httpx.post(
            f"{self.url}/json/2/{model}/{method}",
            json=kwargs,
            headers={"Authorization": f"bearer {self.key}", "X-Odoo-Database": self.db},
            timeout=timeout,
        )
        if answer.status_code != 200:
            raise CallError(
                f"{self.name}: {model}.{method}: {answer.status_code} {answer.text[:500]}"
            )
        return answer.json()


def odoo_target(path: Path) -> Target:
    """The reference Odoo that the env file at ``path`` names (its user's id is
    asked of the server)."""
    values = read_env_file(path.read_text())
    missing = [name for name in ENV_KEYS if not values.get(name)]
    if missing:
        raise SystemExit(f"{path} lacks {', '.join(missing)}")
    url = values["ODOO_URL"].rstrip("/")
    db, login = values["ODOO_DB"], values["ODOO_LOGIN"]
    target = Target("Odoo 19", url, db, values["ODOO_API_KEY"], 0, values["ODOO_PASSWORD"])
    users = target.call("res.users", "search_read", domain=[["login", "=", login]], fields=["id"])
    if not users:
        raise SystemExit(f"{url} has no user {login!r} in {db}")
    return replace(target, uid=users[0]["id"])


def odoo_env_path(option: str | None) -> Path | None:
    """The env file given on the command line, else the one the variable names."""
    value = option or os.environ.get(ENV_VARIABLE)
    return Path(value).expanduser() if value else None
