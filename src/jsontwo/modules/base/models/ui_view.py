"""ir.ui.view: views as records, with Odoo's inheritance fields and ``arch_*`` columns.

jsontwo serves no user interface, so a view is data: its architecture is kept
in ``arch_db`` and read back through ``arch`` (Odoo reads it from a module's
file in its developer mode; jsontwo's views come from no file). What a client
writes is checked to be XML, as Odoo checks it; the fields a view names are not
checked against the model, nor are an inheriting view's locators applied to its
parent (see docs/models.md, "Views").
"""

from __future__ import annotations

import re
import uuid
from typing import Any, Self
from xml.etree import ElementTree

from jsontwo.exceptions import UserError, ValidationError
from jsontwo.orm import api, fields, models

VIEW_TYPES = [
    ("list", "List"),
    ("form", "Form"),
    ("graph", "Graph"),
    ("pivot", "Pivot"),
    ("calendar", "Calendar"),
    ("kanban", "Kanban"),
    ("search", "Search"),
    ("qweb", "QWeb"),
]
MODES = [("primary", "Base view"), ("extension", "Extension View")]
#: an XML declaration naming an encoding, which text (rather than bytes) cannot have
ENCODING_DECLARATION = re.compile(r"<\?xml[^>]*encoding=.*?\?>", re.IGNORECASE)

MODE_HELP = """Only applies if this view inherits from an other one (inherit_id is not False/Null).

* if extension (default), if this view is requested the closest primary view
is looked up (via inherit_id), then all views inheriting from it with this
view's model are applied
* if primary, the closest primary view is fully resolved (even if it uses a
different model than this one), then this view's inheritance specs
(<xpath/>) are applied, and the result is used as if it were this view's
actual arch.
"""


class ArchError(ValidationError):
    """A view's architecture is not XML: Odoo's ValidationError, whose JSON error
    object's ``context`` is null (the parser's error has none)."""

    odoo_context = None


def refuse_declared_encoding(arch: Any) -> None:
    """ValueError when ``arch`` is text declaring its encoding, which Odoo's XML
    parser refuses in text (rather than bytes)."""
    if isinstance(arch, str) and ENCODING_DECLARATION.match(arch.lstrip()):
        raise ValueError(
            "Unicode strings with encoding declaration are not supported. "
            "Please use bytes input or XML fragments without declaration."
        )


def parse_arch(arch: str) -> ElementTree.Element:
    """The root element of ``arch``; ValueError (the parser's words) when it is not
    XML, or when it declares an encoding."""
    refuse_declared_encoding(arch)
    try:
        return ElementTree.fromstring(arch)
    except ElementTree.ParseError as exc:
        raise ValueError(str(exc)) from None


