"""res.lang: the languages a database knows; the active ones are installed.

The context's ``lang`` must be an active language (or en_US), so the active
languages are read once per registry and kept (see
:meth:`jsontwo.orm.registry.Registry.active_languages`); writing res.lang
forgets them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from jsontwo.exceptions import UserError
from jsontwo.orm import api, fields, models

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
#: Odoo's keys: "1" (Monday) to "7" (Sunday)
WEEKDAYS = [(str(number), day) for number, day in enumerate(DAYS, start=1)]


#: the date formats a language may have (Odoo's)
DATE_FORMATS = (
    "%d/%m/%Y",
    "%m/%d/%Y",
    "%Y/%m/%d",
    "%d-%m-%Y",
    "%m-%d-%Y",
    "%Y-%m-%d",
    "%d.%m.%Y",
    "%m.%d.%Y",
    "%Y.%m.%d",
)


class Lang(models.Model):
    _name = "res.lang"
    _description = "Languages"
    _order = "active desc, name"
    _sql_constraints = (
        ("name_uniq", "unique(name)", "The name of the language must be unique!"),
        ("code_uniq", "unique(code)", "The code of the language must be unique!"),
        ("url_code_uniq", "unique(url_code)", "The URL code of the language must be unique!"),
    )

    name = fields.Char(required=True)
    code = fields.Char(
        "Locale Code", required=True, help="This field is used to set/get locales for user"
    )
    iso_code = fields.Char(
        "ISO code", help="This ISO code is the name of po files to use for translations"
    )
    url_code = fields.Char("URL Code", required=True, help="The Lang Code displayed in the URL")
    active = fields.Boolean()
    direction = fields.Selection(
        [("ltr", "Left-to-Right"), ("rtl", "Right-to-Left")],
        "Direction",
        required=True,
        default="ltr",
    )
    date_format = fields.Selection(
        "_date_format_selection", "Date Format", required=True, default="%m/%d/%Y"
    )
    time_format = fields.Selection(
        [("%H:%M:%S", "13:00:00"), ("%I:%M:%S %p", " 1:00:00 PM")],
        "Time Format",
        required=True,
        default="%H:%M:%S",
    )
    week_start = fields.Selection(WEEKDAYS, "First Day of Week", required=True, default="7")
    grouping = fields.Selection(
        [("[3,0]", "International Grouping"), ("[3,2,0]", "Indian Grouping")],
        "Separator Format",
        required=True,
        default="[3,0]",
        help="The International Grouping will represent 123456789 to be 123,456,789.00; "
        "The Indian Grouping will represent 123456789 to be 12,34,56,789.00",
    )
    decimal_point = fields.Char("Decimal Separator", required=True, default=".", trim=False)
    thousands_sep = fields.Char("Thousands Separator", default=",", trim=False)
    flag_image = fields.Image("Image")
    flag_image_url = fields.Char(compute="_compute_field_flag_image_url")

    @api.depends("code", "flag_image")
    def _compute_field_flag_image_url(self) -> None:
        """The language's own picture when it has one, else the flag of the country
        its code ends with, at the address Odoo's web client knows."""
        for lang in self:
            if lang.flag_image:
                lang.flag_image_url = f"/web/image/res.lang/{lang.id}/flag_image"
            else:
                country = (lang.code or "").lower().rsplit("_")[-1]
                lang.flag_image_url = f"/base/static/img/country_flags/{country}.png"

    def _date_format_selection(self) -> list[tuple[str, str]]:
        """The date formats offered, each shown on January 31st of this year."""
        year = dt.date.today().year
        return [(pattern, dt.date(year, 1, 31).strftime(pattern)) for pattern in DATE_FORMATS]

    @api.model
    @api.readonly
    def get_installed(self) -> list[tuple[str, str]]:
        """``(code, name)`` of the active languages, by name."""
        languages = self._registry.active_languages(self.env)
        return sorted(
            ((code, name) for code, (name, _week) in languages.items()), key=lambda x: x[1]
        )

    @api.model_create_multi
    def create(self, vals_list: list[dict[str, Any]] | dict[str, Any]) -> Lang:
        """Create languages; one without a URL code is known by its ISO code, else its code
        (as Odoo, one with neither a URL code, an ISO code nor a code is a KeyError)."""
        items = [vals_list] if isinstance(vals_list, dict) else vals_list
        vals_list = [
            vals
            if vals.get("url_code") or not isinstance(vals, dict)
            else {**vals, "url_code": vals.get("iso_code") or vals["code"]}
            for vals in items
        ]
        records = super().create(vals_list)
        self._registry.languages_changed(self.env)
        return records

    def write(self, vals: dict[str, Any]) -> bool:
        super().write(vals)
        self._registry.languages_changed(self.env)
        return True

    def unlink(self) -> bool:
        """Delete languages: never en_US, the caller's language or an active one."""
        self.check_access_rights("unlink")
        for language in self:
            if language.code == "en_US":
                raise UserError("Base Language 'en_US' can not be deleted.")
            if language.code and language.code == self.env.context.get("lang"):
                raise UserError(
                    "You cannot delete the language which is the user's preferred language."
                )
            if language.active:
                raise UserError(
                    "You cannot delete the language which is Active!\n"
                    "Please de-activate the language first."
                )
        super().unlink()
        self._registry.languages_changed(self.env)
        return True
