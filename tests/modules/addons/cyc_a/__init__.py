"""A test module depending on cyc_b, which depends on it."""
