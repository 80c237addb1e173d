{"name": "Broken", "version": "1.0", "depends": ["base"]}
