"""Odoo's database manager routes: ``POST /web/database/create``, ``duplicate``,
``drop``, ``backup``, ``restore`` and ``change_password``.

They take the form fields Odoo's take (``application/x-www-form-urlencoded``,
or ``multipart/form-data``: ``restore`` uploads ``backup_file``), and do what
:mod:`jsontwo.service.db_manager` does. As Odoo's, a success answers ``303 See
Other`` to ``/web/database/manager`` (``/odoo`` after a creation) and a backup
is the file itself (``application/octet-stream``, named
``<db>_<UTC time>.<format>``). Where Odoo answers a failure with its manager's
HTML page, these answer the JSON error object with its status: 403 for a wrong
master password (or none set, or ``--no-list-db``), 404 for a missing
database, 409 for a name taken, 422 for the rest, 400 for a missing field.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from starlette.background import BackgroundTask
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from jsontwo.exceptions import BadRequest, error_status
from jsontwo.http.config import ServerConfig
from jsontwo.http.errors import JSON_CONTENT_TYPE, error_body
from jsontwo.http.wire import log_request, read_small_form
from jsontwo.service import Databases, db_manager
from jsontwo.service.master_password import ManagerSettings

MANAGER_PAGE = "/web/database/manager"
#: the form fields (not files) a manager form may carry
MAX_FIELDS = 20
#: what Odoo's forms send for "no" in a boolean field
FALSE_WORDS = frozenset({"", "0", "false", "f", "no", "n", "off"})

Handler = Callable[[Request, FormData], Awaitable[Response]]


class DatabaseManagerRoutes:
    """The endpoints, bound to the server's databases."""

    def __init__(self, databases: Databases, config: ServerConfig) -> None:
        self.databases = databases
        self.config = config

    def routes(self) -> list[BaseRoute]:
        """The six ``POST /web/database/<operation>`` routes."""
        handlers: dict[str, Handler] = {
            "create": self.create,
            "duplicate": self.duplicate,
            "drop": self.drop,
            "backup": self.backup,
            "restore": self.restore,
            "change_password": self.change_password,
        }
        return [
            Route(
                f"/web/database/{name}",
                # only a restore uploads a file (spooled to disk as it arrives, not
                # bounded by --limit-body: docs/databases.md); the others are small
                # forms read within the small bodies' limit
                self._endpoint(handler, files=1 if name == "restore" else 0),
                methods=["POST"],
            )
            for name, handler in handlers.items()
        ]

    def _endpoint(self, handler: Handler, files: int) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            started = time.perf_counter()
            form: FormData | None = None
            try:
                form = (
                    await _read_form(request, files)
                    if files
                    else await read_small_form(request, self.config.small_body())
                )
                response = await handler(request, form)
            except Exception as exc:  # every failure is the JSON error object
                status = error_status(exc)
                _log(request, status, started, exc)
                if form is not None:
                    await form.close()
                return Response(
                    error_body(exc, self.config.dev), status, media_type=JSON_CONTENT_TYPE.decode()
                )
            _log(request, response.status_code, started, None)
            return response

        return endpoint

    def _authorize(self, form: FormData) -> ManagerSettings:
        return db_manager.authorize(self.databases, _field(form, "master_pwd"))

    async def create(self, request: Request, form: FormData) -> Response:
        """``name``, ``login``, ``password``, ``lang``; ``demo``, ``country_code``, ``phone``."""
        settings = self._authorize(form)
        db_manager.create(
            self.databases,
            settings,
            _field(form, "name"),
            demo=_flag(form, "demo"),
            lang=_field(form, "lang"),
            user_password=_field(form, "password"),
            login=_field(form, "login"),
            country_code=_optional(form, "country_code"),
            phone=_optional(form, "phone"),
            host=request.headers.get("host"),
        )
        return RedirectResponse("/odoo", 303)

    async def duplicate(self, request: Request, form: FormData) -> Response:
        """``name`` and ``new_name``."""
        settings = self._authorize(form)
        db_manager.duplicate(
            self.databases,
            settings,
            _field(form, "name"),
            _field(form, "new_name"),
            request.headers.get("host"),
        )
        return RedirectResponse(MANAGER_PAGE, 303)

    async def drop(self, request: Request, form: FormData) -> Response:
        """``name``: a database that does not exist is refused (404)."""
        settings = self._authorize(form)
        name = _field(form, "name")
        if not db_manager.drop(self.databases, settings, name, request.headers.get("host")):
            raise db_manager.DatabaseMissing(f'database "{name}" does not exist')
        return RedirectResponse(MANAGER_PAGE, 303)

    async def backup(self, request: Request, form: FormData) -> Response:
        """``name``; ``backup_format`` (``zip``, ``dump``), ``filestore``: the file."""
        settings = self._authorize(form)
        name = _field(form, "name")
        backup_format = _optional(form, "backup_format") or "zip"
        with_filestore = _flag(form, "filestore", default=True)
        folder = Path(tempfile.mkdtemp(dir=db_manager.work_dir(settings)))
        try:
            with db_manager.dump(
                self.databases,
                settings,
                name,
                backup_format,
                with_filestore,
                request.headers.get("host"),
            ) as made:
                kept = folder / made.name
                os.replace(made, kept)  # outlives the context: sent, then removed
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d_%H-%M-%S")
        return FileResponse(
            kept,
            media_type="application/octet-stream",
            filename=f"{name}_{stamp}.{backup_format}",
            background=BackgroundTask(shutil.rmtree, folder, True),
        )

    async def restore(self, request: Request, form: FormData) -> Response:
        """``name`` and the upload ``backup_file``; ``copy``: a new database uuid."""
        settings = self._authorize(form)
        upload = form.get("backup_file")
        if not isinstance(upload, UploadFile):
            raise BadRequest("The form field 'backup_file' (a file) is missing.")
        with tempfile.TemporaryDirectory(dir=db_manager.work_dir(settings)) as work:
            backup = Path(work) / "backup"
            with backup.open("wb") as out:
                while chunk := await upload.read(1024 * 1024):
                    out.write(chunk)
            await form.close()
            db_manager.restore(
                self.databases,
                settings,
                _field(form, "name"),
                backup,
                _flag(form, "copy"),
                request.headers.get("host"),
            )
        return RedirectResponse(MANAGER_PAGE, 303)

    async def change_password(self, request: Request, form: FormData) -> Response:
        """``master_pwd_new``."""
        settings = self._authorize(form)
        db_manager.change_master_password(settings, _field(form, "master_pwd_new"))
        return RedirectResponse(MANAGER_PAGE, 303)


