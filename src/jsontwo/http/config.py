"""Server settings, read from ``JSONTWO_*`` environment variables.

The CLI sets these variables from its flags before starting uvicorn, so that
every worker process builds the same application from the environment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ServerConfig:
    """What one server process needs to know."""

    data_dir: str = "data"
    db_url: str | None = None
    dev: bool = False
    #: origins allowed to call JSON-2 from a browser ("*" for any); none by default, as Odoo
    cors_origins: tuple[str, ...] = ()
    max_body_bytes: int = 128 * 1024 * 1024
    #: whether anyone may list the database names (Odoo's ``list_db``)
    list_db: bool = True
    #: regular expression of the databases served (Odoo's ``--db-filter``; ``%h``/``%d``: host)
    db_filter: str | None = None
    #: the databases served when there is no filter (Odoo's ``--database``); empty: all
    db_names: tuple[str, ...] = ()
    #: whether every response names the worker process that made it (header
    #: ``X-Jsontwo-Worker``: its pid), so that tests can tell the workers apart
    worker_header: bool = False
    #: seconds a call may run before it is stopped (Odoo's ``limit_time_real``); 0: no limit
    limit_time_real: float = 120.0

    @classmethod
    def from_env(cls) -> ServerConfig:
        """Settings from ``JSONTWO_DATA_DIR``, ``JSONTWO_DB_URL``, ``JSONTWO_DEV``,
        ``JSONTWO_CORS_ORIGINS``, ``JSONTWO_LIST_DB``, ``JSONTWO_DB_FILTER`` and
        ``JSONTWO_DATABASE`` (comma-separated names), ``JSONTWO_WORKER_HEADER`` and
        ``JSONTWO_LIMIT_TIME_REAL``."""
        return cls(
            data_dir=os.environ.get("JSONTWO_DATA_DIR", "data"),
            db_url=os.environ.get("JSONTWO_DB_URL") or None,
            dev=os.environ.get("JSONTWO_DEV", "") in ("1", "true", "yes"),
            cors_origins=comma_list(os.environ.get("JSONTWO_CORS_ORIGINS", "")),
            list_db=os.environ.get("JSONTWO_LIST_DB", "1").lower() not in ("0", "false", "no"),
            db_filter=os.environ.get("JSONTWO_DB_FILTER") or None,
            db_names=comma_list(os.environ.get("JSONTWO_DATABASE", "")),
            worker_header=os.environ.get("JSONTWO_WORKER_HEADER", "") in ("1", "true", "yes"),
            limit_time_real=float(os.environ.get("JSONTWO_LIMIT_TIME_REAL") or 120.0),
        )


def comma_list(*values: str) -> tuple[str, ...]:
    """The items of comma-separated lists, stripped, empty ones left out."""
    return tuple(item.strip() for value in values for item in value.split(",") if item.strip())
