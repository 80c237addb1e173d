"""The call pipeline shared by every transport, and database management.

find database -> authenticate -> resolve a public method -> bind named
arguments -> run in one transaction with retry -> serialise the result.
"""

from jsontwo.service.databases import Databases, create_database, drop_database
from jsontwo.service.json2 import Json2Call, call_json2

__all__ = ["Databases", "Json2Call", "call_json2", "create_database", "drop_database"]
