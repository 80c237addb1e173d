"""The server's log: the request id, and the two formats of ``--log-format``.

Every request has an id: the client's ``X-Request-Id`` when it sends a
reasonable one (up to 128 letters, digits, ``.``, ``_``, ``-``), else a new one;
the response carries it back in ``X-Request-Id``, and every line logged while
the request is served names it, so that a client's report and the server's
log meet.

The request log's lines (logger ``jsontwo.request``) carry their facts as
fields besides the message: ``transport``, ``call`` (``model.method``),
``status``, ``duration_ms``, ``database``, and the caller's ``uid`` and
``key_id`` (the id of the API key the call was made with, never the key).
The text format writes the message and then the caller and request id
(``... db=demo uid=2 key=5 rid=4f1c...``); the JSON format writes one object
per line with every field.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
from contextvars import ContextVar
from typing import Any

#: the request being served (its id), for every line logged meanwhile
REQUEST_ID: ContextVar[str | None] = ContextVar("jsontwo_request_id", default=None)
#: a request id a client may choose
CLIENT_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")
#: the fields of a request log line, in the order the JSON format writes them
FIELDS = ("transport", "call", "status", "duration_ms", "database", "uid", "key_id")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def request_id(sent: str | None) -> str:
    """The id of a request whose ``X-Request-Id`` header is ``sent``: that one if
    it is reasonable, else a new one."""
    if sent and CLIENT_ID.fullmatch(sent):
        return sent
    return os.urandom(16).hex()  # 32 hexadecimal digits, as uuid4().hex in a fifth of its time


class _RequestIdFilter(logging.Filter):
    """Puts the current request's id on each record (``request_id``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = REQUEST_ID.get()
        return True


class TextFormatter(logging.Formatter):
    """The text format: the message, then the caller (``uid=``, ``key=``) and the
    request id (``rid=``) when there are."""

    def __init__(self) -> None:
        super().__init__(TEXT_FORMAT)

    def formatMessage(self, record: logging.LogRecord) -> str:
        line = super().formatMessage(record)
        extra = [
            f"{label}={value}"
            for label, value in (
                ("uid", getattr(record, "uid", None)),
                ("key", getattr(record, "key_id", None)),
                ("rid", getattr(record, "request_id", None)),
            )
            if value is not None
        ]
        return " ".join([line, *extra])


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ``time`` (UTC, ISO 8601), ``level``, ``logger``,
    ``message``, ``request_id`` and the request log's fields when the record has
    them, ``traceback`` with the exception's."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in ("request_id", *FIELDS):
            value = getattr(record, name, None)
            if value is not None:
                entry[name] = value
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def logging_config(level: str, fmt: str = "text") -> dict[str, Any]:
    """The logging configuration of ``jsontwo serve`` (uvicorn's lines and ours, on
    standard error) at ``level``, in ``fmt`` (``text`` or ``json``)."""
    formatter = JsonFormatter if fmt == "json" else TextFormatter
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": _RequestIdFilter}},
        "formatters": {"main": {"()": formatter}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "main",
                "filters": ["request_id"],
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"handlers": ["stderr"], "level": level.upper()},
        "loggers": {"uvicorn": {"level": level.upper()}, "uvicorn.error": {"level": level.upper()}},
    }


__all__ = [
    "REQUEST_ID",
    "JsonFormatter",
    "TextFormatter",
    "logging_config",
    "request_id",
]
