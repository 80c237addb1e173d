"""Models of the base module (importing them declares them)."""

from jsontwo.modules.base.models import (
    apikeys,
    bank,
    company,
    config_parameter,
    country,
    currency,
    groups,
    industry,
    ir_access,
    ir_model,
    lang,
    model_data,
    partner,
    properties,
    ui_view,
    users,
)

__all__ = [
    "apikeys",
    "bank",
    "company",
    "config_parameter",
    "country",
    "currency",
    "groups",
    "industry",
    "ir_access",
    "ir_model",
    "lang",
    "model_data",
    "partner",
    "properties",
    "ui_view",
    "users",
]
