{
    "name": "Products & Pricelists",
    "version": "19.0.1.2",
    "depends": ["base", "mail", "uom"],
    "author": "Odoo S.A.",
}
