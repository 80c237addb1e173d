{
    "name": "Sales",
    "version": "19.0.1.2",
    "depends": ["account"],
    "summary": "Sales internal machinery",
    "author": "Odoo S.A.",
}
