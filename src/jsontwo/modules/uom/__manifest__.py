{
    "name": "Units of measure",
    "version": "19.0.1.0",
    "depends": ["base"],
    "category": "Sales/Sales",
    "author": "Odoo S.A.",
}
