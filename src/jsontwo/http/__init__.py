"""The ASGI application: JSON-2, version routes, health, and JSON errors everywhere."""

from jsontwo.http.app import create_app
from jsontwo.http.config import ServerConfig

__all__ = ["ServerConfig", "create_app"]
