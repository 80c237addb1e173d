{
    "name": "Base",
    "version": "19.0.1.3",
    "depends": [],
    "category": "Hidden",
    "author": "Odoo S.A.",
    "auto_install": True,
}
