{"name": "cyc_b", "version": "1.0", "depends": ["cyc_a"]}
