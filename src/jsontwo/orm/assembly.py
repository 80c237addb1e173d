"""Assembling a database's model classes from the definitions modules declare.

Model *definitions* are the classes modules declare: one per ``_name``, plus
extensions that name it in ``_inherit``. For one database, the registry asks
this module for one class per model, built from the definitions of its
modules: its fields set up (each model gets its own copies, plus the magic
fields every model has), its relations checked and completed (the many2many
tables' names), and the fields of its ``_inherits`` parents added as related
fields through the link.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import importlib
import importlib.util
from collections.abc import Sequence
from pathlib import Path

from jsontwo.orm import computing
from jsontwo.orm import fields as f
from jsontwo.orm.manual import ManualSchema, add_manual
from jsontwo.orm.models import DEFINITIONS, MODULE_PACKAGES, BaseModel
from jsontwo.orm.writing import MAGIC_FIELDS


def module_path(module: str) -> str:
    """The Python module declaring the models of ``module``.

    A bare name (``"base"``) is a business module, ``jsontwo.modules.<name>``;
    a dotted path (``"tests.orm.testmodels"``) is any importable Python module,
    whose model classes count as that module's definitions (their ``_module``
    is their Python module path). Tests declare their own models this way. A
    module from outside jsontwo is the package registered for it
    (:func:`jsontwo.orm.models.register_module_package`).
    """
    for package, name in MODULE_PACKAGES.items():
        if name == module:
            return package
    return module if "." in module else f"jsontwo.modules.{module}"


@functools.cache
def source_digest(modules: tuple[str, ...]) -> str:
    """A digest of the files of ``modules`` (their code, data and demo files):
    it changes with any edit, so a database opened by changed modules is
    brought up to them (its schema synced, their ``upgrade_data`` run) even
    when no version number moved. Once per process: about 10 ms."""
    digest = hashlib.sha256()
    for module in modules:
        spec = importlib.util.find_spec(module_path(module))
        if spec is None or spec.origin is None:
            raise ImportError(f"Module {module!r} cannot be found")
        origin = Path(spec.origin)
        files = (
            sorted(p for p in origin.parent.rglob("*") if _is_source(p))
            if spec.submodule_search_locations
            else [origin]
        )
        digest.update(module.encode())
        for path in files:
            digest.update(str(path.relative_to(origin.parent)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _is_source(path: Path) -> bool:
    """Whether ``path`` is one of a module's own files (not compiled bytecode)."""
    return path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"


def assemble_models(
    modules: Sequence[str], manual: ManualSchema | None = None
) -> dict[str, type[BaseModel]]:
    """One class per model name, combining the definitions of ``modules``, plus
    the models and fields the database's administrators made at run time
    (``manual``, read from its ``ir.model``/``ir.model.fields``)."""
    assembled: dict[str, type[BaseModel]] = {}
    for name, classes in _group_definitions(modules).items():
        # the last extension first: its methods override (and super() reaches) the earlier ones
        bases = tuple(reversed(classes))
        assembled[name] = type(
            name.replace(".", "_"), bases, {"_name": name, "_assembled": True, "__slots__": ()}
        )
    if manual:
        add_manual(assembled, manual)
    for cls in assembled.values():
        _setup_fields(cls)
    for cls in assembled.values():
        _setup_relations(cls, assembled)
    done: set[str] = set()
    for cls in assembled.values():
        _add_inherited_fields(cls, assembled, done)
        display_name = cls._fields["display_name"]
        if display_name.compute:  # the rec name may be an inherited field
            display_name.depends = _compute_depends(cls, display_name.compute)
    return assembled


def field_group_specs(models: dict[str, type[BaseModel]]) -> tuple[str, ...]:
    """The distinct ``groups`` of the fields of ``models``, sorted (what field
    access depends on)."""
    return tuple(
        sorted(
            {fld.groups for cls in models.values() for fld in cls._fields.values() if fld.groups}
        )
    )


def sturdy_fields(models: dict[str, type[BaseModel]]) -> dict[tuple[str, str], str | None]:
    """The fields of ``models`` that are no column but change with the columns of
    one model at most (see :class:`~jsontwo.orm.cache.RecordCache`): a stored
    x2many without a domain, with its comodel; a binary kept as an attachment,
    with None (computed too: as a stored column, it changes when it is
    recomputed, which caches its new value)."""
    sturdy: dict[tuple[str, str], str | None] = {}
    for name, cls in models.items():
        for fname, fld in cls._fields.items():
            if isinstance(fld, f.Binary) and fld.in_attachment:
                sturdy[(name, fname)] = None
            elif (
                isinstance(fld, f.One2many | f.Many2many)
                and fld.store
                and not (fld.compute or fld.related or fld.domain)
            ):
                sturdy[(name, fname)] = fld.comodel_name
    return sturdy


