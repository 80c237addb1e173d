"""The local topology of docs/deployment.md on loopback ports: PostgreSQL, a
streaming replica, PgBouncer, jsontwo instances and HAProxy, each started from
the configurations of ``deploy/`` (the ones the tests use), plus a load
generator that tracks acknowledged writes. ``make cluster`` runs it all with
faults injected (``python -m cluster``); the suite starts the parts
(tests/db/test_pooler.py, tests/http/test_balancer.py)."""
