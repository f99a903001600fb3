"""facts: look up who said what, when, and where they said it."""

__version__ = "0.1.0"
