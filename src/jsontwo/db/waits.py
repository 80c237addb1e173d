"""Who waits between the tries of a call that conflicted.

A call whose transaction meets a conflict is run again after a random wait,
as Odoo runs a request again (:func:`jsontwo.db.transaction.run_in_transaction`).
Sleeping there holds the worker: a worker runs one call at a time on its
event loop, so every request it has accepted waits with the retrying one, up
to 2 + 4 + 8 + 16 seconds. Under a burst of writes to one row, about one call
in a thousand took a worker away, once for twelve seconds.

The HTTP layer runs each call inside :func:`awaited_waits`. A conflict then
raises :class:`TryAgainAfter` instead of sleeping: the HTTP layer awaits the
wait (the worker serves other requests meanwhile) and runs the call again
from its start, which the retry would have done anyway; :class:`AwaitedWaits`
carries the tries and the time limit over.
Once a transaction of the call has committed a write, running the call
again from its start would do that work twice: a later conflict sleeps in
place, as every caller outside the HTTP layer (commands, tests) does. A
transaction that only read (a session's check, the key of a large body
checked first) may be run again.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(slots=True)
class AwaitedWaits:
    """The retries of one call whose caller awaits the waits between them."""

    #: the failed tries of the call's transaction so far
    tries: int = 0
    #: the ``time.monotonic()`` past which no try may start (None: no limit;
    #: set by the first try, the time limit counting over every try)
    deadline: float | None = None
    #: whether a transaction of the call committed a write (a retry then sleeps in place)
    committed: bool = False


class TryAgainAfter(Exception):
    """The call's transaction conflicted: wait ``seconds``, then run the call
    again from its start (raised only inside :func:`awaited_waits`)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"try again in {seconds:.4f} s")
        self.seconds = seconds


_CURRENT: ContextVar[AwaitedWaits | None] = ContextVar("jsontwo_awaited_waits", default=None)


@contextmanager
def awaited_waits() -> Iterator[AwaitedWaits]:
    """Run the block as one call whose caller awaits the waits between its tries
    (each asyncio task has its own: concurrent calls do not share them)."""
    state = AwaitedWaits()
    token = _CURRENT.set(state)
    try:
        yield state
    finally:
        _CURRENT.reset(token)


def current() -> AwaitedWaits | None:
    """The waits of the call running now that its caller awaits, if any."""
    return _CURRENT.get()


@contextmanager
def waited_in_place() -> Iterator[None]:
    """Run the block's conflicts' waits in place, even inside :func:`awaited_waits`:
    for work that is no part of the call and that its run from the start would
    not repeat (loading a database's registry on a worker's first call)."""
    token = _CURRENT.set(None)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def note_commit() -> None:
    """A transaction of the call running now committed what it wrote: from now
    on its caller may not run it again from its start (a transaction that
    only read may be run again)."""
    state = _CURRENT.get()
    if state is not None:
        state.committed = True
