"""The web client's read methods (Odoo's ``addons/web`` models; docs/internals/orm-behaviour.md, "Web reads"):
``web_read`` and ``web_search_read`` with nested *specifications*, ``web_save``,
``web_save_multi``, ``web_resequence``, ``web_name_search`` and
``web_read_group``.

A specification maps field names to sub-specifications::

    {"name": {},
     "country_id": {"fields": {"display_name": {}, "code": {}}},
     "child_ids": {"fields": {"name": {}}, "limit": 2, "order": "name",
                   "context": {"active_test": False}}}

* a plain value, or a many2one without ``fields``: the value as ``read`` gives
  it with ``load=None`` (a many2one is its bare id);
* a many2one with ``fields``: an object ``{"id", ...}`` read from the co-record
  (its ``display_name`` computed as the superuser, so a target the caller may
  not read still shows its name); ``false`` when there is no co-record;
* an x2many with ``fields``: a list of objects; ``limit`` reads only the first
  N co-records of each record, the others stay ``{"id": x}``; ``order``
  re-sorts the ids (a search, which drops those the record rules hide);
* ``context`` on any relational sub-spec: added to the co-records' context.

Every read goes through ``read`` and ``search``, so access lines, record rules
and field groups apply at every level; each field costs one batch of queries
for all the records, never one per record.

:class:`WebReadMixin` is a base class of every model (``BaseModel``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Self

from jsontwo.orm import api
from jsontwo.orm import fields as f
from jsontwo.orm.domain_tree import and_lists
from jsontwo.orm.ordering import parse_order_term
from jsontwo.orm.read_group import GroupRequest, spec_named

if TYPE_CHECKING:
    from jsontwo.orm.types import Environment

#: at most this many groups web_read_group opens by itself (Odoo's default;
#: ``context.max_number_opened_groups`` changes it)
MAX_NUMBER_OPENED_GROUPS = 10


class WebReadMixin:
    """The web client's read and save methods (a base of BaseModel)."""

    __slots__ = ()

    if TYPE_CHECKING:
        # provided by BaseModel
        env: Environment
        _ids: tuple[int, ...]
        _name: ClassVar[str]
        _order: ClassVar[str]
        _fields: ClassVar[dict[str, f.Field]]

        @property
        def ids(self) -> list[int]: ...
        def browse(self, ids: Any = ()) -> Self: ...
        def with_context(self, *args: dict[str, Any], **kwargs: Any) -> Self: ...
        def sudo(self, flag: bool = True) -> Self: ...
        def exists(self) -> Self: ...

        # BaseModel's own methods, whose parameters are theirs to declare: only what
        # they return matters here
        read: Callable[..., list[dict[str, Any]]]
        search: Callable[..., Self]
        search_count: Callable[..., int]
        search_read: Callable[..., list[dict[str, Any]]]
        name_search: Callable[..., list[tuple[int, str | bool]]]

        def create(self, vals_list: Any) -> Self: ...
        def write(self, vals: dict[str, Any]) -> bool: ...
        def _display_names(self, ids: Any) -> dict[int, str | bool]: ...
        def __iter__(self) -> Any: ...
        def __len__(self) -> int: ...
        def __getattr__(self, name: str) -> Any: ...

    # --- reading -----------------------------------------------------------
    @api.readonly
    def web_read(self, specification: dict[str, Any]) -> list[dict[str, Any]]:
        """The values of these records as ``specification`` describes them (see the
        module's documentation); ids that do not exist are left out."""
        _check_specification(specification)
        names = list(specification) or ["id"]
        if names == ["id"]:
            # the ids are known: no read, hence no access check on them, as Odoo
            # (a many2one's co-record whose display name alone is asked for)
            values_list = [{"id": rid} for rid in self._ids]
        else:
            values_list = self.read(names, load=None)
        if values_list:
            self._web_read_nested(values_list, specification)
        return values_list

    @api.model
    @api.readonly
    def web_search_read(
        self,
        domain: list[Any],
        specification: dict[str, Any],
        offset: int = 0,
        limit: int | None = None,
        order: str | None = None,
        count_limit: int | None = None,
    ) -> dict[str, Any]:
        """``{"length", "records"}``: the records matching ``domain`` (sliced and
        ordered as ``search``) read by ``specification``; ``length`` counts every
        match (up to ``count_limit``) when the page is full, or when
        ``context.force_search_count`` says so."""
        _check_specification(specification)
        names = list(specification) or ["id"]
        if "active_test" in self.env.context:
            # search_read reads x2many values without the caller's active_test, as
            # Odoo's does; web_search_read keeps it: a search, then a read
            values_list = self.search(domain, offset, limit, order).read(names, load=None)
        elif named := self._display_name_only(specification):
            # the many2one objects are {id, display_name} alone: search_read's own
            # labels give them, without reading the co-records again
            values_list = self.search_read(domain, names, offset, limit, order)
            for values in values_list:
                for name in named:
                    pair = values[name]
                    values[name] = {"id": pair[0], "display_name": pair[1]} if pair else False
            specification = {k: v for k, v in specification.items() if k not in named}
        else:
            # one statement for the rows (search_read checks the names, even when
            # nothing matches, as Odoo's search_fetch does)
            values_list = self.search_read(domain, names, offset, limit, order, load=None)
        if values_list:
            self._web_read_nested(values_list, specification)
        return self._web_search_read_result(domain, values_list, offset, limit, count_limit)

    def _display_name_only(self, specification: Mapping[str, Any]) -> list[str]:
        """The many2one fields of ``specification`` when every one of them asks for
        ``{"fields": {"display_name": {}}}`` alone (no context), else none: a
        classic read labels them all, and would label others for nothing."""
        named = []
        for name, spec in specification.items():
            if isinstance(self._fields.get(name), f.Many2one):
                if spec != {"fields": {"display_name": {}}}:
                    return []
                named.append(name)
        return named

    def _web_search_read_result(
        self,
        domain: list[Any],
        records: list[dict[str, Any]],
        offset: int,
        limit: int | None,
        count_limit: int | None,
    ) -> dict[str, Any]:
        """web_search_read's answer: the length is what the page shows unless the
        page is full (then a count, stopping at ``count_limit``)."""
        if not records:
            return {"length": 0, "records": []}
        current = len(records) + (offset or 0)
        full = len(records) == limit
        counted_enough = bool(count_limit) and count_limit <= current  # type: ignore[operator]
        forced = self.env.context.get("force_search_count")
        if limit and ((full and not counted_enough) or forced):
            length = self.search_count(domain, limit=count_limit)
        else:
            length = current
        return {"length": length, "records": records}

    @api.model
    @api.readonly
    def web_name_search(
        self,
        name: str,
        specification: dict[str, Any],
        domain: list[Any] | None = None,
        operator: str = "ilike",
        limit: int = 100,
    ) -> list[dict[str, Any]]:
        """``name_search``'s matches read by ``specification``; with
        ``{"display_name": {}}`` alone, ``{"id", "display_name",
        "__formatted_display_name"}`` per match."""
        _check_specification(specification)
        pairs = self.name_search(name, domain, operator, limit)
        ids = [rid for rid, _label in pairs]
        if list(specification) == ["display_name"]:
            formatted = self.with_context(formatted_display_name=True)._display_names(ids)
            return [
                {"id": rid, "display_name": label, "__formatted_display_name": formatted.get(rid)}
                for rid, label in pairs
            ]
        return self.browse(ids).web_read(specification)

    # --- saving ------------------------------------------------------------
    def web_save(
        self, vals: dict[str, Any], specification: dict[str, Any], next_id: int | None = None
    ) -> list[dict[str, Any]]:
        """Write ``vals`` on these records (create one when there are none), then
        read them (or the record ``next_id``) by ``specification``, binary fields
        as sizes."""
        _check_specification(specification)
        records = self
        if records:
            records.write(vals)
        else:
            records = records.create(vals)
        if next_id:
            records = records.browse(next_id)
        return records.with_context(bin_size=True).web_read(specification)

    def web_save_multi(
        self, vals_list: list[dict[str, Any]], specification: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Write ``vals_list[i]`` on the i-th record, then read them all."""
        _check_specification(specification)
        if not isinstance(vals_list, list) or len(vals_list) != len(self):
            raise ValueError("Each record must have a corresponding vals entry.")
        for record, vals in zip(self, vals_list, strict=True):
            record.write(vals)
        return self.with_context(bin_size=True).web_read(specification)

    def web_resequence(
        self, specification: dict[str, Any], field_name: str = "sequence", offset: int = 0
    ) -> list[dict[str, Any]]:
        """Number ``field_name`` of these records from ``offset`` in their order,
        then read them; nothing (``[]``) when the model has no such field."""
        _check_specification(specification)
        if field_name not in self._fields:
            return []
        for number, record in enumerate(self, start=offset):
            record.write({field_name: number})
        return self.web_read(specification)

    # --- nested specifications ---------------------------------------------
    def _web_read_nested(
        self, values_list: list[dict[str, Any]], specification: Mapping[str, Any]
    ) -> None:
        """Replace, in ``values_list`` (read dicts of these records), the values of
        the relational fields whose sub-spec asks for more than ids."""
        for name, spec in specification.items():
            field = self._fields.get(name)
            if field is None or not spec:
                continue
            if not isinstance(spec, dict):
                if isinstance(field, f._Relational | f.Properties):
                    raise ValueError(
                        f"The specification of field {name!r} must be an object, not {spec!r}"
                    )
                continue
            if isinstance(field, f.Many2one):
                if "fields" in spec:
                    self._web_read_many2one(values_list, name, field, spec)
            elif isinstance(field, f.Reference):
                if "fields" in spec:
                    self._web_read_reference(values_list, name, spec)
            elif isinstance(field, f.One2many | f.Many2many):
                self._web_read_x2many(values_list, name, field, spec)
            elif isinstance(field, f.Properties) and "fields" in spec:
                self._web_read_properties(values_list, name, spec)

    def _web_read_many2one(
        self,
        values_list: list[dict[str, Any]],
        name: str,
        field: f.Many2one,
        spec: Mapping[str, Any],
    ) -> None:
        """Many2one ids become objects read from the co-records (all of them at once)."""
        co_ids = list(dict.fromkeys(v[name] for v in values_list if v[name]))
        comodel = self.env[field.comodel_name]
        if "context" in spec:
            comodel = comodel.with_context(**spec["context"])
            if co_ids:
                comodel.env.check_context()  # as Odoo's read in that context would
        sub_spec = dict(spec["fields"])
        wants_name = sub_spec.pop("display_name", None) is not None
        co_records = comodel.browse(co_ids)
        data = {vals["id"]: vals for vals in co_records.web_read(sub_spec)}
        if wants_name:
            # computed as the superuser (the co-record's context kept): the name
            # of a target the caller may not read is still shown, as Odoo
            names = comodel._display_names(co_ids)
            for rid, vals in data.items():
                if rid in names:
                    vals["display_name"] = names[rid]
                else:  # the co-record does not exist (any more)
                    vals["id"] = False
        for values in values_list:
            value = values[name]
            if value:
                got = data.get(value)
                values[name] = got if got and got["id"] else False

    def _web_read_reference(
        self, values_list: list[dict[str, Any]], name: str, spec: Mapping[str, Any]
    ) -> None:
        """Reference texts become objects read from the records they name, whose
        ``id`` is ``{"id", "model"}`` as in Odoo; ``False`` for a record gone."""
        for values in values_list:
            target = f.Reference.split(values[name])
            if target is None or target[0] not in self.env.registry:
                values[name] = False
                continue
            comodel = self.env[target[0]]
            if "context" in spec:
                comodel = comodel.with_context(**spec["context"])
            sub_spec = dict(spec["fields"])
            wants_name = sub_spec.pop("display_name", None) is not None
            record = comodel.browse([target[1]]).exists()
            if not record:
                values[name] = False
                continue
            got = record.web_read(sub_spec)[0]
            if wants_name:
                got["display_name"] = comodel._display_names([target[1]]).get(target[1], False)
            got["id"] = {"id": target[1], "model": target[0]}
            values[name] = got

    def _web_read_x2many(
        self,
        values_list: list[dict[str, Any]],
        name: str,
        field: f.One2many | f.Many2many,
        spec: Mapping[str, Any],
    ) -> None:
        """x2many ids re-sorted (``order``) and read (``fields``, the first ``limit``
        of each record), the co-records of all the records at once."""
        co_ids = list(dict.fromkeys(i for v in values_list for i in v[name]))
        comodel = self.env[field.comodel_name]
        order = spec.get("order")
        if order and co_ids:
            # a search in the caller's context, archived co-records kept: it sorts,
            # and drops the co-records the record rules hide
            found = (
                comodel.with_context(active_test=False).search([["id", "in", co_ids]], order=order)
            ).ids
            position = {rid: index for index, rid in enumerate(found)}
            for values in values_list:
                kept = [i for i in values[name] if i in position]
                values[name] = sorted(kept, key=position.__getitem__)
            co_ids = found
        if "fields" not in spec:
            return
        if "context" in spec:
            comodel = comodel.with_context(**spec["context"])
            if co_ids:
                comodel.env.check_context()  # as Odoo's read in that context would
        limit = spec.get("limit")
        if limit is not None:
            co_ids = list(dict.fromkeys(i for v in values_list for i in v[name][:limit]))
        data = {vals["id"]: vals for vals in comodel.browse(co_ids).web_read(dict(spec["fields"]))}
        for values in values_list:
            values[name] = [data.get(i) or {"id": i} for i in values[name]]

    def _web_read_properties(
        self, values_list: list[dict[str, Any]], name: str, spec: Mapping[str, Any]
    ) -> None:
        """Keep the properties the sub-spec names, in its order; a relational
        property's value is read by its own sub-spec."""
        context = spec.get("context") or {}
        for values in values_list:
            current = values[name] or []
            kept = []
            for prop_name, prop_spec in spec["fields"].items():
                prop = next(
                    (p for p in current if isinstance(p, dict) and p.get("name") == prop_name),
                    None,
                )
                if prop is None:
                    continue
                comodel, value = prop.get("comodel"), prop.get("value")
                if comodel and value and isinstance(prop_spec, dict) and "fields" in prop_spec:
                    co = self.env[comodel].with_context(**context)
                    if prop.get("type") == "many2one":
                        prop["value"] = co.browse([value[0]]).web_read(prop_spec["fields"])
                    elif prop.get("type") == "many2many":
                        ids = [pair[0] for pair in value]
                        prop["value"] = co.browse(ids).web_read(prop_spec["fields"])
                kept.append(prop)
            values[name] = kept

    # --- grouping ----------------------------------------------------------
    @api.model
    @api.readonly
    def web_read_group(
        self,
        domain: list[Any],
        groupby: list[str],
        aggregates: Sequence[str] = (),
        limit: int | None = None,
        offset: int = 0,
        order: str | None = None,
        *,
        auto_unfold: bool = False,
        opening_info: list[dict[str, Any]] | None = None,
        unfold_read_specification: dict[str, Any] | None = None,
        unfold_read_default_limit: int | None = 80,
        groupby_read_specification: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """``{"groups", "length"}``: ``formatted_read_group`` by ``groupby[0]`` (with
        ``__count`` always), ``length`` the number of groups in all; groups are
        opened (``__groups`` with the next level, or ``__records`` read by
        ``unfold_read_specification``) as ``opening_info`` says, or, with
        ``auto_unfold``, up to 10 that are not folded."""
        if not isinstance(groupby, list | tuple) or not groupby:
            raise ValueError("web_read_group() needs at least one groupby specification")
        aggregates = list(aggregates)
        if "__count" not in aggregates:  # the sub-levels' lengths need it
            aggregates.append("__count")
        domain = list(domain or [])
        orders = _parse_group_order(order)
        first = [groupby[0]]
        groups, length = self._web_groups_with_length(
            domain, first, aggregates, offset, limit, _group_order(orders, first, aggregates)
        )
        openings: list[dict[str, Any]] = []
        self._web_open_groups(
            openings,
            groups,
            domain,
            list(groupby),
            aggregates,
            orders,
            auto_unfold,
            opening_info,
            unfold_read_default_limit,
            opening_info,
            [],
        )
        if openings:
            self._web_read_group_records(
                openings, domain, list(groupby), orders, unfold_read_specification or {}
            )
        self._web_groupby_values(groupby_read_specification, list(groupby), groups)
        return {"groups": groups, "length": length}

    def _web_groups_with_length(
        self,
        domain: list[Any],
        groupby: list[str],
        aggregates: list[str],
        offset: int,
        limit: int | None,
        order: str,
    ) -> tuple[list[dict[str, Any]], int]:
        """The groups of one level and how many there are in all."""
        groups: list[dict[str, Any]] = self.formatted_read_group(
            domain, groupby, aggregates, offset=offset, limit=limit, order=order
        )
        if not groups:
            return groups, 0
        if limit and len(groups) == limit:
            # the groups after the page, as the database gives them: only their
            # number matters
            request = GroupRequest(domain, groupby, (), (), limit, None, None)
            rest = self._read_group_columns(request)[2]
            return groups, limit + (len(rest[0]) if rest else 0)
        return groups, len(groups) + (offset or 0)

    def _web_open_groups(
        self,
        openings: list[dict[str, Any]],
        groups: list[dict[str, Any]],
        domain: list[Any],
        groupby: list[str],
        aggregates: list[str],
        orders: dict[str, str],
        auto_unfold: bool,
        opening_info: list[dict[str, Any]] | None,
        default_limit: int | None,
        parent_info: list[dict[str, Any]] | None,
        parent_domain: list[Any],
    ) -> None:
        """Open the groups to open: the last level's into ``openings`` (records read
        afterwards, all at once), the others with their subgroups (recursively)."""
        most = self.env.context.get("max_number_opened_groups")
        if not isinstance(most, int) or isinstance(most, bool) or most <= 0:
            most = MAX_NUMBER_OPENED_GROUPS  # unset, or not a number of groups
        # a client's opening_info: entries that name no group value are ignored
        info_by_value = {
            info.get("value"): info
            for info in parent_info or ()
            if isinstance(info, dict) and _hashable(info.get("value"))
        }
        spec = groupby[0]
        field = self._fields[spec.split(":")[0].split(".")[0]]
        last_level = len(groupby) == 1
        opened = 0
        for group in groups:
            has_fold = "__fold" in group
            fold = group.pop("__fold", False)
            value = group[spec]
            raw = value[0] if isinstance(value, list | tuple) else value
            limit, offset = default_limit, 0
            bar_domain: list[Any] | None = None
            sub_info: list[dict[str, Any]] | None = None
            if opening_info and _hashable(raw) and raw in info_by_value:
                info = info_by_value[raw]
                if info.get("folded"):
                    continue
                limit, offset = info.get("limit", default_limit), info.get("offset", 0)
                bar_domain = info.get("progressbar_domain")
                sub_info = info.get("groups")
            elif (
                (not auto_unfold and not has_fold)
                or opened >= most
                or fold
                or (field.relational and not value)  # the empty group stays folded
            ):
                continue
            opened += 1
            group_domain = and_lists(parent_domain, list(group.get("__extra_domain") or []))
            if last_level:
                if bar_domain:
                    group_domain = and_lists(group_domain, list(bar_domain))
                if offset and offset >= group["__count"]:
                    group["__offset"] = offset = 0
                openings.append(
                    {"domain": group_domain, "limit": limit, "offset": offset, "group": group}
                )
                continue
            next_level = [groupby[1]]
            subgroups, length = self._web_groups_with_length(
                and_lists(group_domain, domain),
                next_level,
                aggregates,
                offset,
                limit,
                _group_order(orders, next_level, aggregates),
            )
            group["__groups"] = {"groups": subgroups, "length": length}
            self._web_open_groups(
                openings,
                subgroups,
                domain,
                groupby[1:],
                aggregates,
                orders,
                False,
                opening_info,
                default_limit,
                sub_info,
                group_domain,
            )

    def _web_read_group_records(
        self,
        openings: list[dict[str, Any]],
        domain: list[Any],
        groupby: list[str],
        orders: dict[str, str],
        specification: dict[str, Any],
    ) -> None:
        """``__records`` of the opened groups: a search per group, one read for all."""
        terms = [
            f"{name} {direction}"
            for name, direction in orders.items()
            if name not in groupby and name != "__count"
        ]
        for term in self._order.split(","):
            name = term.strip().split(" ", 1)[0]
            if name not in orders and name not in groupby:
                terms.append(term)
        order = ", ".join(terms)
        found: list[list[int]] = []
        for opening in openings:
            if opening["group"]["__count"]:
                ids = self.search(
                    and_lists(domain, opening["domain"]),
                    offset=opening["offset"],
                    limit=opening["limit"],
                    order=order,
                ).ids
            else:
                ids = []
            found.append(ids)
        every = list(dict.fromkeys(i for ids in found for i in ids))
        read = dict(zip(every, self.browse(every).web_read(specification), strict=True))
        for opening, ids in zip(openings, found, strict=True):
            opening["group"]["__records"] = [read[i] for i in ids]

    def _web_groupby_values(
        self,
        specification: dict[str, Any] | None,
        groupby: list[str],
        groups: list[dict[str, Any]],
    ) -> None:
        """``__values``: the grouped-by co-record of each group read by its spec."""
        if not specification or not set(specification) & set(groupby):
            return
        current = groups
        for spec in groupby:
            if spec in specification:
                field = self._fields[spec]
                if not isinstance(field, f._Relational):
                    raise ValueError("We can only read extra info from a relational field")
                ids = [group[spec][0] for group in current if group[spec]]
                records = self.env[field.comodel_name].browse(ids)
                read = dict(zip(ids, records.web_read(specification[spec]), strict=True))
                for group in current:
                    pair = group[spec]
                    group["__values"] = read[pair[0]] if pair else {"id": False}
            current = [
                sub for group in current for sub in group.get("__groups", {}).get("groups", ())
            ]


def _check_specification(specification: Any) -> None:
    """Refuse (ValueError, as Odoo's attribute errors are 500s too) a specification
    that is not an object of objects, or a sub-spec with ill-typed keys; the
    field names are checked by ``read``."""
    if not isinstance(specification, dict):
        raise ValueError(f"A read specification is an object of field names, not {specification!r}")
    for name, spec in specification.items():
        if not spec or not isinstance(spec, dict):
            # Odoo reads a plain field whatever its sub-spec (null, true...); a
            # relational field's is checked when it is read (_web_read_nested)
            continue
        if "fields" in spec and spec["fields"] != []:  # [] reads as {}, as Odoo's dict()
            _check_specification(spec["fields"])
        if "context" in spec and not isinstance(spec["context"], dict):
            raise ValueError(f"The context of field {name!r} must be an object")
        limit = spec.get("limit")
        if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool)):
            raise ValueError(f"The limit of field {name!r} must be an integer or null")
        order = spec.get("order")
        if order is not None and order is not False and not isinstance(order, str):
            raise ValueError(f"The order of field {name!r} must be a string")


