"""The stress suite (``make stress``): a real 2-worker jsontwo on each backend,
driven by concurrent writers, concurrent sale order confirmations, a race on
the API-key limit, ``kill -9`` under write load and a hypothesis-driven fuzzer;
it prints what it counted (docs/reliability.md, "Stress suite").

Each part is a function of a running :class:`~stress.server.StressServer` that
adds to a :class:`~stress.figures.Figures`, so the tests (tests/scripts) run
every part with small counts on both backends.
"""
