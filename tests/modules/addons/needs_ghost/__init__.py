"""A test module depending on a module that exists nowhere."""
