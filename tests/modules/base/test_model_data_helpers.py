"""The public helpers of external ids (ir.model.data) that clients call:
``check_object_reference`` (OdooRPC's ``env.ref``) and ``toggle_noupdate``."""

from __future__ import annotations

import httpx

from jsontwo.orm import Registry
from tests.conftest import Api
from tests.http.test_json2 import assert_error, assert_ok
from tests.modules.base.test_apikeys import new_user


def reference(
    api: Api, xml_id: str, key: str | None = None, strict: bool = False
) -> httpx.Response:
    body = {"module": "base", "xml_id": xml_id, "raise_on_access_error": strict}
    return api.call("ir.model.data", "check_object_reference", body, key=key)


def test_check_object_reference_names_the_record(api: Api) -> None:
    assert assert_ok(reference(api, "main_company")) == ["res.company", 1]
    assert assert_ok(reference(api, "lang_en"))[0] == "res.lang"
    assert_error(
        reference(api, "no_such_thing"),
        500,
        "builtins.ValueError",
        "External ID not found in the system: base.no_such_thing",
    )


def test_a_record_the_search_does_not_find_is_false_or_refused(
    api: Api, registry: Registry
) -> None:
    # the superuser is archived: the search for it finds nothing
    assert assert_ok(reference(api, "user_root")) == ["res.users", False]
    assert_error(
        reference(api, "user_root", strict=True),
        403,
        "odoo.exceptions.AccessError",
        'Not enough access rights on the external ID "base.user_root"',
    )
    # a model the caller may not read at all is the model's access error
    user = new_user(registry)
    error = assert_error(
        reference(api, "autovacuum_job", key=user.key), 403, "odoo.exceptions.AccessError"
    )
    assert "'Scheduled Actions' (ir.cron)" in error["message"]


def test_toggle_noupdate_flips_the_flag_of_a_records_external_ids(api: Api) -> None:
    def flag() -> bool:
        body = {
            "domain": [["module", "=", "base"], ["name", "=", "main_partner"]],
            "fields": ["noupdate"],
        }
        return bool(assert_ok(api.call("ir.model.data", "search_read", body))[0]["noupdate"])

    partner = assert_ok(reference(api, "main_partner"))[1]
    before = flag()
    body = {"model": "res.partner", "res_id": partner}
    assert assert_ok(api.call("ir.model.data", "toggle_noupdate", body)) is None
    assert flag() is not before
    api.call("ir.model.data", "toggle_noupdate", body)
    assert flag() is before
