"""Models of the base module (importing them declares them)."""

from jsontwo.modules.base.models import (
    apikeys,
    company,
    config_parameter,
    country,
    currency,
    partner,
    users,
)

__all__ = ["apikeys", "company", "config_parameter", "country", "currency", "partner", "users"]