async def _read_form(request: Request, files: int) -> FormData:
    """The request's form; 400 for one that breaks the limits or does not parse."""
    try:
        return await request.form(max_files=files, max_fields=MAX_FIELDS)
    except StarletteHTTPException as exc:  # Starlette's refusal of a multipart body
        raise BadRequest(str(exc.detail)) from None


def _field(form: FormData, name: str) -> str:
    value = form.get(name)
    if not isinstance(value, str):
        raise BadRequest(f"The form field {name!r} is missing.")
    return value


def _optional(form: FormData, name: str) -> str | None:
    value = form.get(name)
    return value if isinstance(value, str) and value else None


def _flag(form: FormData, name: str, default: bool = False) -> bool:
    value: Any = form.get(name)
    if not isinstance(value, str):
        return default
    return value.strip().lower() not in FALSE_WORDS


def _log(request: Request, status: int, started: float, failure: Exception | None) -> None:
    """One line per request (never the form: it holds the master password)."""
    duration = round((time.perf_counter() - started) * 1000, 1)
    log_request(
        "%s %s %d %.1fms",
        request.method,
        request.url.path,
        status,
        duration,
        failure=failure,
        error=status >= 500,
        transport="web",
        status=status,
        duration_ms=duration,
    )


def database_manager_routes(databases: Databases, config: ServerConfig) -> list[BaseRoute]:
    """The database manager's routes, for the server's Starlette application."""
    return DatabaseManagerRoutes(databases, config).routes()


__all__ = ["DatabaseManagerRoutes", "database_manager_routes"]