def _parse_group_order(order: str | None) -> dict[str, str]:
    """``{field[.property]: "ASC|DESC [NULLS FIRST|LAST]"}`` of a web_read_group order."""
    parsed: dict[str, str] = {}
    for term in order.split(",") if order else ():
        found = parse_order_term(term)
        if found is None:
            raise ValueError(f"Invalid order {order!r} for web_read_group()")
        key = f"{found.field}.{found.property}" if found.property else found.field
        direction = found.direction
        parsed[key] = f"{direction} NULLS {found.nulls}" if found.nulls else direction
    return parsed


def _group_order(orders: dict[str, str], groupby: list[str], aggregates: Sequence[str]) -> str:
    """The order formatted_read_group gets: the terms of ``orders`` on the grouped
    fields or aggregates, then the other groupby specs."""
    if not orders:
        return ", ".join(groupby)
    remaining = list(groupby)
    terms: list[str] = []
    for name, direction in orders.items():
        if name == "__count":
            terms.append(f"{name} {direction}")
            continue
        spec = spec_named(name, ((spec, spec) for spec in remaining))
        if spec:
            remaining.remove(spec)
            terms.append(f"{spec} {direction}")
        aggregate = spec_named(name, ((spec, spec) for spec in aggregates))
        if aggregate:
            terms.append(f"{aggregate} {direction}")
    return ", ".join(terms + remaining)


def _hashable(value: Any) -> bool:
    """Whether ``value`` can be a dict key (a group value given back by a client may
    be a list)."""
    try:
        hash(value)
    except TypeError:
        return False
    return True
