"""Business modules: each one a package with ``models/``, ``data/`` and ``demo/``.

A module package exposes ``load_data(env)`` (records every database needs) and
``load_demo(env)`` (demo records), and importing it declares its models.
Adding a module means adding its name to :data:`MODULES`, nothing else.
"""

#: the modules every database gets, in dependency order
MODULES: tuple[str, ...] = ("base",)
