"""Modules from outside jsontwo, for the tests: an addons path (``--addons-path
tests/modules/addons``)."""
