{
    "name": "Base",
    "version": "19.0.1.3",
    "depends": [],
    "author": "Odoo S.A.",
    "auto_install": True,
}
