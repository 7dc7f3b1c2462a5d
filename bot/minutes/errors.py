"""Errors a secretary can act on when a document cannot be read."""


class UnreadableDocument(Exception):
    """A document that cannot be read as minutes. The message names the file."""

    def __init__(self, document: str, reason: str):
        super().__init__(f"{document}: {reason}")
        self.document = document
        self.reason = reason
