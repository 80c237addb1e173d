"""The plugin's ``jsontwo_client`` fixture: docs/examples/test_with_client.py,
the client example of docs/testing.md, run by pytest in a fresh folder on
SQLite and on PostgreSQL (see tests/test_pytest_plugin.py)."""

from __future__ import annotations

import pytest

from tests.test_pytest_plugin import backend_options, check_isolated_and_dropped, run_example

pytest_plugins = ["pytester"]


@pytest.mark.server
def test_the_client_example_of_the_docs_passes(pytester: pytest.Pytester, backend: str) -> None:
    """The tests written with ``jsontwo_client`` pass on either backend, each on a
    database of its own, all of them dropped after the run."""
    result = run_example(pytester, "test_with_client.py", *backend_options(backend))
    result.assert_outcomes(passed=4)
    check_isolated_and_dropped(pytester, backend, tests=4)
