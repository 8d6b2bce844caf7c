"""Readers that turn PDF, DOCX and HTML policy documents into the plain text the ingestion pipeline parses.

Every reader gives one paragraph or heading per line, in reading order, with the hard-wrapped lines of a
paragraph joined (no space between CJK characters) and page furniture (running headers, footers, page
numbers, website navigation) left out -- the same shape as the .md/.txt gazettes under data/gazettes.

The third-party libraries are imported only when a file of their format is read, so the .md/.txt path
keeps working without them.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

from ...errors import IngestError
from ..lines import join_wrapped

SUPPORTED_FORMATS = (".pdf", ".docx", ".html", ".htm")
_CANONICAL = {".htm": ".html"}

__all__ = ["SUPPORTED_FORMATS", "FormatText", "IngestError", "join_wrapped", "read_document_bytes"]


@dataclass
class FormatText:
    text: str
    metadata: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def read_document_bytes(data: bytes, name: str) -> FormatText:
    """Read a PDF, DOCX or HTML document, or raise IngestError saying what is wrong and how to fix it.

    The file's bytes decide the format when they are unambiguous (a PDF saved as .html still reads as a
    PDF, with a warning); the suffix decides otherwise.
    """
    suffix = PurePath(name).suffix.lower()
    if not data or not data.strip():
        raise IngestError(f"{name}: file is empty; nothing to ingest")
    sniffed = _sniff(data)
    if sniffed is None and suffix not in SUPPORTED_FORMATS:
        raise IngestError(
            f"{name}: unsupported file type {suffix or '(none)'!r}; documents must be "
            f"{', '.join(SUPPORTED_FORMATS)} (or .md/.txt text)")
    fmt = sniffed or _CANONICAL.get(suffix, suffix)
    if fmt == ".doc":
        raise IngestError(
            f"{name}: this is a legacy Office file (Word .doc) or a password-protected one, which cannot be read; "
            f"save it as .docx in Word/WPS, or run `libreoffice --headless --convert-to docx {name}`")
    if fmt not in SUPPORTED_FORMATS:
        raise IngestError(f"{name}: this is {fmt}, not a PDF, DOCX or HTML document; convert it to one of those")
    if fmt == ".pdf":
        from .pdf import read_pdf as reader
    elif fmt == ".docx":
        from .docx import read_docx as reader
    else:
        from .html import read_html as reader
    result = reader(data, name)
    if suffix in SUPPORTED_FORMATS and fmt != _CANONICAL.get(suffix, suffix):
        result.warnings.insert(0, f"{name}: named {suffix} but its content is {fmt[1:].upper()}; read as {fmt[1:]}")
    result.metadata.setdefault("format", fmt[1:])
    return result


def _sniff(data: bytes) -> str | None:
    head = data[:1024]
    if b"%PDF-" in head:  # the PDF spec lets junk precede the header within the first 1024 bytes
        return ".pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            return None  # a damaged zip: the suffix decides, and that reader says it is damaged
        if any(n.startswith("word/") for n in names):
            return ".docx"
        if any(n.startswith(("xl/", "ppt/")) for n in names):
            return "an Excel or PowerPoint file"
        return "a zip archive"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return ".doc"
    if b"<!doctype html" in head.lower() or b"<html" in head.lower():
        return ".html"
    return None


def tidy_line(line: str) -> str:
    """Collapse runs of spaces (incl. NBSP and the ideographic space) to one and trim the ends.

    Spaces between CJK characters are kept: '第一条 为了…' needs its space for the article parser.
    """
    return re.sub(r"[ \t\u00a0\u3000]+", " ", line).strip()


_DATE = re.compile(r"(\d{4})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*日?")


def iso_date(text: str) -> str | None:
    """'2021年12月8日', '2021-12-08', '2021/12/8', '2021.12.08 10:30' -> '2021-12-08'."""
    match = _DATE.search(text)
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"
