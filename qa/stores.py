"""Where the chunks, vectors and keyword index live: chosen by one value, ``--store`` / ``POLICYQA_STORE``.

    local                          FAISS + BM25 files in the index directory (the default)
    milvus:///path/to/file.db      Milvus Lite, embedded: a file database started inside this process
    http://host:19530              a Milvus standalone server or cluster (https:// too); the credentials come
                                   from POLICYQA_MILVUS_TOKEN or POLICYQA_MILVUS_USER + POLICYQA_MILVUS_PASSWORD

A Milvus URI may name the collection: ``…?collection=henan`` (default ``policyqa``). Credentials in a URI are
refused, so they never reach a command line, a log or an error message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from .choices import Choice
from .errors import InputError

DEFAULT_COLLECTION = "policyqa"
COLLECTION_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,200}$")
LITE_FILE_RE = re.compile(r"^[a-zA-Z0-9.\-_]{1,36}$")  # what Milvus Lite accepts as a database file name
ALLOWED = ("local (FAISS + BM25 files in --index-dir, the default); milvus:///absolute/path/policyqa.db (Milvus Lite, "
           "embedded); http://host:19530 or https://host:19530 (a Milvus server or cluster), each optionally "
           "followed by ?collection=NAME")


class StoreKind(Choice):
    LOCAL = "local"
    MILVUS_LITE = "milvus"  # milvus:///path/to/file.db
    MILVUS_SERVER = "http"  # http:// or https://

    @property
    def is_milvus(self) -> bool:
        return self is not StoreKind.LOCAL

    @property
    def label(self) -> str:
        """How the app's /healthz names it."""
        return {StoreKind.LOCAL: "local", StoreKind.MILVUS_LITE: "milvus-lite",
                StoreKind.MILVUS_SERVER: "milvus-server"}[self]


@dataclass(frozen=True)
class MilvusCredentials:
    """A token, or a user and password, for a Milvus server; read from the environment only."""

    token: str = ""
    user: str = ""
    password: str = ""

    def __repr__(self) -> str:  # never a secret in a log line or a traceback
        return f"MilvusCredentials(token={'***' if self.token else ''!r}, user={self.user!r}, password=***)"

    def secrets(self) -> list[str]:
        return [s for s in (self.token, self.password) if s]


@dataclass(frozen=True)
class StoreSpec:
    kind: StoreKind
    uri: str = ""  # what pymilvus connects to: a file path (Milvus Lite) or http(s)://host:port
    collection: str = DEFAULT_COLLECTION
    credentials: MilvusCredentials = MilvusCredentials()

    @classmethod
    def parse(cls, value: str | StoreSpec | None, credentials: MilvusCredentials | None = None) -> StoreSpec:
        if isinstance(value, StoreSpec):
            return value
        text = (value or "local").strip()
        if text.lower() == StoreKind.LOCAL.value:
            return cls(StoreKind.LOCAL)
        parts = urlsplit(text)
        if parts.username or parts.password:
            raise InputError(f"store {mask_userinfo(text)!r} carries credentials; remove them from the URI and set "
                             f"POLICYQA_MILVUS_TOKEN, or POLICYQA_MILVUS_USER and POLICYQA_MILVUS_PASSWORD")
        query = parse_qs(parts.query)
        unknown = sorted(set(query) - {"collection"})
        collection = (query.get("collection") or [DEFAULT_COLLECTION])[-1]
        if unknown or not COLLECTION_RE.match(collection):
            raise InputError(f"store {text!r}: the only URI parameter is ?collection=NAME (letters, digits, _; not "
                             f"starting with a digit), got {parts.query!r}")
        if parts.scheme == "milvus":
            path = Path(parts.netloc + parts.path).expanduser().resolve()
            if not LITE_FILE_RE.match(path.name) or path.suffix != ".db":
                raise InputError(f"store {text!r}: Milvus Lite needs a database file named like policyqa.db (letters, "
                                 f"digits, . - _, at most 36 characters, ending in .db), got {path.name!r}")
            return cls(StoreKind.MILVUS_LITE, str(path), collection)
        if parts.scheme in ("http", "https") and parts.hostname:
            return cls(StoreKind.MILVUS_SERVER, f"{parts.scheme}://{parts.netloc}", collection,
                       credentials or MilvusCredentials())
        raise InputError(f"store {text!r} is not one PolicyQA knows; use one of: {ALLOWED}")

    def __str__(self) -> str:
        if self.kind is StoreKind.LOCAL:
            return "local"
        shown = f"milvus://{self.uri}" if self.kind is StoreKind.MILVUS_LITE else self.uri
        return f"{shown}?collection={self.collection}"


def mask_userinfo(uri: str) -> str:
    """``http://user:secret@host`` as ``http://***@host``."""
    return re.sub(r"//[^/@]*@", "//***@", uri)
