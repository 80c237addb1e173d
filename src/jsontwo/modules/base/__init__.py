"""The base module: partners, countries, currencies, companies, users, API keys."""

from jsontwo.modules.base import models
from jsontwo.modules.base.loading import load_data, load_demo, upgrade_data

__all__ = ["load_data", "load_demo", "models", "upgrade_data"]
