"""Errors of the service as a whole (not of one document or one turn)."""


class ConfigurationError(Exception):
    """A setting is missing or wrong; the message says which and how to fix it."""
