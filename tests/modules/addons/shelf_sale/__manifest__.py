{"name": "Shelf for Sales", "version": "1.0", "depends": ["sale", "shelf"]}
