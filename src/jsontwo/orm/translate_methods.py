"""The public methods reading and writing a record's translations of a field at
once, as Odoo 19's translation dialog does: ``get_field_translations`` and
``update_field_translations`` (docs/translations.md).

:class:`TranslationMethods` is a base class of every model (``BaseModel``).
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import TYPE_CHECKING, Any, ClassVar, cast

from jsontwo.exceptions import UserError
from jsontwo.orm import api, translate
from jsontwo.orm import fields as f

if TYPE_CHECKING:
    from jsontwo.orm.types import BaseModel, Environment


class TranslationMethods:
    """``get_field_translations`` and ``update_field_translations`` (a base of BaseModel)."""

    __slots__ = ()

    if TYPE_CHECKING:
        # provided by BaseModel
        env: Environment
        _ids: tuple[int, ...]
        _name: ClassVar[str]
        _table: ClassVar[str]
        _fields: ClassVar[dict[str, f.Field]]

        def ensure_one(self) -> Any: ...
        def check_access(self, operation: str) -> None: ...
        def _check_field_access(self, field: f.Field, operation: str) -> None: ...
        def with_context(self, *args: Any, **kw: Any) -> Any: ...
        def mapped(self, path: str) -> Any: ...
        def __getitem__(self, key: str) -> Any: ...

    @api.readonly
    def get_field_translations(
        self, field_name: str, langs: Collection[str] | None = None
    ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        """``([{"lang", "source", "value"}...], {"translation_type",
        "translation_show_source"})``: the field's value in each of ``langs`` (the
        installed languages by default) and in en_US (its source)."""
        self.ensure_one()
        field = self._fields[field_name]
        self.check_access("read")
        wanted = list(dict.fromkeys(langs or self._installed_langs()))
        translations: list[dict[str, Any]] = []
        if getattr(field, "translate", False):
            source = self.with_context(lang=translate.SOURCE_LANG)[field_name]
            translations = [
                {"lang": lang, "source": source, "value": self.with_context(lang=lang)[field_name]}
                for lang in wanted
            ]
        context = {
            "translation_type": "text" if field.type in ("text", "html") else "char",
            # Odoo shows the source of the fields it translates term by term (html,
            # views); jsontwo translates them as whole values (docs/translations.md)
            "translation_show_source": False,
        }
        return translations, context

    def update_field_translations(
        self, field_name: str, translations: dict[str, Any], source_lang: str = ""
    ) -> bool:
        """Set the field's value in several languages at once (``{lang: text}``; a
        false value removes the language's own value: it then reads as en_US)."""
        self.ensure_one()
        self.check_access("write")
        field = self._fields[field_name]
        self._check_field_access(field, "write")
        valid = {*self._installed_langs(), translate.SOURCE_LANG}
        missing = ({*translations, source_lang or translate.SOURCE_LANG}) - valid
        if missing:
            raise UserError(f"The following languages are not activated: {', '.join(missing)}")
        if not getattr(field, "translate", False):
            return False
        if not field.store and not field.related and field.compute:
            return False  # a computed value has no translations of its own
        if field.related and not field.column_in_table:
            path, name = field.related.rsplit(".", 1)
            return bool(self.mapped(path).update_field_translations(name, translations))
        if any(value and not isinstance(value, str) for value in translations.values()):
            raise UserError(
                "Translations for model translated fields only accept falsy values and str"
            )
        given = {lang: v if isinstance(v, str) else None for lang, v in translations.items()}
        if given.get(translate.SOURCE_LANG) is None and translate.SOURCE_LANG in given:
            del given[translate.SOURCE_LANG]  # en_US is never removed
        if not given:
            return False
        self._store_translations(field, given)
        return True

    def _store_translations(self, field: f.Field, given: dict[str, str | None]) -> None:
        """Merge ``given`` into the record's stored values, as Odoo 19: en_US gets a
        value if it has none (en_US's given, else the context language's, else
        the first given); a None removes that language's value."""
        lang = translate.translation_lang(self.env)
        fallback = next(
            (
                given[code]
                for code in (translate.SOURCE_LANG, lang, *given)
                if given.get(code) is not None
            ),
            None,
        )
        column = f'"{field.name}"'
        rows = self.env.cr.execute(
            f'SELECT {column} FROM "{self._table}" WHERE id = %s', [self._ids[0]]
        )
        stored = translate.stored_values(rows[0][0]) if rows else {}
        merged: dict[str, Any] = {translate.SOURCE_LANG: fallback} if fallback is not None else {}
        merged.update(stored)
        merged.update(given)
        value = {code: text for code, text in merged.items() if text is not None}
        as_json = "" if self.env.cr.dialect.is_sqlite else "::jsonb"
        self.env.cr.execute(
            f'UPDATE "{self._table}" SET {column} = %s{as_json} WHERE id = %s',
            [json.dumps(value, ensure_ascii=False) if value else None, self._ids[0]],
        )
        self.env.invalidate(self._name)
        record = cast("BaseModel", self)
        recomputer = self.env.registry.recomputer
        recomputer.modified(record, [field.name])
        recomputer.recompute(record, {})

    def _installed_langs(self) -> list[str]:
        """The codes of the active languages."""
        return list(self.env.registry.active_languages(self.env))
