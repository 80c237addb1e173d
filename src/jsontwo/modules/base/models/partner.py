"""res.partner: contacts and companies (their tags are partner_category.py, what
their fields hold partner_values.py, the guard of users' partners
partner_users.py)."""

from __future__ import annotations

import base64
import hashlib
import re
from collections import defaultdict
from html import escape
from typing import Any

from jsontwo.exceptions import ValidationError
from jsontwo.modules.base.models.partner_users import UsersPartners
from jsontwo.modules.base.models.partner_values import (
    ADDRESS_FIELDS,
    ADDRESS_TYPES,
    COMMERCIAL_FIELDS,
    DEFAULT_ADDRESS_FORMAT,
    DISPLAY_NAME_KEYS,
    DISPLAYED_TYPES,
    SYNC_FIELDS,
    TIMEZONES,
    TZ_HELP,
    Website,
    avatar_compute,
    parse_contact,
    tz_offset,
    write_value,
)
from jsontwo.orm import api, fields, models


class Partner(UsersPartners, models.Model):
    """A contact: a company, or a person (possibly working for a company)."""

    _name = "res.partner"
    _description = "Contact"
    _order = "complete_name ASC, id DESC"
    _display_name_field = "complete_name"
    _rec_names_search = ("complete_name", "email", "ref", "vat", "company_registry")
    # the multi-company rule reads these three on every partner a search counts:
    # from this index alone, without visiting the (wide) rows; and grouping the
    # contacts by country (a list's usual grouping) counts the active ones of
    # each country from the second (SQLite, 10,000 partners: 3.6 ms → 0.9 ms);
    # a list of companies counts them from the third (web_search_read's length:
    # 10,000 partners, SQLite 0.43 → 0.05 ms, PostgreSQL 1.5 → 0.2 ms)
    _indexes = (
        ("active", "partner_share", "company_id"),
        ("country_id", "active"),
        ("is_company", "active"),
    )
    _sql_constraints = (
        (
            "check_name",
            "CHECK( (type='contact' AND name IS NOT NULL) or (type!='contact') )",
            "Contacts require a name",
        ),
    )

    name = fields.Char(index=True, default_export_compatible=True, tracking=True)
    complete_name = fields.Char(compute="_compute_complete_name", store=True, index=True)
    is_company = fields.Boolean(
        "Is a Company",
        default=False,
        help="Check if the contact is a company, otherwise it is a person",
    )
    company_type = fields.Selection(
        [("person", "Person"), ("company", "Company")],
        "Company Type",
        compute="_compute_company_type",
        inverse="_write_company_type",
    )
    parent_id = fields.Many2one("res.partner", "Related Company", index=True, tracking=3)
    parent_name = fields.Char(related="parent_id.name", string="Parent name", tracking=True)
    child_ids = fields.One2many(
        "res.partner",
        "parent_id",
        "Contact",
        domain=[["active", "=", True]],
        context={"active_test": False},
    )
    commercial_partner_id = fields.Many2one(
        "res.partner",
        "Commercial Entity",
        compute="_compute_commercial_partner",
        store=True,
        index=True,
    )
    commercial_company_name = fields.Char(
        "Company Name Entity", compute="_compute_commercial_company_name", store=True
    )
    company_name = fields.Char("Company Name")
    type = fields.Selection(ADDRESS_TYPES, "Address Type", default="contact")
    type_address_label = fields.Char(
        "Address Type Description", compute="_compute_type_address_label"
    )
    ref = fields.Char("Reference", index=True)
    vat = fields.Char(
        "Tax ID",
        index=True,
        tracking=5,
        help="The Tax Identification Number. Values here will be validated based on the "
        "country format. You can use '/' to indicate that the partner is not subject to tax.",
    )
    vat_label = fields.Char("Tax ID Label", compute="_compute_vat_label")
    same_vat_partner_id = fields.Many2one(
        "res.partner", "Partner with same Tax ID", compute="_compute_same_vat_partner_id"
    )
    company_registry = fields.Char(
        "Company ID",
        help="The registry number of the company. Use it if it is different from the Tax ID. "
        "It must be unique across all partners of a same country",
    )
    company_registry_label = fields.Char(
        "Company ID Label", compute="_compute_company_registry_label"
    )
    company_registry_placeholder = fields.Char(compute="_compute_company_registry_placeholder")
    same_company_registry_partner_id = fields.Many2one(
        "res.partner",
        "Partner with same Company Registry",
        compute="_compute_same_vat_partner_id",
    )
    industry_id = fields.Many2one("res.partner.industry", "Industry")
    function = fields.Char("Job Position")
    website = Website("Website Link")
    comment = fields.Html("Notes")
    email = fields.Char(tracking=1)
    email_formatted = fields.Char(
        "Formatted Email",
        compute="_compute_email_formatted",
        help='Format email address "Name <email@domain>"',
    )
    phone = fields.Char(tracking=2)
    barcode = fields.Char(
        copy=False, company_dependent=True, help="Use a barcode to identify this contact."
    )
    street = fields.Char()
    street2 = fields.Char()
    zip = fields.Char(change_default=True)
    city = fields.Char()
    state_id = fields.Many2one(
        "res.country.state",
        "State",
        ondelete="restrict",
        domain="[('country_id', '=?', country_id)]",
    )
    country_id = fields.Many2one("res.country", "Country", ondelete="restrict")
    country_code = fields.Char(related="country_id.code", string="Country Code")
    contact_address = fields.Char("Complete Address", compute="_compute_contact_address")
    lang = fields.Selection(
        "_lang_get",
        "Language",
        compute="_compute_lang",
        store=True,
        readonly=False,
        default="en_US",
        help="All the emails and documents sent to this contact will be translated in this language.",
    )
    active_lang_count = fields.Integer(compute="_compute_active_lang_count")
    tz = fields.Selection(
        TIMEZONES, "Timezone", default=lambda self: self.env.context.get("tz"), help=TZ_HELP
    )
    tz_offset = fields.Char("Timezone offset", compute="_compute_tz_offset")
    color = fields.Integer("Color Index", default=0)
    employee = fields.Boolean(help="Check this box if this contact is an Employee.")
    partner_latitude = fields.Float("Geo Latitude", digits=(10, 7))
    partner_longitude = fields.Float("Geo Longitude", digits=(10, 7))
    company_id = fields.Many2one("res.company", "Company", index=True)
    user_id = fields.Many2one(
        "res.users",
        "Salesperson",
        compute="_compute_user_id",
        store=True,
        readonly=False,
        tracking=4,
        help="The internal user in charge of this contact.",
    )
    user_ids = fields.One2many("res.users", "partner_id", "Users")
    main_user_id = fields.Many2one(
        "res.users",
        "Main User",
        compute="_compute_main_user_id",
        help="There can be several users related to the same partner. When a single user is "
        "needed, this field attempts to find the most appropriate one.",
    )
    partner_share = fields.Boolean(
        "Share Partner",
        compute="_compute_partner_share",
        store=True,
        help="Either customer (not a user), either shared user. Indicated the current partner "
        "is a customer without access or with a limited access created for sharing data.",
    )
    is_public = fields.Boolean(compute="_compute_is_public")
    bank_ids = fields.One2many("res.partner.bank", "partner_id", "Banks")
    category_id = fields.Many2many(
        "res.partner.category",
        "res_partner_res_partner_category_rel",
        "partner_id",
        "category_id",
        "Tags",
        default=lambda self: self.env.context.get("category_id") or None,
    )
    # indexed: every search filters on it (the implicit active filter)
    active = fields.Boolean(default=True, index=True)
    self = fields.Many2one("res.partner", compute="_compute_self")
    application_statistics = fields.Json("Stats", compute="_compute_application_statistics")
    # pictures: kept as given (no resizing); the avatar is the picture or a placeholder
    image_1920 = fields.Image("Image", max_width=1920, max_height=1920)
    image_1024 = fields.Image(
        "Image 1024", related="image_1920", max_width=1024, max_height=1024, store=True
    )
    image_512 = fields.Image(
        "Image 512", related="image_1920", max_width=512, max_height=512, store=True
    )
    image_256 = fields.Image(
        "Image 256", related="image_1920", max_width=256, max_height=256, store=True
    )
    image_128 = fields.Image(
        "Image 128", related="image_1920", max_width=128, max_height=128, store=True
    )
    avatar_1920 = fields.Image("Avatar", compute="_compute_avatar_1920")
    avatar_1024 = fields.Image("Avatar 1024", compute="_compute_avatar_1024")
    avatar_512 = fields.Image("Avatar 512", compute="_compute_avatar_512")
    avatar_256 = fields.Image("Avatar 256", compute="_compute_avatar_256")
    avatar_128 = fields.Image("Avatar 128", compute="_compute_avatar_128")
    properties_base_definition_id = fields.Many2one(
        "properties.base.definition",
        "Properties Base Definition",
        compute="_compute_properties_base_definition_id",
        search="_search_properties_base_definition_id",
        sql="_properties_base_definition_sql",
    )
    properties = fields.Properties(
        "Properties", definition="properties_base_definition_id.properties_definition"
    )

    _compute_avatar_1920 = avatar_compute("image_1920", "avatar_1920")
    _compute_avatar_1024 = avatar_compute("image_1024", "avatar_1024")
    _compute_avatar_512 = avatar_compute("image_512", "avatar_512")
    _compute_avatar_256 = avatar_compute("image_256", "avatar_256")
    _compute_avatar_128 = avatar_compute("image_128", "avatar_128")

    def _lang_get(self) -> list[tuple[str, str]]:
        """The active languages; like Odoo, any code is accepted on write."""
        languages = self._registry.active_languages(self.env)
        return [(code, name) for code, (name, _week) in languages.items()]

    # --- names ---------------------------------------------------------------
    def _complete_name(self) -> str:
        """ "Company, Person" for a company's people; a nameless address is named
        after its type ("Company, Delivery")."""
        name = self.name or ""
        if self.parent_id or self.company_name:
            if not name and self.type in DISPLAYED_TYPES:
                name = dict(ADDRESS_TYPES)[self.type]
            if not self.is_company:
                company = self.commercial_company_name or self.parent_id.name
                if company:
                    name = f"{company}, {name}"
        return name.strip()

    @api.depends(
        "is_company", "name", "parent_id.name", "type", "company_name", "commercial_company_name"
    )
    def _compute_complete_name(self) -> None:
        for partner in self:
            partner.complete_name = partner._complete_name()

    # Odoo's list: complete_name's own dependencies (name, parent, type...) reach
    # the display name through it
    @api.depends(
        "complete_name", "email", "vat", "state_id", "country_id", "commercial_company_name"
    )
    def _compute_display_name(self) -> None:
        context = self.env.context
        for partner in self:
            if context.get("formatted_display_name"):
                name = partner._formatted_display_name()
            else:
                # worked out afresh, as Odoo: not the stored complete_name, which a
                # client may have written over
                name = partner._complete_name()
                if context.get("partner_show_db_id"):
                    name = f"{name} ({partner.id})"
                if context.get("show_email") and partner.email:
                    name = f"{name} <{partner.email}>"
                if context.get("show_address"):
                    name = f"{name}\n{partner._display_address(without_company=True)}"
                if context.get("show_vat") and partner.vat:
                    separator = "\n " if context.get("show_address") else " - "
                    name = f"{name}{separator}{partner.vat}"
            name = re.sub(r"\s+\n", "\n", name)
            if context.get("address_inline"):
                name = ", ".join(part for part in name.split("\n") if part.strip())
            partner.display_name = name.strip()

    def _formatted_display_name(self) -> str:
        """The display name the web client formats (``formatted_display_name``):
        a contact as ``company \t --name--``, then its email or id the same way."""
        name = self.name or ""
        if self.parent_id or self.company_name:
            label = dict(ADDRESS_TYPES).get(self.type, "")
            name = f"{self.company_name or self.parent_id.name} \t --{self.name or label}--"
        if self.env.context.get("show_email") and self.email:
            name = f"{name} \t --{self.email}--"
        elif self.env.context.get("partner_show_db_id"):
            name = f"{name} \t --{self.id}--"
        return name

    def _display_name_is_column(self) -> bool:
        context = self.env.context
        return not any(context.get(key) for key in DISPLAY_NAME_KEYS)

    @api.model
    def name_create(self, name: str) -> tuple[int, str | bool] | bool:
        """Create a partner from ``"Name <email>"`` (or a name, or an email)."""
        parsed, email = parse_contact(name)
        vals: dict[str, Any] = {"name": parsed or email}
        if email:
            vals["email"] = email
        partner = self.create(vals)
        return (partner.id, partner.display_name)

    # --- addresses -----------------------------------------------------------
    def _display_address(self, without_company: bool = False) -> str:
        """The postal address, laid out by the country's format."""
        country = self.country_id
        layout = country.address_format or DEFAULT_ADDRESS_FORMAT
        args: defaultdict[str, Any] = defaultdict(
            str,
            state_code=self.state_id.code or "",
            state_name=self.state_id.name or "",
            country_code=country.code or "",
            country_name=country.name or "",
            company_name=self.commercial_company_name or "",
        )
        for fname in ("street", "street2", "zip", "city"):
            args[fname] = self[fname] or ""
        if without_company:
            args["company_name"] = ""
        elif self.commercial_company_name:
            layout = "%(company_name)s\n" + layout
        try:
            return str(layout % args)
        except (KeyError, TypeError, ValueError):
            return str(DEFAULT_ADDRESS_FORMAT % args)

    def _address_values(self) -> dict[str, Any]:
        return {fname: write_value(self[fname]) for fname in ADDRESS_FIELDS}

    def _take_address_of(self, parent: Partner) -> None:
        """These contacts take the address of their company ``parent`` (when it has
        one), which the caller must be allowed to read."""
        if not parent:
            return
        parent.check_access("read")  # a hidden company's address stays hidden
        address = parent._address_values()
        if any(address.values()):
            self._update_address(address)

    def _update_address(self, vals: dict[str, Any]) -> None:
        """Write the address fields among ``vals`` (without syncing anything)."""
        address = {key: vals[key] for key in ADDRESS_FIELDS if key in vals}
        if address and self:
            super().write(address)

    # --- create / write: keeping a company and its people in sync --------
    @api.model_create_multi
    def create(self, vals_list: list[dict[str, Any]] | dict[str, Any]) -> Partner:
        """Create partners; a company's people get its address and commercial fields."""
        items = [vals_list] if isinstance(vals_list, dict) else vals_list
        if not isinstance(items, list) or not all(isinstance(v, dict) for v in items):
            return super().create(vals_list)
        # Odoo reads a new contact's company (its commercial fields) before the
        # database checks the key: a company that does not exist is a MissingError
        parents = sorted({v["parent_id"] for v in items if type(v.get("parent_id")) is int})
        self.browse([p for p in parents if p])._ensure_exist()
        items = [
            {**vals, "company_name": False} if vals.get("parent_id") else vals for vals in items
        ]
        partners = super().create(items)
        partners._take_parents_lang(items)
        # contacts created alike under one company sync alike: once for them all
        alike: dict[tuple[Any, ...], list[int]] = defaultdict(list)
        for partner, vals in zip(partners, items, strict=True):
            if not vals.get("parent_id"):
                continue
            if self._syncs_alone(vals):
                partner._fields_sync(vals, children=False)
            else:
                key = (partner.parent_id.id, partner.type, partner.is_company)
                alike[key].append(partner.id)
        for ids in alike.values():
            self.browse(ids)._sync_new_contacts()
        return partners

    def _syncs_alone(self, vals: dict[str, Any]) -> bool:
        """Whether a new contact created from ``vals`` syncs with its company on its
        own: it has an address (given, or a context default: it may go up to the
        company) or people of its own; the others sync together
        (:meth:`_sync_new_contacts`)."""
        context = self.env.context
        return bool(vals.get("child_ids")) or any(
            f in vals or f"default_{f}" in context for f in ADDRESS_FIELDS
        )

    def _take_parents_lang(self, items: list[dict[str, Any]]) -> None:
        """These new partners (created from ``items``) that are under a company and
        were given no language take the one :meth:`_compute_lang` gives, as Odoo's
        create does after the fact: the default filled the field, and the people
        created with them keep theirs. One write per language."""
        by_lang: dict[str, list[int]] = defaultdict(list)
        for partner, vals in zip(self, items, strict=True):
            if "lang" not in vals and partner.parent_id:
                by_lang[partner._parents_lang()].append(partner.id)
        for lang, ids in by_lang.items():
            super(Partner, self.browse(ids)).write({"lang": lang})

    def _sync_new_contacts(self) -> None:
        """What :meth:`_fields_sync` does for each of these new partners, once for
        all: they share a company, a type and ``is_company``, and were created
        without address values (given or defaulted) or people of their own. They
        take the commercial fields of their commercial entity and, as contacts,
        the company's address (which, theirs being empty, they never give back)."""
        self._commercial_sync_from_company(descendants=False)
        first = self.browse(self._ids[:1])
        if first.type == "contact":
            self._take_address_of(first.parent_id)

    def write(self, vals: dict[str, Any]) -> bool:
        """Write, then sync the address and commercial fields of relatives."""
        if not isinstance(vals, dict) or not self:
            return super().write(vals)
        if vals.get("active") is False:
            self._check_no_active_users()
        self._check_users_partners()
        if vals.get("parent_id"):
            vals = {**vals, "company_name": False}
        watched = [name for name in vals if name in SYNC_FIELDS]
        before = {name: self._cached_values(self._fields[name], self._ids) for name in watched}
        result = super().write(vals)
        if "company_id" in vals:
            children = self.with_context(active_test=False).search([["parent_id", "in", self.ids]])
            if children:
                children.write({"company_id": vals["company_id"]})
        if watched:
            after = {name: self._cached_values(self._fields[name], self._ids) for name in watched}
            for partner in self:
                rid = partner.id
                updated = {n: vals[n] for n in watched if before[n][rid] != after[n][rid]}
                if updated:
                    partner._fields_sync(updated)
        return result

    def unlink(self) -> bool:
        """Delete partners, except those of users (archive the user first)."""
        self.check_access_rights("unlink")
        self._check_unlink_users()
        return super().unlink()

    def _fields_sync(self, values: dict[str, Any], children: bool = True) -> None:
        """After ``values`` changed on this partner: take the company's values (a new
        company, or becoming a contact), give it a contact's new address, and pass
        a company's changes on to its people."""
        parent = self.parent_id
        if values.get("parent_id") or values.get("type") == "contact":
            if values.get("parent_id"):
                self._commercial_sync_from_company()
            if self.type == "contact":
                self._take_address_of(parent)
        if (
            parent
            and self.type == "contact"
            and ("parent_id" in values or any(f in values for f in ADDRESS_FIELDS))
        ):
            address = self._address_values()
            if address != parent._address_values():
                parent.write(address)  # which passes it on to the other contacts
        if children:
            self._children_sync(values)

    def _children_sync(self, values: dict[str, Any]) -> None:
        commercial = [f for f in COMMERCIAL_FIELDS if f in values]
        if commercial and self.commercial_partner_id == self:
            self._commercial_sync_to_descendants(commercial)
        if any(f in values for f in ADDRESS_FIELDS):
            contacts = self.child_ids.filtered(lambda child: child.type == "contact")
            contacts._update_address(values)

    def _commercial_sync_from_company(self, descendants: bool = True) -> None:
        """These partners (of one commercial entity: the first one's) take its
        commercial fields; with ``descendants``, they pass them on to their people."""
        first = self.browse(self._ids[:1])
        commercial = first.commercial_partner_id
        if commercial and commercial != first:
            synced = {
                fname: write_value(commercial[fname])
                for fname in COMMERCIAL_FIELDS
                if commercial[fname]
            }
            if synced:
                super().write(synced)
                if descendants:
                    self._commercial_sync_to_descendants(list(synced))

    def _commercial_sync_to_descendants(self, fnames: list[str]) -> None:
        """Copy the commercial fields to the people below (not into other companies)."""
        commercial = self.commercial_partner_id
        values = {fname: write_value(commercial[fname]) for fname in fnames}
        found: list[int] = []
        frontier = self.child_ids.filtered(lambda child: not child.is_company)
        while frontier:
            found.extend(frontier.ids)
            frontier = frontier.mapped("child_ids").filtered(
                lambda child: not child.is_company and child.id not in found and child != self
            )
        if found:
            super(Partner, self.browse(found)).write(values)

    def copy_data(self, default: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """A copy is named "<name> (copy)" unless ``default`` names it."""
        default = dict(default or {})
        vals_list = super().copy_data(default)
        if default.get("name"):
            return vals_list
        return [
            {**vals, "name": f"{partner.name} (copy)"}
            for partner, vals in zip(self, vals_list, strict=True)
        ]

    # --- computed fields -----------------------------------------------------
    @api.depends("is_company")
    def _compute_company_type(self) -> None:
        for partner in self:
            partner.company_type = "company" if partner.is_company else "person"

    def _write_company_type(self) -> None:
        for partner in self:
            partner.is_company = partner.company_type == "company"

    @api.constrains("parent_id")
    def _check_parent_id(self) -> None:
        if self._has_cycle():
            raise ValidationError("You cannot create recursive Partner hierarchies.")

    @api.constrains("barcode")
    def _check_barcode_unicity(self) -> None:
        """Two (active) contacts may not share a barcode, as in Odoo."""
        for partner in self:
            if partner.barcode and (
                self.env["res.partner"].search_count([["barcode", "=", partner.barcode]]) > 1
            ):
                raise ValidationError("Another partner already has this barcode")

    @api.depends("is_company", "parent_id.commercial_partner_id")
    def _compute_commercial_partner(self) -> None:
        for partner in self:
            if partner.is_company or not partner.parent_id:
                partner.commercial_partner_id = partner
            else:
                partner.commercial_partner_id = partner.parent_id.commercial_partner_id

    @api.depends("company_name", "parent_id.is_company", "commercial_partner_id.name")
    def _compute_commercial_company_name(self) -> None:
        for partner in self:
            commercial = partner.commercial_partner_id
            partner.commercial_company_name = (
                commercial.name if commercial.is_company else partner.company_name
            )

    @api.depends("parent_id", "type")
    def _compute_type_address_label(self) -> None:
        labels = {"invoice": "Invoice Address", "delivery": "Delivery Address"}
        for partner in self:
            partner.type_address_label = labels.get(partner.type, "Address")

    # no dependencies declared, as in Odoo (a value not stored is recomputed on reading)
    def _compute_vat_label(self) -> None:
        for partner in self:
            partner.vat_label = partner.country_id.vat_label or "Tax ID"

    @api.depends("country_id")
    def _compute_company_registry_label(self) -> None:
        for partner in self:
            partner.company_registry_label = "Company ID"

    def _compute_company_registry_placeholder(self) -> None:
        for partner in self:
            partner.company_registry_placeholder = False

    @api.depends("vat", "company_id", "company_registry", "country_id")
    def _compute_same_vat_partner_id(self) -> None:
        """Another partner (not below this one) with the same Tax ID, or the same
        Company ID in the same company: a hint that the partner may already exist.
        One search for the whole batch, then the first candidate in partner order."""
        roots = [p for p in self if not p.parent_id]
        vats = {p.vat for p in roots if p.vat and len(p.vat) != 1}
        registries = {p.company_registry for p in roots if p.company_registry}
        by_vat: defaultdict[str, list[Partner]] = defaultdict(list)
        by_registry: defaultdict[str, list[Partner]] = defaultdict(list)
        if vats or registries:
            model = self.sudo().with_context(active_test=False)
            domain: list[Any] = ["|", ["vat", "in", list(vats)]]
            domain.append(["company_registry", "in", list(registries)])
            for candidate in model.search(domain):
                if candidate.vat in vats:
                    by_vat[candidate.vat].append(candidate)
                if candidate.company_registry in registries:
                    by_registry[candidate.company_registry].append(candidate)
        for partner in self:
            same_vat = same_registry = False
            if not partner.parent_id:
                country = partner.country_id.id
                for candidate in by_vat.get(partner.vat or "", ()):
                    if partner._is_above(candidate):
                        continue
                    if not country or candidate.country_id.id in (country, False):
                        same_vat = candidate.id
                        break
                company = partner.company_id.id
                for candidate in by_registry.get(partner.company_registry or "", ()):
                    if not partner._is_above(candidate) and candidate.company_id.id == company:
                        same_registry = candidate.id
                        break
            partner.same_vat_partner_id = same_vat
            partner.same_company_registry_partner_id = same_registry

    def _is_above(self, other: Partner) -> bool:
        """Whether ``other`` is this partner or one of its descendants."""
        seen: set[int] = set()
        while other and other.id not in seen:
            if other.id == self.id:
                return True
            seen.add(other.id)
            other = other.parent_id
        return False

    # Odoo's list, repeats included (fields_get shows it)
    @api.depends(
        "street",
        "street2",
        "zip",
        "city",
        "state_id",
        "country_id",
        "country_id",
        "company_name",
        "state_id",
    )
    def _compute_contact_address(self) -> None:
        for partner in self:
            partner.contact_address = partner._display_address()

    @api.depends("name", "email")
    def _compute_email_formatted(self) -> None:
        for partner in self:
            email = (partner.email or "").strip()
            if not email:
                partner.email_formatted = False
                continue
            if re.fullmatch(r"[^@\s]+@[^@\s]+", email):
                email = email.lower()
            name = (partner.name or "False").replace("\\", "\\\\").replace('"', '\\"')
            # split at the last "@" and put it back, even when there is none
            # (Odoo's formataddr): "not-an-email" is written "<@not-an-email>"
            local, _, domain = email.rpartition("@")
            partner.email_formatted = f'"{name}" <{local}@{domain}>'

    @api.depends("parent_id")
    def _compute_lang(self) -> None:
        """A contact put under a company (created or moved) takes its language,
        unless given one (the default language when the company has none)."""
        for partner in self:
            if partner.parent_id:
                partner.lang = partner._parents_lang()

    def _parents_lang(self) -> str:
        """The language a contact under a company takes: the company's, else the
        default one."""
        return self.parent_id.lang or self.env.lang or "en_US"

    @api.depends("parent_id")
    def _compute_user_id(self) -> None:
        """A person put under a company takes its salesperson when it has none."""
        for partner in self:
            parent = partner.parent_id
            # (no company, nothing to take: most new partners read nothing more)
            if parent and not partner.user_id and not partner.is_company and parent.user_id:
                partner.user_id = parent.user_id

    @api.depends("lang")
    def _compute_active_lang_count(self) -> None:
        count = len(self._registry.active_languages(self.env))
        for partner in self:
            partner.active_lang_count = count

    @api.depends("tz")
    def _compute_tz_offset(self) -> None:
        for partner in self:
            partner.tz_offset = tz_offset(partner.tz)

    @api.depends("user_ids.active", "user_ids.share")
    def _compute_main_user_id(self) -> None:
        for partner in self:
            users = partner.user_ids
            internal = users.filtered(lambda user: not user.share)
            partner.main_user_id = (internal or users).ids[0] if users else False

    @api.depends("user_ids.share", "user_ids.active")
    def _compute_partner_share(self) -> None:
        for partner in self:
            users = partner.user_ids
            partner.partner_share = not users or all(user.share for user in users)

    def _compute_is_public(self) -> None:
        for partner in self:
            partner.is_public = False  # no public user here

    def _compute_self(self) -> None:
        for partner in self:
            partner.self = partner.id

    def _compute_application_statistics(self) -> None:
        for partner in self:
            partner.application_statistics = False

    def _compute_properties_base_definition_id(self) -> None:
        definition = self.env["properties.base.definition"]._for_model(self._name)
        for partner in self:
            partner.properties_base_definition_id = definition or False

    def _properties_base_definition_sql(self, alias: str) -> str:
        """The SQL of every record's definition (the same for all, whatever ``alias``),
        so that sorting and grouping by it work as in Odoo."""
        return (
            '(SELECT "_pbd".id FROM "properties_base_definition" AS "_pbd" '
            'JOIN "ir_model_fields" AS "_pbf" ON "_pbf".id = "_pbd"."properties_field_id" '
            f'WHERE "_pbf"."model" = \'{self._name}\' AND "_pbf"."name" = \'properties\')'
        )

    def _search_properties_base_definition_id(self, operator: str, value: Any) -> Any:
        """Every partner has the model's definition: ``in`` is all or nothing; any other
        operator is unsupported (a UserError), as in Odoo."""
        if operator != "in":
            return NotImplemented
        definition = self.env["properties.base.definition"].sudo()._for_model(self._name)
        values = value if isinstance(value, list | tuple | set) else [value]
        return [] if definition in values else [["id", "in", []]]

    def _avatar_svg(self) -> str:
        """A placeholder picture: the initial on a colour of the name (base64 SVG)."""
        name = self.name or ""
        initial = escape(name[:1].upper() or "?")
        digest = hashlib.sha256(f"{name}{self.create_date}".encode()).digest()
        hue = int.from_bytes(digest[:2], "big") % 360
        svg = (
            '<?xml version="1.0" encoding="UTF-8" ?>'
            '<svg height="180" width="180" xmlns="http://www.w3.org/2000/svg">'
            f'<rect fill="hsl({hue}, 40%, 45%)" height="180" width="180"/>'
            '<text fill="#ffffff" font-size="96" text-anchor="middle" x="90" y="125" '
            f'font-family="sans-serif">{initial}</text></svg>'
        )
        return base64.b64encode(svg.encode()).decode()
