"""The ``jsontwo`` command line: serve, db, user, apikey."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No garbage collection within the block (as it was after it). Starting a
    command imports jsontwo and builds registries: a few hundred thousand
    objects that live as long as the command, which the collector's passes
    would walk again and again, for nothing (a fifth of the start's CPU)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
