"""The call pipeline shared by every transport, and database management.

Every remote method call (JSON-2, the legacy ``object`` service, the web
client's ``call_kw``) finds its database, then goes through one pipeline
(:mod:`jsontwo.service.pipeline`): authenticate -> resolve a public method
(:mod:`jsontwo.service.public_methods`) -> bind the arguments -> run in one
transaction with retry -> serialise the result (:mod:`jsontwo.service.json_codec`
for JSON). The transports (:mod:`jsontwo.service.json2`,
:mod:`jsontwo.service.legacy`) supply only how the caller authenticates and
how the arguments are bound.
"""

from jsontwo.db import Storage, StorageError, open_storage
from jsontwo.orm import Registry
from jsontwo.service import accounts
from jsontwo.service.creation import create_database
from jsontwo.service.databases import Databases, DbFilter, drop_database
from jsontwo.service.json2 import Json2Call, call_json2
from jsontwo.service.legacy import LegacyCall, dispatch_rpc

# the storage API is part of the service's: the CLI and the HTTP layer name
# databases through it and never reach into jsontwo.db themselves; a Registry
# is the handle of an open database that they pass back to service functions
__all__ = [
    "Databases",
    "DbFilter",
    "Json2Call",
    "LegacyCall",
    "Registry",
    "Storage",
    "StorageError",
    "accounts",
    "call_json2",
    "create_database",
    "dispatch_rpc",
    "drop_database",
    "open_storage",
]
