"""The ``jsontwo`` command line: serve, db, user, apikey."""
