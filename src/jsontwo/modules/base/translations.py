"""The translations jsontwo ships, loaded when a language is installed
(``base.language.install``, or a database created with a language), as Odoo
loads its modules' ``.po`` files then.

jsontwo ships the names of the countries, taken from the Unicode CLDR through
Babel; everything else it ships (units, product categories, groups, menus...)
stays in English in every language (docs/translations.md).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from jsontwo.orm import translate

if TYPE_CHECKING:
    from jsontwo.orm.types import Environment

_logger = logging.getLogger(__name__)


def load_translations(env: Environment, codes: Iterable[str], overwrite: bool = True) -> None:
    """Load the shipped translations into the languages ``codes`` (en_US has its
    values already); ``overwrite`` false keeps a value a language has of its own."""
    for code in codes:
        if code == translate.SOURCE_LANG:
            continue
        names = country_names(code)
        if names:
            _store(env, "res_country", "name", _country_values(env, names), code, overwrite)


def country_names(code: str) -> dict[str, str]:
    """The CLDR names of the countries in language ``code``, by ISO code ({} for a
    language the CLDR does not know)."""
    from babel import Locale, UnknownLocaleError  # (a second's import: only when asked)

    try:
        locale = Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return {}
    return dict(locale.territories)


def _country_values(env: Environment, names: dict[str, str]) -> dict[int, tuple[Any, str]]:
    """``{country id: (stored name, translated name)}`` for the countries the CLDR names."""
    rows = env.cr.execute('SELECT id, code, name FROM "res_country"')
    return {
        row[0]: (row[2], names[row[1].upper()])
        for row in rows
        if row[1] and row[1].upper() in names
    }


def _store(
    env: Environment,
    table: str,
    column: str,
    values: dict[int, tuple[Any, str]],
    lang: str,
    overwrite: bool,
) -> None:
    """Write each row's translated text into ``lang`` (rows with a value of their
    own in ``lang`` kept unless ``overwrite``), in one statement per row."""
    sqlite = env.cr.dialect.is_sqlite
    sql, _params = translate.update_sql(f'"{column}"', "", lang, sqlite)  # the same for all
    todo = []
    for rid, (stored, text) in values.items():
        if overwrite or lang not in translate.stored_values(stored):
            _sql, params = translate.update_sql(f'"{column}"', text, lang, sqlite)
            todo.append([*params, rid])
    if todo:
        env.cr.executemany(f'UPDATE "{table}" SET "{column}" = {sql} WHERE id = %s', todo)
        _logger.info("loaded %d %s translations of %s.%s", len(todo), lang, table, column)
    env.invalidate()
