"""Track S's conformance scenarios (``scenarios/sale/s*.json``): the business
models of uom, product, account and sale, recorded on a database with the sale
module and its demo data.

    python3 -m tests.conformance.gen.sale_s     # from the repository root

Every record a scenario makes carries the run suffix; demo records are looked up
by name or code, never by id. Sale order references come from a sequence that
every client of the database advances: they are masked (``S\\d{5}``).
"""
