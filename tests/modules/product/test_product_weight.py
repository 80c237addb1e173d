"""product.template and product.product: weight and volume (kept on the variant,
shown and written on the template, rounded to Odoo's 2 digits), and the combo
type, refused without combo choices (as Odoo does)."""

from __future__ import annotations

from tests.conftest import Api
from tests.http.test_json2 import assert_error, assert_ok
from tests.modules.base.test_apikeys import unique
from tests.modules.product.test_product import create, read, write

VALIDATION_ERROR = "odoo.exceptions.ValidationError"


def test_weight_and_volume_are_the_variants_rounded_to_2_digits(api: Api) -> None:
    template = create(api, "product.template", {"name": unique("Crate"), "weight": 1.23456})
    (variant,) = read(api, "product.template", [template], ["product_variant_ids"])[0][
        "product_variant_ids"
    ]
    assert read(api, "product.product", [variant], ["weight", "volume"]) == [
        {"id": variant, "weight": 1.23, "volume": 0.0}
    ]
    write(api, "product.template", [template], {"weight": "2", "volume": 0.5})
    assert read(api, "product.product", [variant], ["weight", "volume"])[0]["volume"] == 0.5
    write(api, "product.product", [variant], {"weight": 3.5})
    assert read(api, "product.template", [template], ["weight", "volume"]) == [
        {"id": template, "weight": 3.5, "volume": 0.5}
    ]
    write(api, "product.template", [template], {"weight": None})
    assert read(api, "product.template", [template], ["weight"])[0]["weight"] == 0.0


def test_a_weight_that_is_no_number_is_refused_as_python_does(api: Api) -> None:
    template = create(api, "product.template", {"name": unique("Crate")})
    body = {"ids": [template], "vals": {"weight": "w"}}
    error = assert_error(api.call("product.template", "write", body), 500, "builtins.ValueError")
    assert error["message"] == "could not convert string to float: 'w'"


def test_weight_and_volume_units_and_digits(api: Api) -> None:
    template = create(api, "product.template", {"name": unique("Crate")})
    row = read(api, "product.template", [template], ["weight_uom_name", "volume_uom_name"])[0]
    assert (row["weight_uom_name"], row["volume_uom_name"]) == ("kg", "m³")
    body = {"allfields": ["weight", "volume"], "attributes": ["digits", "store", "readonly"]}
    described = assert_ok(api.call("product.template", "fields_get", body))
    assert described["weight"] == {"digits": [16, 2], "store": True, "readonly": False}
    assert described["volume"] == {"digits": [16, 2], "store": True, "readonly": False}


def test_a_combo_product_needs_combo_choices(api: Api) -> None:
    template = create(api, "product.template", {"name": unique("Menu"), "type": "service"})
    body = {"ids": [template], "vals": {"type": "combo"}}
    assert_error(
        api.call("product.template", "write", body),
        422,
        VALIDATION_ERROR,
        "A combo product must contain at least 1 combo choice.",
    )
    assert read(api, "product.template", [template], ["type"])[0]["type"] == "service"
    created = {"vals_list": [{"name": unique("Menu"), "type": "combo"}]}
    assert_error(api.call("product.template", "create", created), 422, VALIDATION_ERROR)
