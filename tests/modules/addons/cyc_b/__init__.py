"""A test module depending on cyc_a, which depends on it."""
