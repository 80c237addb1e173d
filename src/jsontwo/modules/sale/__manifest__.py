{
    "name": "Sales",
    "version": "19.0.1.2",
    "depends": ["account"],
    "category": "Sales/Sales",
    "summary": "Sales internal machinery",
    "author": "Odoo S.A.",
}
