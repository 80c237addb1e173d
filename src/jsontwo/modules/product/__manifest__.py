{
    "name": "Products & Pricelists",
    "version": "19.0.1.2",
    "depends": ["base", "uom"],
    "author": "Odoo S.A.",
}
