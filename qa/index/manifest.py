"""The manifest: the parameters an index was built with and the source files it covers.

It decides, without reading any corpus text, whether an index can serve a request: the same embedder,
chunker and tokenizer, and source files whose size and modification time (or, when those changed, sha256)
are the ones recorded. It is validated field by field when read: anything unexpected is refused with the fix.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from ..errors import IndexCorruptedError

MANIFEST_VERSION = 3  # 3: chunks stored as columns, BM25 as a plain score matrix, the collection's text
REBUILD_HINT = "rebuild with `policyqa index --rebuild`"
MANIFEST_FILE = "manifest.json"
_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class SourceEntry:
    """One indexed source file: what staleness is decided on, and what it produced."""

    size: int
    mtime_ns: int
    sha256: str
    documents: int
    chunks: int


@dataclass
class Manifest:
    embedder: dict
    dim: int
    chunker_version: str
    max_chunk_chars: int
    tokenizer: str
    roots: dict[str, str]  # source prefix -> the folder (or single file) its sources are read from
    sources: dict[str, SourceEntry]  # path within the corpus -> entry
    chunk_count: int
    document_count: int
    dense_index: str  # "flat" or "ivf"
    created_at: str
    build_seconds: float
    checksums: dict[str, str] = field(default_factory=dict)  # file of the version -> sha256
    version: int = MANIFEST_VERSION

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2)

    @classmethod
    def from_json(cls, text: str, where: str) -> Manifest:
        """Parse and validate; ``where`` names the file in errors."""
        try:
            data = json.loads(text)
        except ValueError as err:
            raise IndexCorruptedError(f"{where} is not valid JSON ({err}); {REBUILD_HINT}") from None
        if not isinstance(data, dict):
            raise IndexCorruptedError(f"{where} must hold a JSON object, got {type(data).__name__}; {REBUILD_HINT}")
        version = data.get("version")
        if version != MANIFEST_VERSION:
            from ..errors import IndexMismatchError

            raise IndexMismatchError(f"index format version {version!r}, this PolicyQA reads {MANIFEST_VERSION}; "
                                     f"{REBUILD_HINT}")
        problems = [p for p in (_check(name, kind, data.get(name)) for name, kind in _SCHEMA.items()) if p]
        unknown = sorted(set(data) - set(_SCHEMA) - {"version"})
        if unknown:
            problems.append(f"unknown fields {', '.join(unknown)}")
        if not problems:  # every field has its type: check what is inside them
            problems = _content_problems(data)
        if problems:
            raise IndexCorruptedError(f"{where} is not a valid manifest: {'; '.join(problems[:5])}; {REBUILD_HINT}")
        data["sources"] = {s: SourceEntry(**e) for s, e in data["sources"].items()}
        return cls(**{k: v for k, v in data.items() if k in _SCHEMA or k == "version"})

    def same_embedder(self, embedder: dict, dim: int) -> bool:
        """Whether this index's vectors are the ones ``embedder`` makes (a vector depends on nothing else)."""
        return self.embedder == embedder and self.dim == dim

    def mismatches(self, embedder: dict, dim: int, chunker_version: str, tokenizer: str) -> list[str]:
        """Why this index cannot serve these parameters (empty: it can)."""
        reasons = []
        if not self.same_embedder(embedder, dim):
            reasons.append(f"built with embedder {self.embedder.get('name')} (dim {self.dim}), now "
                           f"{embedder.get('name')} (dim {dim})")
        if self.chunker_version != chunker_version:
            reasons.append(f"chunker version {self.chunker_version}, now {chunker_version}")
        if self.tokenizer != tokenizer:
            reasons.append(f"tokenizer {self.tokenizer}, now {tokenizer}")
        return reasons


_SCHEMA: dict[str, Any] = {
    "embedder": dict, "dim": int, "chunker_version": str, "max_chunk_chars": int, "tokenizer": str, "roots": dict,
    "sources": dict, "chunk_count": int, "document_count": int, "dense_index": ("flat", "ivf"), "created_at": str,
    "build_seconds": (int, float), "checksums": dict,
}
_ENTRY_FIELDS = {"size": int, "mtime_ns": int, "sha256": str, "documents": int, "chunks": int}


def _check(name: str, kind: Any, value: Any) -> str | None:
    if isinstance(kind, tuple) and all(isinstance(k, str) for k in kind):
        return None if value in kind else f"{name}={value!r} (allowed: {', '.join(kind)})"
    if isinstance(value, bool) or not isinstance(value, kind):
        expected = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        return f"{name} must be {expected}, got {type(value).__name__}"
    if isinstance(value, int) and value < 0:
        return f"{name}={value} is negative"
    return None


def _content_problems(data: dict) -> list[str]:
    """What PolicyQA never writes inside well-typed fields: the checksums that make tampering visible cannot be
    emptied or point outside the version, roots are absolute folder names, and the counts add up."""
    problems = []
    if not isinstance(data["embedder"].get("name"), str):
        problems.append("embedder has no name")
    for prefix, root in data["roots"].items():
        if not isinstance(root, str) or not root.startswith("/"):
            problems.append(f"roots[{prefix!r}]={root!r} is not an absolute path")
    sources = data["sources"]
    for source, entry in sources.items():
        problems += [f"sources[{source!r}]: {p}" for p in _entry_problems(entry, _ENTRY_FIELDS)]
    if not problems:
        counted = (sum(e["chunks"] for e in sources.values()), sum(e["documents"] for e in sources.values()))
        if counted != (data["chunk_count"], data["document_count"]):
            problems.append(f"chunk_count {data['chunk_count']} and document_count {data['document_count']}, but "
                            f"the sources add up to {counted[0]} and {counted[1]}")
    checksums = data["checksums"]
    if not checksums:
        problems.append("checksums: empty (integrity cannot be checked without them)")
    for name, digest in checksums.items():
        if name.startswith("/") or ".." in name.split("/") or name == MANIFEST_FILE:
            problems.append(f"checksums names {name!r}, not a file of the version")
        elif not isinstance(digest, str) or not _SHA256.fullmatch(digest):
            problems.append(f"checksums[{name!r}]={digest!r} is not a sha256")
    return problems


def _entry_problems(entry: Any, expected: dict[str, type]) -> list[str]:
    if not isinstance(entry, dict):
        return [f"must be an object, got {type(entry).__name__}"]
    if set(entry) != set(expected):
        return [f"fields {sorted(entry)}, expected {sorted(expected)}"]
    return [p for p in (_check(k, t, entry[k]) for k, t in expected.items()) if p]
