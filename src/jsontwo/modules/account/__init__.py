"""The account module, a minimal subset: taxes (account.tax), the companies'
default taxes and the products' taxes. No journals, accounts or invoices."""

from jsontwo.modules.account import models
from jsontwo.modules.account.loading import load_data, load_demo, upgrade_data

__all__ = ["load_data", "load_demo", "models", "upgrade_data"]
