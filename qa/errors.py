"""One small hierarchy of errors. Every message says what was given, what is allowed and how to fix it.

``PolicyQAError`` is the root; the CLI turns any of them into a clean error line and the app into a reply.
"""

from __future__ import annotations


class PolicyQAError(Exception):
    """Anything PolicyQA refuses or cannot do, with the fix in the message."""


class InputError(PolicyQAError, ValueError):
    """A value given by a user or a caller is not allowed (a setting, a filter, an argument)."""


class IngestError(InputError):
    """A user-fixable problem with an input file; the message names the file and the fix."""


class DuplicateDocumentError(InputError):
    """A file would bring a second copy of a document the index already holds from another file."""


class IndexUnusableError(PolicyQAError, RuntimeError):
    """An index that cannot be used as it is; the message says why and what to do."""


class IndexMismatchError(IndexUnusableError):
    """The index was built with other parameters (embedder, chunker, tokenizer) or from another corpus."""


class IndexCorruptedError(IndexUnusableError):
    """An index file is missing, unreadable or does not match its checksum."""


class MissingDependencyError(PolicyQAError, ImportError):
    """An optional package is not installed; the message gives the pip command."""
