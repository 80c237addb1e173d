"""The 10-key limit of ``generate`` under concurrent calls (issue 17): the count of
a user's keys and the new key are serialised per user, so calls racing at 9
keys make exactly one 10th key.

On PostgreSQL the race is made certain: the test holds a lock that lets every
call read (authenticate, count) but not insert a key, waits until all of them
wait, then lets them go. Without the serialisation each counted 9 and each
inserted. SQLite serialises writers by itself; the same calls run there too.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from jsontwo.db import Database
from jsontwo.orm import Registry
from tests.conftest import Api
from tests.http.test_json2 import assert_error
from tests.modules.base.test_apikeys import (
    USER_ERROR,
    generate,
    key_rows,
    limit_message,
    new_key,
    new_user,
)

CALLS = 4
WAIT = 30.0


@contextmanager
def inserts_held(registry: Registry, waiting: int) -> Iterator[None]:
    """On PostgreSQL: hold back every insert of a key (reads go on) while the
    block starts the calls, until ``waiting`` sessions wait on a lock; then let
    them all go at once. On SQLite: nothing."""
    database = registry.database
    if database.dialect.is_sqlite:
        yield
        return
    own = Database(database.name, database.url)  # a connection apart from the calls'
    try:
        with own.transaction() as cr:
            cr.execute('LOCK TABLE "res_users_apikeys" IN SHARE MODE')
            yield
            _wait_for_waiters(database, waiting)
    finally:
        own.dispose()


def _wait_for_waiters(database: Database, waiting: int) -> None:
    observer = Database(database.name, database.url)
    query = (
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
        "AND datname = current_database() AND pid <> pg_backend_pid()"
    )
    try:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            with observer.transaction() as cr:
                if cr.execute(query)[0][0] >= waiting:
                    return
            time.sleep(0.02)
        pytest.fail(f"fewer than {waiting} calls waited within {WAIT} s")
    finally:
        observer.dispose()


def test_racing_calls_at_nine_keys_make_one_tenth(api: Api, registry: Registry) -> None:
    user = new_user(registry)  # its first key
    for _ in range(8):
        new_key(generate(api, user))
    assert len(key_rows(registry, user.uid)) == 9
    answers: list[httpx.Response] = []
    errors: list[BaseException] = []

    def one_call() -> None:
        try:
            answers.append(generate(api, user))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=one_call) for _ in range(CALLS)]
    with inserts_held(registry, waiting=CALLS):
        for thread in threads:
            thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    assert len(answers) == CALLS
    made = [response for response in answers if response.status_code == 200]
    assert len(made) == 1
    for response in answers:
        if response.status_code != 200:
            assert_error(response, 422, USER_ERROR, limit_message(10))
    assert len(key_rows(registry, user.uid)) == 10
