{
    "name": "Invoicing",
    "version": "19.0.1.4",
    "depends": ["base", "product"],
    "category": "Accounting/Accounting",
    "summary": "Invoices & Payments",
    "sequence": 10,
    "application": True,
    "website": "https://www.odoo.com/app/invoicing",
    "author": "Odoo S.A.",
}
