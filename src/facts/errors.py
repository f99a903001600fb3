"""Errors the core raises; the CLI turns each into one sentence on stderr and an exit code."""


class FactsError(Exception):
    """A problem the user can act on; the message is one sentence."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class StoreError(FactsError):
    """The store is missing, unreadable or does not pass validation."""


class NotFoundError(FactsError):
    """A named thing (speaker, claim id, source) is not in the store."""


class QueryError(FactsError):
    """A query or option value cannot be used; this is a usage error."""

    exit_code = 2
