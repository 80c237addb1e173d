"""Translated fields (``translate=True``), kept as Odoo 17+ keeps them: one JSON
object per row, ``{"en_US": "Germany", "fr_FR": "Allemagne"}`` (a JSONB column
on PostgreSQL, a TEXT column holding JSON on SQLite).

Reading, searching, sorting and grouping use the value in the context's
language, falling back to en_US when that language has none: one JSON
extraction in SQL (``->>``, which both engines have), so the cache and every
reader above it see a plain text, as for any char field (see docs/translations.md).
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from jsontwo.exceptions import UserError

if TYPE_CHECKING:
    from jsontwo.orm.field_base import Field
    from jsontwo.orm.types import Environment

#: the language every translated value has, and the fallback of the others
SOURCE_LANG = "en_US"
#: what a language code looks like (it goes into SQL as a literal)
_LANG_CODE = re.compile(r"^[A-Za-z]{2,3}(_[A-Za-z0-9]{2,4})?(@[A-Za-z]+)?$")


def is_translated(field: Field) -> bool:
    """Whether ``field`` keeps a JSON value per language in its column."""
    return bool(getattr(field, "translate", False)) and field.column_in_table


def translation_lang(env: Environment) -> str:
    """The language translated fields are read and written in: the context's
    (UserError for one that is not active, as Odoo), else en_US."""
    lang = env.context.get("lang")
    if not lang or lang == SOURCE_LANG:
        return SOURCE_LANG
    code = env.lang or SOURCE_LANG  # validated: an active language
    if not _LANG_CODE.match(code):  # (never seen: res.lang codes have this form)
        raise UserError(f"Invalid language code: {code}")
    return code


def value_sql(column: str, lang: str) -> str:
    """The SQL of the text of the JSON ``column`` in ``lang``, falling back to en_US."""
    if lang == SOURCE_LANG:
        return f"({column} ->> '{SOURCE_LANG}')"
    return f"COALESCE({column} ->> '{lang}', {column} ->> '{SOURCE_LANG}')"


def column_sql(field: Field, column: str, env: Environment) -> str:
    """``column`` (the field's column, qualified) as the SQL of its value: the
    text in the context's language for a translated field, else as it is."""
    if is_translated(field):
        return value_sql(column, translation_lang(env))
    return column


def new_value(text: str | None, lang: str) -> str | None:
    """The JSON a new record's column holds for ``text`` written in ``lang``: as
    Odoo 19, the text is the en_US value too."""
    if text is None:
        return None
    return json.dumps({SOURCE_LANG: text, lang: text}, ensure_ascii=False)


def update_sql(column: str, text: str | None, lang: str, sqlite: bool) -> tuple[str, list[Any]]:
    """The SQL assigning ``text`` written in ``lang`` to the JSON ``column`` and its
    parameters: that language's value changes, the others keep theirs (a row
    without a value gets ``text`` as its en_US value too, as in Odoo 19); no
    text empties every language."""
    if text is None:
        return "NULL", []
    if sqlite:
        return (
            f"json_set(COALESCE({column}, json_object('{SOURCE_LANG}', %s)), %s, %s)",
            [text, f'$."{lang}"', text],
        )
    return (
        f"COALESCE({column}, jsonb_build_object('{SOURCE_LANG}', %s::text)) "
        "|| jsonb_build_object(%s::text, %s::text)",
        [text, lang, text],
    )


def stored_values(raw: Any) -> dict[str, str]:
    """The ``{lang: text}`` of a column's raw value as the driver gives it (a dict
    from PostgreSQL's jsonb, a JSON text from SQLite; a plain text from a
    column not migrated yet reads as en_US)."""
    if raw is None:
        return {}
    if isinstance(raw, dict):
        return raw
    try:
        value = json.loads(raw)
    except (TypeError, ValueError):
        return {SOURCE_LANG: str(raw)}
    return value if isinstance(value, dict) else {SOURCE_LANG: str(raw)}


def source_text(raw: Any) -> str | None:
    """The en_US text of a column's raw value (for code reading the table in SQL)."""
    return stored_values(raw).get(SOURCE_LANG)
