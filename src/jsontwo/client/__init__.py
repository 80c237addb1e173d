"""A Python client of the JSON-2 API, for jsontwo and for Odoo 19 alike.

::

    from jsontwo.client import Client, ValidationError

    with Client("http://127.0.0.1:8069", key, database="demo") as odoo:
        partners = odoo["res.partner"]
        rows = partners.search_read([["is_company", "=", True]], fields=["name"])
        [new_id] = partners.create({"name": "Acme"})
        partners.write([new_id], {"email": "hello@acme.example"})

:class:`AsyncClient` is the same for asyncio. Errors are raised as the class
named after the server's error (:mod:`jsontwo.client.errors`). See docs/client.md.

This package imports nothing of the server: it speaks to one over HTTP only.
"""

from jsontwo.client import errors
from jsontwo.client.aio import AsyncClient, AsyncModel
from jsontwo.client.calls import POSITIONAL, RetryPolicy
from jsontwo.client.errors import *  # noqa: F403  (the exceptions, by their names)
from jsontwo.client.sync import Client, Model

__all__ = [
    "POSITIONAL",
    "AsyncClient",
    "AsyncModel",
    "Client",
    "Model",
    "RetryPolicy",
    *errors.__all__,
]
