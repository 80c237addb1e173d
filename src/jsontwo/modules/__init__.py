"""Business modules: each one a package with ``models/``, ``data/`` and ``demo/``.

A module package has a declaration (``__manifest__.py``: name, version,
dependencies; see :mod:`jsontwo.modules.catalogue`), exposes ``load_data(env)``
(records every database needs) and ``load_demo(env)`` (demo records), and may
expose ``upgrade_data(env)`` (adds, idempotently, what a database made by an
older jsontwo lacks; run whenever a server opens a database). Importing it
declares its models. Adding one of jsontwo's modules means adding its name to
:data:`MODULES`; modules from outside are found by the catalogue.
"""

#: jsontwo's modules, in dependency order: those a database gets by default
MODULES: tuple[str, ...] = ("base", "mail", "uom", "product", "account", "sale")
