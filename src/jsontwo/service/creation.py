"""Creating databases: copies of a template database, made once per set of
modules, demo data or not, and code.

Loading every module's data into a new database takes a second or more (on
PostgreSQL, a few). A copy takes a few hundredths: the first database made
with given modules (and demo data or not) is built in full into a *template*
database, and every database made after, by the same code, is a copy of it
(a file copy on SQLite, ``CREATE DATABASE ... TEMPLATE`` on PostgreSQL) with
its own identity (:func:`_personalise`). A template's name carries the
registry's fingerprint (jsontwo's version, the modules' files and the schema,
as ``base.schema_fingerprint`` stamps it), so changed code makes a new
template; the older ones of the same modules are dropped past
TEMPLATES_KEPT. Where they live: :meth:`jsontwo.db.Storage.templates`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import secrets
import shutil
import uuid
from collections.abc import Sequence

import sqlalchemy as sa

from jsontwo.db import Storage, StorageError, TemplateMissing
from jsontwo.modules import MODULES
from jsontwo.modules.base.models.ir_access import VERSION_KEY
from jsontwo.modules.base.registry_version import REGISTRY_VERSION_KEY
from jsontwo.modules.catalogue import catalogue, resolve
from jsontwo.modules.installer import load_new_database
from jsontwo.orm import Environment, Registry
from jsontwo.service.databases import drop_quietly, stamp_fingerprint, with_superuser

_logger = logging.getLogger(__name__)
#: the name every template database starts with
TEMPLATE_PREFIX = "jsontwo_template_"
#: the templates kept per set of modules and demo data (several checkouts of
#: different code may share a PostgreSQL server: each keeps its own)
TEMPLATES_KEPT = 4
#: the templates kept in all (each addons path, each set of modules has its own)
TEMPLATES_MAX = 12
#: the settings that tell one database from another: new ones in each copy
#: (the two version stamps too: a process keeps caches by them)
IDENTITY_KEYS = ("database.uuid", "database.secret", VERSION_KEY, REGISTRY_VERSION_KEY)


def create_database(
    storage: Storage,
    name: str,
    demo: bool = False,
    modules: Sequence[str] | None = None,
    template: bool = True,
) -> Registry:
    """Create database ``name`` with its schema, base data and, optionally, demo
    data, with ``modules`` (and those they depend on; jsontwo's by default)
    installed: a copy of the template of these modules and this code, made
    first when there is none (``template=False``: built in full, no template
    made or used). Raises ModuleError, before anything is made, for a module
    not found."""
    names = resolve(MODULES if modules is None else modules)
    if not template:
        return build_database(storage, name, names, demo)
    registry = Registry(storage.database(name), names)  # nothing connects yet
    chosen = template_name(names, demo, registry.fingerprint, _files_root(storage))
    try:
        storage.copy_template(chosen, name)  # refuses a name taken before anything
    except TemplateMissing:  # the first of these modules and code (or dropped meanwhile)
        make_template(storage, chosen, names, demo)
        try:
            storage.copy_template(chosen, name)
        except TemplateMissing:  # dropped at once by a process making many: no template
            registry.database.dispose()
            return build_database(storage, name, names, demo)
    try:
        _copy_files(storage, chosen, name)
        with_superuser(registry, _personalise)
    except BaseException:
        registry.database.dispose()
        drop_quietly(storage, name)
        raise
    return registry


def build_database(storage: Storage, name: str, names: Sequence[str], demo: bool) -> Registry:
    """Create database ``name`` and load the data of the modules ``names``
    (resolved, in dependency order) into it: the full cost, no template."""
    storage.create_empty(name)
    try:
        database = storage.open(name)
        registry = Registry(database, names)
        registry.sync_schema()
        with_superuser(registry, lambda env: load_new_database(env, demo))
        database.analyze()
        stamp_fingerprint(registry)
    except BaseException:
        drop_quietly(storage, name)
        raise
    return registry


def template_name(names: Sequence[str], demo: bool, fingerprint: str, files: str = "") -> str:
    """The name of the template of the modules ``names``, with demo data or not,
    for the code of ``fingerprint``: the prefix, the modules' group, the code.
    The group counts the modules this server can find too: a new database lists
    them (``ir.module.module``, uninstalled), so another addons path is
    another template; and ``files``, the folder of the file stores (PostgreSQL:
    a template's attachments' files are copied from there, so another data
    folder on the same server is another template)."""
    # (not where each was found: the same modules elsewhere make the same rows)
    available = [
        repr(dataclasses.replace(d, origin=""))
        for d in sorted(catalogue().values(), key=lambda d: d.name)
    ]
    group = hashlib.sha256(repr((demo, list(names), available, files)).encode()).hexdigest()[:8]
    return f"{TEMPLATE_PREFIX}{group}_{fingerprint[:16]}"


def make_template(storage: Storage, template: str, names: Sequence[str], demo: bool) -> None:
    """Build the template ``template`` in ``storage``'s template storage (under a
    name of its own first: another process may be making the same one), and drop
    the oldest templates of the same modules past TEMPLATES_KEPT."""
    store = storage.templates()
    building = f"{template}_{uuid.uuid4().hex[:6]}"
    _logger.info("Making the template database %s (once per modules and code)", template)
    build_database(store, building, names, demo).database.dispose()
    try:
        store.seal(building)
        store.rename(building, template)
    except StorageError:
        if not store.exists(template):
            raise
        drop_quietly(store, building)  # another process made it meanwhile: theirs
        return
    _move_files(store, building, template)
    _drop_older(storage, template)


def _drop_older(storage: Storage, template: str) -> None:
    """Drop the oldest templates past TEMPLATES_KEPT of ``template``'s group (its
    modules), and the oldest of all past TEMPLATES_MAX."""
    # (the same length: not another process's template still being made)
    every = [
        n
        for n in storage.templates().list_by_age()
        if n.startswith(TEMPLATE_PREFIX) and len(n) == len(template) and n != template
    ]
    group = template[: -len(template.rpartition("_")[2])]
    same = [n for n in every if n.startswith(group)]
    stale = same[: max(0, len(same) - TEMPLATES_KEPT + 1)]
    others = [n for n in every if n not in stale]
    stale += others[: max(0, len(others) - TEMPLATES_MAX + 1)]
    for name in stale:
        drop_template(storage, name)


def list_templates(storage: Storage) -> list[str]:
    """The names of the template databases of ``storage``."""
    return [n for n in storage.templates().list() if n.startswith(TEMPLATE_PREFIX)]


def drop_template(storage: Storage, template: str) -> None:
    """Drop the template database ``template`` of ``storage`` (and its files)."""
    store = storage.templates()
    try:
        store.drop(template)
    except (StorageError, sa.exc.DBAPIError):
        # (gone, or another process dropping the same old template at this moment:
        # PostgreSQL then calls it an invalid database)
        _logger.warning("could not drop the template database %s", template)
    files = store.filestore_dir(template)
    if files is not None:
        shutil.rmtree(files, ignore_errors=True)


def _personalise(env: Environment) -> None:
    """Give a copy of a template the identity no other database shares: its
    uuid, its secret (which signs its cookies) and its version stamps."""
    params = env["ir.config_parameter"].sudo()
    for key in IDENTITY_KEYS:
        value = str(uuid.uuid4()) if key == "database.uuid" else secrets.token_hex(32)
        params.set_param(key, value)


def _files_root(storage: Storage) -> str:
    """The folder of ``storage``'s file stores ("" when files live in the databases)."""
    store = storage.filestore_dir(TEMPLATE_PREFIX)
    return str(store.parent) if store is not None else ""


def _copy_files(storage: Storage, template: str, name: str) -> None:
    """The attachments' files of ``template`` into the file store of ``name``."""
    source = storage.templates().filestore_dir(template)
    target = storage.filestore_dir(name)
    if source is not None and target is not None and source.is_dir():
        shutil.copytree(source, target, dirs_exist_ok=True)


def _move_files(store: Storage, old: str, new: str) -> None:
    """The file store of the template being made, under the template's name."""
    source, target = store.filestore_dir(old), store.filestore_dir(new)
    if source is not None and target is not None and source.is_dir():
        shutil.rmtree(target, ignore_errors=True)
        source.rename(target)
