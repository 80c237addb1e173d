"""The ASGI application: JSON-2, version routes, health, and JSON errors everywhere.

``create_app`` is imported on first use: the command line reads the server's
configuration (:mod:`jsontwo.http.config`) without loading the application,
which its database commands never need.
"""

from typing import Any

from jsontwo.http.config import ServerConfig

__all__ = ["ServerConfig", "create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from jsontwo.http.app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
