"""jsontwo: a self-hosted server that speaks Odoo 19's External JSON-2 API."""

__version__ = "0.1.0"
