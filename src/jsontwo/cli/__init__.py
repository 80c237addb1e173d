"""The ``jsontwo`` command line: serve, db, apikey."""
