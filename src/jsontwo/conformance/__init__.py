"""The project's own differential suite: record what a reference Odoo 19
answers to scenarios of JSON-2 calls, and replay them against another server.

The package is a client, like ``jsontwo.testing``: it imports nothing of the
server (an import-linter contract in pyproject.toml enforces it) and talks to
any server over HTTP. Its parts, in the order a step goes through them:

- ``suite``: where scenarios, golden transcripts and the id map live, and how
  a scenario file is loaded and validated;
- ``targets``: the server to call (a reference Odoo from its env file, or a
  URL, database and key);
- ``variables``: the built-in variables (run suffix, dates) and date aliases;
- ``context``: one scenario run's variables, ``${name}`` substitution and the
  symbolic names of ids (``jsonpath`` reads the values steps save);
- ``client``: the HTTP call of a step;
- ``normalise``: turning an answer into its transcript form (ids to names,
  volatile values masked);
- ``runner``: a scenario run, step by step, then its cleanup;
- ``compare``: what each compare mode looks at, and the verdict per step;
- ``commands`` and ``cli``: ``python -m jsontwo.conformance record|check|list|relations``.

docs/conformance.md describes the scenario format and the workflow.
"""
