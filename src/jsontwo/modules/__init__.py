"""Business modules: each one a package with ``models/``, ``data/`` and ``demo/``.

A module package exposes ``load_data(env)`` (records every database needs) and
``load_demo(env)`` (demo records), and may expose ``upgrade_data(env)`` (adds,
idempotently, what a database made by an older jsontwo lacks; run whenever a
server opens a database). Importing it declares its models.
Adding a module means adding its name to :data:`MODULES`, nothing else.
"""

#: the modules every database gets, in dependency order
MODULES: tuple[str, ...] = ("base", "mail", "uom", "product", "account", "sale")
