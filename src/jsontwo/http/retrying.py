"""A call of the service run with the waits between its tries awaited.

A call whose transaction conflicts is run again after a random wait, as Odoo
does. Slept inside the call, the wait held the worker's event loop: every
request the worker had accepted waited with it, for up to 30 seconds. Here
the service raises :class:`~jsontwo.db.waits.TryAgainAfter` instead (see
:mod:`jsontwo.db.waits`), the wait is awaited, the worker answers other
requests meanwhile, and the call runs again from its start: its client gets
the answer and the tries it got before, the time limit counting over them
all (a wait ends when the worker is next free).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

from jsontwo.db.waits import TryAgainAfter, awaited_waits

T = TypeVar("T")


async def with_awaited_waits(run: Callable[[], T]) -> T:
    """``run()`` (one call of the service: it may be run again from its start),
    the waits between its transaction's tries awaited rather than slept."""
    with awaited_waits():
        while True:
            try:
                return run()
            except TryAgainAfter as later:
                seconds = later.seconds
            # (out of the except block: the failed try's frames, its records and
            # arguments, are not kept through the wait)
            await asyncio.sleep(seconds)
