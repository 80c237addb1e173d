{"name": "Units of measure", "version": "19.0.1.0", "depends": ["base"], "author": "Odoo S.A."}
