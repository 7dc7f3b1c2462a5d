"""Errors a secretary can act on when a document cannot be read."""


class UnreadableDocument(Exception):
    """A document that cannot be read as minutes. The message names the file."""

    def __init__(self, document: str, reason: str):
        super().__init__(f"{document}: {reason}")
        self.document = document
        self.reason = reason

    def __reduce__(self):
        # Read in a worker process (bot/minutes/worker.py): the error crosses back by its two parts.
        return (type(self), (self.document, self.reason))
