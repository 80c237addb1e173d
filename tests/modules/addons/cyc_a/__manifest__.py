{"name": "cyc_a", "version": "1.0", "depends": ["cyc_b"]}
