"""The registry: the models of one database and the caches this process keeps
for it (the models' assembly, schema and recomputation have files of their own)."""

from __future__ import annotations

from jsontwo.orm import Environment, Registry
from tests.orm import testmodels
from tests.orm.conftest import run

DUTCH = {"nl_BE": ("Dutch (BE)", 1)}


def test_each_registry_keeps_caches_of_its_own(models_registry: Registry) -> None:
    """Two registries of one database (two workers) share no cache."""
    other = Registry(models_registry.database, ("base", testmodels.MODULE))
    other.caches.login_failures["10.0.0.1"] = (1, 0.0)
    other.caches.public_methods[("res.partner", "read")] = object()
    assert models_registry.caches.login_failures == {}
    assert ("res.partner", "read") not in models_registry.caches.public_methods
    assert other.caches.access_rights is None and other.caches.languages is None


def test_active_languages_are_kept_until_res_lang_is_written(models_registry: Registry) -> None:
    registry = models_registry
    assert run(registry, registry.active_languages) == {}  # a database without data
    assert registry.caches.languages == {}  # kept for the next transactions

    def add(env: Environment) -> dict[str, tuple[str, int]]:
        values = {"name": "Dutch (BE)", "code": "nl_BE", "url_code": "nl-be", "active": True}
        env["res.lang"].create({**values, "week_start": "1"})
        assert registry.caches.languages is None  # forgotten
        seen = registry.active_languages(env)
        # read, but not kept: the transaction that wrote res.lang may be rolled back
        assert registry.caches.languages is None
        return seen

    assert run(registry, add) == DUTCH
    assert run(registry, registry.active_languages) == DUTCH
    assert registry.caches.languages == DUTCH
    # refresh reads again (another worker may have activated a language meanwhile)
    registry.caches.languages = {}
    assert run(registry, lambda env: registry.active_languages(env, refresh=True)) == DUTCH
