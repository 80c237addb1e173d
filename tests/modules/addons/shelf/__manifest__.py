{"name": "Shelf", "version": "1.0", "depends": ["base"], "summary": "A test module"}
