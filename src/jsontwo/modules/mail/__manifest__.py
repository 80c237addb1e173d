{
    "name": "Discuss",
    "version": "19.0.1.19",
    "depends": ["base"],
    "category": "Productivity/Discuss",
    "summary": "Chat, mail gateway and private channels",
    "sequence": 145,
    "application": True,
    "author": "Odoo S.A.",
}