class View(models.Model):
    """A user-interface view: a model's list, form, search... architecture, or an
    inheriting view's changes to its parent's."""

    _name = "ir.ui.view"
    _description = "View"
    _order = "priority, name, id"
    _sql_constraints = (
        (
            "inheritance_mode",
            "CHECK (mode != 'extension' OR inherit_id IS NOT NULL)",
            "Invalid inheritance mode: if the mode is 'extension', the view must extend "
            "an other view",
        ),
        (
            "qweb_required_key",
            "CHECK (type != 'qweb' OR key IS NOT NULL)",
            "Invalid key: QWeb view should have a key",
        ),
    )

    name = fields.Char("View Name", required=True)
    model = fields.Char(index=True)
    key = fields.Char(index=True)
    priority = fields.Integer("Sequence", default=16, required=True)
    type = fields.Selection(VIEW_TYPES, "View Type")
    arch = fields.Text(
        "View Architecture",
        compute="_compute_arch",
        inverse="_inverse_arch",
        help="This field should be used when accessing view arch. It will use translation.\n"
        "                               Note that it will read `arch_db` or `arch_fs` if in "
        "dev-xml mode.",
    )
    arch_base = fields.Text(
        "Base View Architecture",
        compute="_compute_arch_base",
        inverse="_inverse_arch_base",
        help="This field is the same as `arch` field without translations",
    )
    arch_db = fields.Text("Arch Blob", translate=True, help="This field stores the view arch.")
    arch_fs = fields.Char(
        "Arch Filename",
        help="File from where the view originates.\n"
        "                                                          Useful to (hard) reset "
        "broken views or to read arch from file in dev-xml mode.",
    )
    arch_updated = fields.Boolean("Modified Architecture")
    arch_prev = fields.Text(
        "Previous View Architecture",
        help="This field will save the current `arch_db` before writing on it.\n"
        "                                                                         Useful to "
        "(soft) reset a broken view.",
    )
    inherit_id = fields.Many2one("ir.ui.view", "Inherited View", ondelete="restrict", index=True)
    inherit_children_ids = fields.One2many(
        "ir.ui.view", "inherit_id", "Views which inherit from this one"
    )
    model_data_id = fields.Many2one(
        "ir.model.data",
        "Model Data",
        compute="_compute_model_data_id",
        search="_search_model_data_id",
    )
    xml_id = fields.Char(
        "External ID", compute="_compute_xml_id", help="ID of the view defined in xml file"
    )
    group_ids = fields.Many2many(
        "res.groups",
        "ir_ui_view_group_rel",
        "view_id",
        "group_id",
        "Groups",
        help="If this field is empty, the view applies to all users. Otherwise, the view "
        "applies to the users of those groups only.",
    )
    mode = fields.Selection(
        MODES, "View inheritance mode", default="primary", required=True, help=MODE_HELP
    )
    warning_info = fields.Html("Warning information", compute="_compute_warning_info")
    active = fields.Boolean(
        default=True,
        help="If this view is inherited,\n* if True, the view always extends its parent\n"
        "* if False, the view currently does not extend its parent but can be enabled\n"
        "         ",
    )
    model_id = fields.Many2one(
        "ir.model",
        "Model of the view",
        compute="_compute_model_id",
        inverse="_inverse_model_id",
    )
    invalid_locators = fields.Json("Invalid Locators", compute="_compute_invalid_locators")

    # --- the architecture ---------------------------------------------------------
    @api.depends("arch_db", "arch_fs", "arch_updated")
    def _compute_arch(self) -> None:
        # Odoo reads a module's file instead in developer mode; jsontwo's come from none
        for view in self:
            view.arch = view.arch_db

    def _inverse_arch(self) -> None:
        for view in self:
            _refuse_encoding_declaration(view.arch)
            view.write({"arch_db": view.arch})

    @api.depends("arch")
    def _compute_arch_base(self) -> None:
        # ``arch`` without translations: the same text, as only en_US exists here
        for view in self:
            view.arch_base = view.arch

    def _inverse_arch_base(self) -> None:
        for view in self:
            _refuse_encoding_declaration(view.arch_base)
            view.arch = view.arch_base

    @api.depends("arch")
    def _compute_warning_info(self) -> None:
        """What is wrong with the architecture (the parser's words), else empty."""
        for view in self:
            try:
                if view.arch:
                    parse_arch(view.arch)
                view.warning_info = ""
            except ValueError as exc:
                view.warning_info = str(exc)

    @api.depends("arch", "inherit_id")
    def _compute_invalid_locators(self) -> None:
        # the locators of an inheriting view are not applied to its parent here: none
        # is known to be invalid (Odoo's empty list, which reads false)
        for view in self:
            view.invalid_locators = False

    def _check_xml(self) -> None:
        """Refuse an architecture that is not XML, with Odoo's ValidationError."""
        for view in self:
            try:
                parse_arch(view.arch or "<data/>")
            except ValueError as exc:
                raise ArchError(f"Error while parsing or validating view:\n\n{exc}") from None

    # --- names and the model --------------------------------------------------------
    def _external_names(self) -> dict[int, list[tuple[int, str]]]:
        """``{view id: [(ir.model.data id, "module.name"), ...]}`` of these views."""
        found: dict[int, list[tuple[int, str]]] = {}
        if not self.ids:
            return found
        data = self.env["ir.model.data"].sudo()
        rows = data.search_read(
            [["model", "=", "ir.ui.view"], ["res_id", "in", list(self.ids)]],
            ["module", "name", "res_id"],
            order="id",
        )
        for row in rows:
            found.setdefault(row["res_id"], []).append(
                (row["id"], f"{row['module']}.{row['name']}")
            )
        return found

    @api.depends("write_date")
    def _compute_model_data_id(self) -> None:
        """The newest external id's row of each view, as Odoo picks it."""
        names = self._external_names()
        for view in self:
            rows = names.get(view.id)
            view.model_data_id = rows[-1][0] if rows else False

    def _search_model_data_id(self, operator: str, value: Any) -> Any:
        if operator.startswith("not ") or operator in ("!=", "<>"):
            return NotImplemented
        column = "name" if isinstance(value, str) else "id"
        data = self.env["ir.model.data"].sudo()
        found = data.search_read(
            [["model", "=", "ir.ui.view"], [column, operator, value]], ["res_id"]
        )
        return [["id", "in", sorted({row["res_id"] for row in found})]]

    def _compute_xml_id(self) -> None:
        """The first external id of each view ("module.name"), else empty."""
        names = self._external_names()
        for view in self:
            rows = names.get(view.id)
            view.xml_id = rows[0][1] if rows else ""

    @api.depends("model")
    def _compute_model_id(self) -> None:
        ir_model = self.env["ir.model"].sudo()
        for view in self:
            view.model_id = ir_model._get(view.model).id if view.model else False

    def _inverse_model_id(self) -> None:
        for view in self:
            view.model = view.model_id.model if view.model_id else False

    # --- inheritance ---------------------------------------------------------------
    @api.constrains("inherit_id")
    def _check_000_inheritance(self) -> None:
        parents = [view.inherit_id.id for view in self if view.inherit_id]
        ancestors = self.sudo()._hierarchy_ids(parents, "parent_of", link="inherit_id")
        if not set(ancestors).isdisjoint(self.ids):
            raise ValidationError("You cannot create recursive inherited views.")

    @api.constrains("group_ids", "inherit_id", "mode")
    def _check_groups(self) -> None:
        for view in self:
            if view.group_ids and view.inherit_id and view.mode != "primary":
                raise ValidationError(
                    "Inherited view cannot have 'Groups' define on the record. Use 'groups' "
                    "attributes inside the view definition"
                )

    def _mode_for(self, vals: dict[str, Any]) -> dict[str, Any]:
        """The values with the mode that follows a new parent, unless given: a view
        that starts or stops inheriting becomes an extension or a primary view (one
        that changes parents keeps its mode), as in Odoo."""
        if "inherit_id" in vals and (
            not vals["inherit_id"] or all(not view.inherit_id for view in self)
        ):
            vals.setdefault("mode", "extension" if vals["inherit_id"] else "primary")
        return vals

    # --- CRUD ------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list: list[dict[str, Any]] | dict[str, Any]) -> Self:
        """Create views as Odoo does: the type from the parent or the root tag, a
        name from the model and type, ``arch`` kept as ``arch_db`` (and as the
        previous architecture); then the architecture must be XML."""
        items = [dict(vals) for vals in ([vals_list] if isinstance(vals_list, dict) else vals_list)]
        for vals in items:
            if "arch_db" in vals and not vals["arch_db"]:
                del vals["arch_db"]
            if not vals.get("type"):
                vals["type"] = self._type_of(vals)
            if not vals.get("key") and vals.get("type") == "qweb":
                vals["key"] = f"gen_key.{str(uuid.uuid4())[:6]}"
            if not vals.get("name"):
                vals["name"] = f"{vals.get('model') or False} {vals.get('type') or False}"
            vals["arch_prev"] = vals.get("arch_base") or vals.get("arch_db") or vals.get("arch")
            if "arch" in vals:
                vals["arch_db"] = vals.pop("arch")
            # Odoo's XML parser refuses a declared encoding as arch_db is stored (a 500)
            refuse_declared_encoding(vals.get("arch_db"))
            self.browse([])._mode_for(vals)
        views = super().create(items)
        views._check_xml()
        return views

    def _type_of(self, vals: dict[str, Any]) -> str | None:
        """The type of a new view that names none: its parent's, else its root tag
        (None when the architecture is not XML: the XML check says so)."""
        if vals.get("inherit_id"):
            return self.browse([vals["inherit_id"]]).type or None
        arch = vals.get("arch") or vals.get("arch_base")
        if not arch:
            raise ValidationError("Missing view architecture.")
        try:
            tag = parse_arch(arch).tag
        except ValueError:
            return None
        valid = [value for value, _label in VIEW_TYPES]
        if tag not in valid:
            raise ValidationError(
                f"Invalid view type: '{tag}'.\nYou might have used an invalid starting tag in "
                f"the architecture.\nAllowed types are: {', '.join(valid)}"
            )
        return tag

    def write(self, vals: dict[str, Any]) -> bool:
        """Write as Odoo does: writing ``arch`` (or ``arch_base``) marks the view
        modified and writes ``arch_db``, whose old text is kept in ``arch_prev``; a
        view changed, moved or reactivated must still be XML."""
        if not isinstance(vals, dict):
            return super().write(vals)
        vals = dict(vals)
        if "arch_updated" not in vals and ("arch" in vals or "arch_base" in vals):
            vals["arch_updated"] = True
        if "arch_db" in vals:
            refuse_declared_encoding(vals["arch_db"])
            if len(self) == 1:
                vals["arch_prev"] = self.arch_db
        result = super().write(self._mode_for(vals))
        if "active" in vals or "arch_db" in vals or "inherit_id" in vals:
            self._check_xml()
        return result


def _refuse_encoding_declaration(text: Any) -> None:
    """Odoo's UserError on text that declares its encoding."""
    if isinstance(text, str) and ENCODING_DECLARATION.search(text):
        raise UserError(
            "Unicode strings with encoding declaration are not supported in XML.\n"
            "Remove the encoding declaration."
        )
