{
    "name": "Products & Pricelists",
    "version": "19.0.1.2",
    "depends": ["base", "mail", "uom"],
    "category": "Sales/Sales",
    "author": "Odoo S.A.",
}
