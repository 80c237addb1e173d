"""Storage: connections, transactions, retries and schema, for SQLite and PostgreSQL.

Everything dialect-specific lives here, so that the ORM writes one kind of SQL
(``%s`` placeholders, a few helpers for the spots where the two engines
differ) and never asks which engine it talks to.
"""

from jsontwo.db.database import Cursor, Database
from jsontwo.db.dialect import DATE_PARTS, DATE_TRUNCS, ZONE_NAME_RE, Dialect
from jsontwo.db.faults import DatabaseFault, TimeLimitExceeded
from jsontwo.db.storage import (
    PostgresStorage,
    SqliteStorage,
    Storage,
    StorageError,
    StorageUnavailable,
    TemplateMissing,
    open_storage,
    validate_db_name,
)
from jsontwo.db.transaction import (
    ConcurrencyFailure,
    IntegrityFailure,
    as_integrity_failure,
    run_in_transaction,
)

__all__ = [
    "DATE_PARTS",
    "DATE_TRUNCS",
    "ZONE_NAME_RE",
    "ConcurrencyFailure",
    "Cursor",
    "Database",
    "DatabaseFault",
    "Dialect",
    "IntegrityFailure",
    "PostgresStorage",
    "SqliteStorage",
    "Storage",
    "StorageError",
    "StorageUnavailable",
    "TemplateMissing",
    "TimeLimitExceeded",
    "as_integrity_failure",
    "open_storage",
    "run_in_transaction",
    "validate_db_name",
]