def _group_definitions(modules: Sequence[str]) -> dict[str, list[type[BaseModel]]]:
    """``{model: [its definition, then its extensions]}`` for the definitions of
    ``modules`` (imported here): module by module in the order of ``modules``
    (dependencies first), then in the order each module declared them. Python's
    import order does not count: a test that imports ``sale`` before ``product``
    still gets product's definition before sale's extension."""
    for module in modules:
        importlib.import_module(module_path(module))
    rank = {module: i for i, module in enumerate(modules)}
    chosen = [d for d in DEFINITIONS if d._module in rank]
    groups: dict[str, list[type[BaseModel]]] = {}
    for definition in sorted(
        chosen, key=lambda d: rank[d._module]
    ):  # stable: keeps declaration order
        own_name = definition.__dict__.get("_name")
        inherit = definition.__dict__.get("_inherit")
        if own_name and own_name != inherit:
            if own_name in groups:
                raise TypeError(f"Model {own_name} is defined twice ({definition})")
            groups[own_name] = [definition]
        elif inherit:
            if inherit not in groups:
                raise TypeError(f"{definition} extends unknown model {inherit}")
            groups[inherit].append(definition)
    return groups


def _add_inherited_fields(
    cls: type[BaseModel], models: dict[str, type[BaseModel]], done: set[str]
) -> None:
    """Give a model with ``_inherits`` every field of its parents it does not
    define itself, as a field related through the link (Odoo's delegation)."""
    if cls._name in done:
        return
    done.add(cls._name)
    for parent_name, link in cls._inherits.items():
        parent = models.get(parent_name)
        if parent is None:
            raise TypeError(f"{cls._name}: _inherits names unknown model {parent_name!r}")
        field = cls._fields.get(link)
        if not isinstance(field, f.Many2one) or field.comodel_name != parent_name:
            raise TypeError(
                f"{cls._name}: _inherits link {link!r} is not a many2one to {parent_name}"
            )
        _add_inherited_fields(parent, models, done)
        for name, parent_field in parent._fields.items():
            if name in cls._fields:
                continue
            own = copy.copy(parent_field)
            own.__dict__.pop("column_in_table", None)  # a cached property of the parent's field
            own.model_name = cls._name
            own.related = f"{link}.{name}"
            own.depends = (own.related,)
            own.store = False
            own.compute = own.inverse = None
            own.default = None
            own.index = False
            own.inherited_field = parent_field
            # as in Odoo: writable (on the parent) unless the parent's field is not
            own.readonly = parent_field.readonly
            own.copy = parent_field.copy
            cls._fields[name] = own
            setattr(cls, name, own)


def _setup_fields(cls: type[BaseModel]) -> None:
    """Give the assembled ``cls`` its table name and its own copies of its fields
    (the magic ones included), with their compute dependencies, and its
    constraint methods and defaulted fields."""
    cls._table = cls._name.replace(".", "_")
    declared, constraints = _declared_members(cls)
    fields: dict[str, f.Field] = {}
    magic = _magic_fields(cls._log_access)
    fields["id"] = magic.pop("id")
    for name, field in declared.items():
        own = copy.copy(field)  # definitions are shared by every registry: never set up in place
        own.name = name
        fields[name] = own
    for name, field in magic.items():
        fields.setdefault(name, field)
    if cls._parent_store and "parent_path" not in fields:
        fields["parent_path"] = f.Char("Parent Path", index=True, copy=False)
        fields["parent_path"].name = "parent_path"
    for name, field in fields.items():
        field.model_name = cls._name
        if field.compute:
            method = getattr(cls, field.compute, None)
            if method is None:
                raise TypeError(f"{field}: compute method {field.compute} is missing")
            field.depends = _compute_depends(cls, field.compute)
        elif field.related and field.store:
            _setup_stored_related(cls, field)
        setattr(cls, name, field)
    cls._fields = fields
    cls._constraint_methods = constraints
    cls._defaulted_fields = tuple(
        (name, field)
        for name, field in fields.items()
        if field.default is not None
        and field.store
        and (not field.compute or not field.readonly)  # writable: as given
        and name not in MAGIC_FIELDS
    )


