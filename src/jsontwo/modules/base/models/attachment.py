"""ir.attachment: files (or links) attached to records, kept in the database on
SQLite and in the database's file store on PostgreSQL (docs/attachments.md)."""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import re
import uuid
from collections import defaultdict
from typing import Any

from jsontwo.exceptions import AccessError
from jsontwo.modules.base import attachment_access as rules
from jsontwo.modules.base import attachment_fields, filestore, mimes
from jsontwo.orm import api, fields, models
from jsontwo.orm.numeric import human_size

#: what only the server computes from the content: never taken from a caller
DERIVED = ("file_size", "checksum", "store_fname")


class RawBinary(fields.Binary):
    """The content as bytes (``raw``): read as text, sized by its byte count."""

    def to_size(self, value: Any) -> Any:
        return human_size(len(value)) if value else False

    def to_read(self, value: Any) -> Any:
        return value if value else False


class Attachment(models.Model):
    """A file or a URL, optionally linked to a record (``res_model``, ``res_id``)
    or holding the value of a record's binary field (``res_field``)."""

    _name = "ir.attachment"
    _description = "Attachment"
    _order = "id desc"
    _indexes = (("res_model", "res_id"),)

    name = fields.Char("Name", required=True)
    description = fields.Text("Description")
    res_name = fields.Char("Resource Name", compute="_compute_res_name")
    res_model = fields.Char("Resource Model")
    res_field = fields.Char("Resource Field")
    res_id = fields.Many2oneReference("Resource ID", model_field="res_model")
    company_id = fields.Many2one(
        "res.company",
        string="Company",
        change_default=True,
        default=lambda self: self.env.company.id,
    )
    type = fields.Selection(
        [("url", "URL"), ("binary", "File")],
        string="Type",
        required=True,
        default="binary",
        change_default=True,
        help="You can either upload a file from your computer or copy/paste an internet link to your file.",
    )
    url = fields.Char("Url", size=1024)
    public = fields.Boolean("Is public document")
    access_token = fields.Char("Access Token", groups="base.group_user")
    raw = RawBinary("File Content (raw)", compute="_compute_raw", inverse="_inverse_raw")
    datas = fields.Binary(
        "File Content (base64)", compute="_compute_datas", inverse="_inverse_datas"
    )
    db_datas = fields.Binary("Database Data", attachment=False)
    store_fname = fields.Char("Stored Filename", index=True)
    file_size = fields.Integer("File Size", readonly=True)
    checksum = fields.Char("Checksum/SHA1", size=40, readonly=True)
    mimetype = fields.Char("Mime Type", readonly=True)
    index_content = fields.Text("Indexed Content", readonly=True)

    # --- content -----------------------------------------------------------
    def _filestore(self) -> Any:
        """The database's file store folder, or None: contents kept in ``db_datas``."""
        return self.env.registry.database.filestore

    def _raw_content(self) -> bytes:
        """The content of this attachment, from the file store or the database."""
        # the columns themselves: a read would give sizes under the bin_size context
        rows = self.env.cr.execute(
            "SELECT store_fname, db_datas FROM ir_attachment WHERE id = %s", [self.id]
        )
        if not rows:
            return b""
        fname, db_datas = rows[0]
        root = self._filestore()
        if fname and root is not None:
            return filestore.read_file(root, fname)
        return base64.b64decode(db_datas) if db_datas else b""

    @api.depends("store_fname", "db_datas")
    def _compute_raw(self) -> None:
        for attachment in self:
            attachment.raw = attachment._raw_content()

    @api.depends("store_fname", "db_datas", "file_size")
    def _compute_datas(self) -> None:
        for attachment in self:
            attachment.datas = base64.b64encode(attachment._raw_content()).decode()

    def _compute_res_name(self) -> None:
        for attachment in self:
            model, rid = attachment.res_model, attachment.res_id
            if model and rid and model in self.env.registry.models:
                names = self.env[model]._display_names([rid])
                attachment.res_name = names.get(rid, False)
            else:
                attachment.res_name = False

    def _inverse_raw(self) -> None:
        for attachment in self:
            attachment._store_content(_as_bytes(attachment.raw))

    def _inverse_datas(self) -> None:
        for attachment in self:
            attachment._store_content(base64.b64decode(attachment.datas or b""))

    def _content_values(self, data: bytes, mimetype: str | None) -> dict[str, Any]:
        """What the content ``data`` sets: size, checksum, text index, and where it lies."""
        checksum = hashlib.sha1(data).hexdigest()
        values: dict[str, Any] = {
            "file_size": len(data),
            "checksum": checksum,
            "index_content": _index(data, mimetype or ""),
            "store_fname": False,
            "db_datas": data or False,
        }
        if data and self._filestore() is not None:
            values["store_fname"] = filestore.store_name(checksum)
            values["db_datas"] = False
        return values

    def _store_content(self, data: bytes) -> None:
        """Replace the content of these attachments with ``data``: the row first,
        then the file (so the file store's collection waits for this transaction),
        and the files they held put on the checklist."""
        root = self._filestore()
        for attachment in self:
            old = attachment.sudo().store_fname
            values = attachment._content_values(data, attachment.sudo().mimetype)
            models.Model.write(attachment.sudo(), values)
            if root is not None and old:
                filestore.mark_for_gc(root, old)
        if root is not None and data:
            filestore.write_file(root, data, hashlib.sha1(data).hexdigest())
            self._collect_after_commit()

    def _collect_after_commit(self) -> None:
        """Collect the file store's garbage once this transaction has committed."""
        database = self.env.registry.database
        if database.filestore is not None:
            self.env.cr.after_commit["filestore-gc"] = functools.partial(
                filestore.collect_garbage, database
            )

    def _check_contents(self, values: dict[str, Any]) -> dict[str, Any]:
        """The mimetype guessed, and kept as text/plain for markup that a user who
        may not edit views uploads (a browser would run it)."""
        mimetype = values["mimetype"] = mimes.guess_mimetype(values)
        if mimes.is_xml_like(mimetype) and (
            self.env.context.get("attachments_mime_plainxml")
            or not self.env["ir.model.access"]
            .sudo(False)
            .check("ir.ui.view", "write", raise_exception=False)
        ):
            values["mimetype"] = "text/plain"
        return values

    # --- access ------------------------------------------------------------
    @api.private
    def check_access(self, operation: str) -> None:
        """Odoo's rules for attachments on top of the model's own (see
        :mod:`jsontwo.modules.base.attachment_access`)."""
        super().check_access(operation)
        if self.env.su or not self._ids:
            return
        refused = rules.forbidden_ids(self.env, rules.security_rows(self), operation)
        if refused:
            raise rules.refusal(self.env, self.browse(refused), operation)

    def _check_links(self, model_and_ids: dict[Any, set[Any]], operation: str) -> None:
        if any(rules.inaccessible_records(self.env, model_and_ids, operation)):
            raise AccessError(rules.DOCUMENT_REFUSED)

    # --- searching -----------------------------------------------------------
    def _where_sql(self, domain: Any) -> tuple[str, list[Any]]:
        """Plain searches leave out the attachments of binary fields (unless the
        domain names ``id`` or ``res_field``), and a user finds only the
        attachments they may read."""
        domain = list(domain or [])
        if not self.env.context.get("skip_res_field_check") and not _names(
            domain, ("id", "res_field")
        ):
            domain = [*domain, ["res_field", "=", False]] if domain else [["res_field", "=", False]]
        if self.env.su:
            return super()._where_sql(domain)
        self._check_model_access("read")
        for res_model in _linked_models(domain):
            if res_model in self.env.registry.models:
                self.env[res_model]._check_model_access("read")
        where, params = super(Attachment, self.sudo())._where_sql(domain)
        cols = ", ".join(f'"ir_attachment"."{c}"' for c in rules.SECURITY_FIELDS)
        rows = self.env.cr.execute(
            f'SELECT "ir_attachment".id, {cols} FROM "ir_attachment" WHERE {where}', params
        )
        refused = set(rules.forbidden_ids(self.env, rows, "read"))
        allowed = [row[0] for row in rows if row[0] not in refused]
        if not allowed:
            return "1 = 0", []
        marks = ", ".join(["%s"] * len(allowed))
        return f'({where}) AND "ir_attachment".id IN ({marks})', [*params, *allowed]

    # --- CRUD --------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list: list[dict[str, Any]] | dict[str, Any]) -> Any:
        """Create attachments from ``datas`` (base64) or ``raw`` (bytes or text)."""
        if isinstance(vals_list, dict):
            vals_list = [vals_list]
        if not isinstance(vals_list, list) or not all(isinstance(v, dict) for v in vals_list):
            return super().create(vals_list)
        contents: dict[str, bytes] = {}
        prepared = []
        links: dict[Any, set[Any]] = defaultdict(set)
        for given in vals_list:
            values = {k: v for k, v in given.items() if k not in DERIVED}
            datas = values.pop("datas", None)
            raw = values.get("raw")
            if raw:
                values["raw"] = raw.encode() if isinstance(raw, str) else raw
            else:
                values["raw"] = base64.b64decode(datas) if datas else b""
            values = self._check_contents(values)
            data = values.pop("raw")
            if data:
                values.update(self._content_values(data, values["mimetype"]))
                contents[values["checksum"]] = data
            links[values.get("res_model")].add(values.get("res_id"))
            prepared.append(values)
        self._check_links(links, "write")
        records = super().create(prepared)
        root = self._filestore()
        if root is not None:
            for checksum, data in contents.items():
                filestore.write_file(root, data, checksum)
        return records

    def write(self, vals: dict[str, Any]) -> bool:
        """Write attachments; new content (``datas``/``raw``) recomputes its size,
        checksum and mimetype, and a new link is checked as the record's write."""
        if not isinstance(vals, dict):
            return super().write(vals)
        self.check_access("write")
        if vals.get("res_model") or vals.get("res_id"):
            links: dict[Any, set[Any]] = defaultdict(set)
            for attachment in self.sudo():
                model = vals.get("res_model", attachment.res_model)
                links[model].add(vals.get("res_id", attachment.res_id))
            self._check_links(links, "write")
        vals = {k: v for k, v in vals.items() if k not in DERIVED}
        if "mimetype" in vals or "datas" in vals or "raw" in vals:
            vals = self._check_contents(vals)
        content = None
        if "raw" in vals:
            content = _as_bytes(vals.pop("raw"))
        if "datas" in vals:
            datas = vals.pop("datas")
            content = base64.b64decode(datas) if datas else b""
        result = super().write(vals) if vals else True
        if content is not None:
            self._store_content(content)
        return result

    def copy_data(self, default: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """A copy holds the same content (its checksum and file worked out again),
        unless ``default`` gives one."""
        default = dict(default or {})
        vals_list = super().copy_data(default)
        if not default.keys() & {"datas", "db_datas", "raw"}:
            for attachment, vals in zip(self, vals_list, strict=True):
                vals.pop("db_datas", None)
                vals["raw"] = attachment.sudo().raw
        return vals_list

    def unlink(self) -> bool:
        """Delete the attachments; their files go when no attachment names them
        any more, once this transaction has committed."""
        root = self._filestore()
        fnames = []
        if root is not None and self._ids:
            rows = self.sudo().read(["store_fname"], load=None)
            fnames = [row["store_fname"] for row in rows if row["store_fname"]]
        result = super().unlink()
        for fname in dict.fromkeys(fnames):
            filestore.mark_for_gc(root, fname)
        if fnames:
            self._collect_after_commit()
        return result

    # --- binary fields kept as attachments -----------------------------------
    def _field_values(self, res_model: str, res_field: str, ids: Any) -> dict[int, str]:
        """``{record id: base64 content}`` of the attachments holding the binary
        field ``res_field`` of records ``ids`` of ``res_model``."""
        return attachment_fields.field_values(self, res_model, res_field, ids)

    def _set_field_values(self, res_model: str, res_field: str, values: dict[int, Any]) -> None:
        """Make the attachments of field ``res_field`` hold ``values`` (``{record
        id: base64 text or None}``): replaced, created, or deleted for no value."""
        attachment_fields.set_field_values(self, res_model, res_field, values)

    def generate_access_token(self) -> list[str]:
        """The access token of each attachment, made (a random UUID) for those that
        have none: who holds it downloads the file without signing in
        (``/web/content/<id>?access_token=...``). Needs the right to change them."""
        tokens = []
        for attachment in self:
            token = attachment.sudo().access_token
            if not token:
                token = str(uuid.uuid4())
                attachment.write({"access_token": token})
            tokens.append(token)
        return tokens

    def _validate_access(self, access_token: str | None) -> Any:
        """This attachment as the superuser when ``access_token`` is its token
        (compared in constant time), else as it is once the user's read access
        is checked (AccessError for a wrong token, as Odoo's ``validate_access``)."""
        self.ensure_one()
        if not access_token:
            if not self.sudo().public:
                self.check_access("read")
            return self
        token = self.sudo().access_token
        if not token or not hmac.compare_digest(token, access_token):
            raise AccessError("Invalid access token")
        return self.sudo()

    def _gc_file_store(self) -> int:
        """Delete the files of the file store no committed attachment names (after
        committing; run by itself after the commits that let files go)."""
        return filestore.collect_garbage(self.env.registry.database)


def _as_bytes(value: Any) -> bytes:
    if isinstance(value, str):
        # Odoo's content guess takes bytes only: it fails on text given as raw
        raise TypeError("`bin_data` must be bytes or bytearray")
    return bytes(value or b"")


def _index(data: bytes, mimetype: str) -> str | bool:
    """The printable words of a text file (as the ``strings`` command finds them)."""
    if not mimetype.startswith("text/"):
        return False
    return "\n".join(m.decode("ascii") for m in re.findall(rb"[\x20-\x7E]{4,}", data))


def _names(domain: list[Any], names: tuple[str, ...]) -> bool:
    """Whether a condition of ``domain`` is on one of the fields ``names``."""
    return any(
        isinstance(leaf, list | tuple) and len(leaf) == 3 and leaf[0] in names for leaf in domain
    )


def _linked_models(domain: list[Any]) -> list[str]:
    """The models a domain of ANDed conditions restricts ``res_model`` to (Odoo
    asks to read them, and refuses a search of a model the caller may not read)."""
    if any(isinstance(term, str) and term in ("|", "!") for term in domain):
        return []
    found: list[str] = []
    for leaf in domain:
        if isinstance(leaf, list | tuple) and len(leaf) == 3 and leaf[0] == "res_model":
            if leaf[1] == "=" and isinstance(leaf[2], str):
                found.append(leaf[2])
            elif leaf[1] == "in" and isinstance(leaf[2], list | tuple):
                found.extend(v for v in leaf[2] if isinstance(v, str))
    return found[:5] if len(found) <= 5 else []
