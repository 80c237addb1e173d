"""Assembling model classes from the definitions of a registry's modules."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from jsontwo.orm import Registry
from jsontwo.orm.assembly import assemble_models
from tests.orm import testmodels, testmodels_extension
from tests.orm.conftest import run

OLD = ("base", testmodels.MODULE)
NEW = (*OLD, testmodels_extension.MODULE)


def test_modules_are_business_modules_or_python_module_paths() -> None:
    base = assemble_models(("base",))
    assert "res.partner" in base and "x.thing" not in base
    both = assemble_models(OLD)
    assert {"res.partner", "x.thing", "x.line"} <= set(both)
    assert "size" not in both["x.thing"]._fields
    assert "size" in assemble_models(NEW)["x.thing"]._fields


def test_an_extension_of_a_missing_model_is_refused() -> None:
    with pytest.raises(TypeError, match=re.escape("extends unknown model x.thing")):
        assemble_models(("base", testmodels_extension.MODULE))


def test_registries_of_other_modules_do_not_share_fields(models_registry: Registry) -> None:
    """Building a registry with an extension leaves other registries' models alone."""
    assemble_models(NEW)
    assert "size" not in models_registry["x.thing"]._fields
    with pytest.raises(ValueError, match=re.escape("Invalid field 'size'")):
        run(models_registry, lambda env: env["x.thing"].create({"size": 1}))


def test_a_module_imported_before_its_dependency_still_extends_it() -> None:
    """The registry orders definitions by the modules' order, not by Python's import
    order: importing ``sale`` first (as a test that patches it does) must not make its
    extension of product.template come before product's own definition."""
    code = (
        "import jsontwo.modules.sale\n"
        "from jsontwo.modules import MODULES\n"
        "from jsontwo.orm.assembly import assemble_models\n"
        "models = assemble_models(MODULES)\n"
        "print('invoice_policy' in models['product.template']._fields)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stderr == "" and done.stdout.strip() == "True"
