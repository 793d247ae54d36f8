"""One exception tree for counterpoint.

    CounterpointError
    ├── InputError            an input could not become an article (reported, skipped)
    │   ├── UnreadableInput   empty, binary, undecodable, truncated, malformed
    │   ├── InputTooLarge     over the configured size limit
    │   ├── NoArticleFound    HTML with no article body in it
    │   └── FetchError        a URL timed out, answered an error status, or was too large
    ├── WorkspaceError        the workspace (database) cannot be opened, migrated or written
    ├── ModelUnavailable      an NLP model package is not installed
    └── UsageError            the command was called wrongly (exit code 2)

Every message names the input (or the setting) and says what to do next.
"""

from __future__ import annotations


class CounterpointError(Exception):
    """Base of every error counterpoint raises on purpose."""


class InputError(CounterpointError):
    """An input could not become an article. ``source`` names it."""

    def __init__(self, source: str, reason: str):
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class UnreadableInput(InputError):
    pass


class InputTooLarge(InputError):
    pass


class NoArticleFound(InputError):
    pass


class FetchError(InputError):
    pass


class WorkspaceError(CounterpointError):
    pass


class ModelUnavailable(CounterpointError):
    pass


class UsageError(CounterpointError):
    pass
