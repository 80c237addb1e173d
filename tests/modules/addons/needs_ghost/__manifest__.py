{"name": "Needs a ghost", "version": "1.0", "depends": ["base", "ghost"]}