def _setup_stored_related(cls: type[BaseModel], field: f.Field) -> None:
    """Make a related field with ``store=True`` a stored computed field, as Odoo
    does: its column follows the path (recomputed when a hop or the target
    changes), and, unless read-only, writing it writes the target
    (:func:`~jsontwo.orm.writing.write_non_columns`)."""
    assert field.related
    method_name = f"_compute_related_{field.name}"
    fname = field.name

    def compute(self: BaseModel) -> None:
        own = self._fields[fname]
        values = computing.compute_related(self, own)
        self.env.transaction.cache.update((self._name, fname), values)

    compute.__name__ = method_name
    setattr(cls, method_name, compute)
    field.compute = method_name
    field.depends = (field.related,)
    field.copy = False


def _compute_depends(cls: type[BaseModel], method_name: str) -> tuple[str, ...]:
    """The dependencies of a compute method: those of each of its definitions, the
    most derived first, as Odoo adds them up (repeats included, as fields_get shows
    them); the base display name depends on the rec name."""
    depends: list[str] = []
    for klass in cls.__mro__:
        method = klass.__dict__.get(method_name)
        if method is None:
            continue
        depends.extend(getattr(method, "_depends", ()))
        if klass is BaseModel and method_name == "_compute_display_name":
            rec_name = cls._rec_name_field()
            depends.extend([rec_name] if rec_name else [])
    return tuple(depends)


def _declared_members(
    cls: type[BaseModel],
) -> tuple[dict[str, f.Field], list[tuple[str, tuple[str, ...]]]]:
    """The fields the classes of ``cls`` declare (a subclass's declaration replacing
    its base's), and its ``@api.constrains`` methods with the fields they check."""
    declared: dict[str, f.Field] = {}
    constraints: list[tuple[str, tuple[str, ...]]] = []
    for klass in reversed(cls.__mro__):
        for attr, value in vars(klass).items():
            if isinstance(value, f.Field):
                declared[attr] = value
            checked = getattr(value, "_constrains", None)
            if checked and callable(value):
                constraints.append((attr, tuple(checked)))
    return declared, constraints


def _setup_relations(cls: type[BaseModel], models: dict[str, type[BaseModel]]) -> None:
    """Check that the relational fields of ``cls`` point to assembled models (a
    one2many's inverse being a many2one), and name the many2many tables left
    unnamed after the two tables they join."""
    for field in cls._fields.values():
        if not isinstance(field, f._Relational):
            continue
        comodel = models.get(field.comodel_name)
        if comodel is None:
            raise TypeError(f"{field} points to unknown model {field.comodel_name!r}")
        # a computed or related one2many may have no inverse (Odoo's ir.model.view_ids)
        if isinstance(field, f.One2many) and (
            field.inverse_name or not (field.compute or field.related)
        ):
            inverse = comodel._fields.get(field.inverse_name)
            if not isinstance(inverse, f.Many2one):
                raise TypeError(f"{field}: inverse {field.inverse_name!r} is not a many2one")
        if isinstance(field, f.Many2many) and not field.relation:
            first, second = sorted([cls._table, comodel._table])
            field.relation = f"{first}_{second}_rel"
            field.column1 = field.column1 or f"{cls._table}_id"
            field.column2 = field.column2 or f"{comodel._table}_id"


def _magic_fields(log_access: bool) -> dict[str, f.Field]:
    """New instances of the fields every model has (``id``, ``display_name``), and
    with ``log_access`` those recording who created and last wrote a record."""
    magic: dict[str, f.Field] = {"id": f.Id("ID", readonly=True)}
    magic["display_name"] = f.Char("Display Name", compute="_compute_display_name")
    if log_access:
        # no foreign key on the log-access user columns: the first records of a
        # database (currencies, the users themselves) are written before any user
        magic["create_uid"] = f.Many2one(
            "res.users", "Created by", readonly=True, foreign_key=False
        )
        magic["create_date"] = f.Datetime("Created on", readonly=True)
        magic["write_uid"] = f.Many2one(
            "res.users", "Last Updated by", readonly=True, foreign_key=False
        )
        magic["write_date"] = f.Datetime("Last Updated on", readonly=True)
    for name, field in magic.items():
        field.name = name
    return magic
