"""Reading a source file safely: .md/.txt with encoding detection, .pdf/.docx/.html through their readers
(``qa.ingest.formats``), and clear refusals for anything else."""

from __future__ import annotations

import hashlib
import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import IngestError
from .formats import SUPPORTED_FORMATS, read_document_bytes

TEXT_SUFFIXES = (".md", ".txt")
SUPPORTED_SUFFIXES = (*TEXT_SUFFIXES, *SUPPORTED_FORMATS)
DEFAULT_MAX_FILE_MB = 20.0

# Magic numbers of files people rename to .txt by mistake, with the fix for each.
_MAGIC = (
    (b"%PDF", "a PDF document", ("rename it to .pdf (its text layer is read), or extract its text first (e.g. "
                                 "`pdftotext -layout FILE.pdf FILE.txt`)")),
    (b"PK\x03\x04", "a zip archive (a Word .docx or similar)",
     "rename it to .docx if it is a Word document, or open it in Word/WPS and save as plain text (UTF-8)"),
    (b"\xd0\xcf\x11\xe0", "a legacy Office file (Word .doc)",
     "open it in Word/WPS and save as plain text (UTF-8), or run `libreoffice --headless --convert-to txt FILE`"),
    (b"{\\rtf", "an RTF document", "save it as plain text (UTF-8)"),
    (b"\x89PNG", "a PNG image", "run OCR on it first and ingest the text"),
    (b"\xff\xd8\xff", "a JPEG image", "run OCR on it first and ingest the text"),
)


@dataclass
class SourceText:
    name: str
    text: str
    encoding: str
    sha256: str
    warnings: list[str]
    metadata: dict[str, str] = field(default_factory=dict)  # what a reader found beside the text (文号, dates …)


def read_source(path: Path, max_file_mb: float = DEFAULT_MAX_FILE_MB, name: str | None = None) -> SourceText:
    """Read and decode one gazette file, or raise IngestError saying what is wrong and how to fix it."""
    if path.is_symlink() and not path.is_file():
        _refuse_link(path, name or path.name)
    if not path.exists():
        raise IngestError(f"{path}: no such file or directory; check the path (the bundled corpus is data/gazettes)")
    if not path.is_file():
        raise IngestError(f"{path}: not a regular file")
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise IngestError(
            f"{path.name}: unsupported file type {path.suffix or '(none)'!r}; give a document as "
            f"{', '.join(SUPPORTED_SUFFIXES)}"
        )
    size = path.stat().st_size
    if size > max_file_mb * 1024 * 1024:
        raise IngestError(
            f"{path.name}: file is {size / 1024 / 1024:.1f} MB, over the {max_file_mb:g} MB limit for one gazette "
            f"issue; split it into one file per issue, or raise the limit with --max-file-mb"
        )
    data = path.read_bytes()
    if path.suffix.lower() in SUPPORTED_FORMATS:
        read = read_document_bytes(data, name or path.name)
        return SourceText(name or path.name, read.text, read.metadata.get("format", path.suffix[1:]),
                          hashlib.sha256(data).hexdigest(), read.warnings, read.metadata)
    return decode_source(name or path.name, data)


def _refuse_link(path: Path, name: str) -> None:
    if path.is_dir():
        raise IngestError(f"{name}: a symbolic link to a folder, which is not followed (it could lead back into the "
                          f"corpus); copy the folder in, or index it beside the corpus with `policyqa index FOLDER --add`")
    raise IngestError(f"{name}: a symbolic link that loops or points at nothing (-> {os.readlink(path)}); remove it or "
                      f"point it at a document")


def decode_source(name: str, data: bytes) -> SourceText:
    digest = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise IngestError(f"{name}: file is empty; nothing to ingest")
    for magic, what, fix in _MAGIC:
        if data.startswith(magic):
            raise IngestError(f"{name}: this is {what}, not gazette text; {fix}")
    if b"\x00" in data[:65536]:
        raise IngestError(
            f"{name}: contains NUL bytes, so it is a binary file or UTF-16 text, not UTF-8/GB18030 text; "
            f"save it as UTF-8 plain text"
        )
    warnings: list[str] = []
    text, encoding = _decode(name, data, warnings)
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    if controls > max(8, len(text) // 200):
        raise IngestError(
            f"{name}: {controls} control characters in {len(text)} characters; this looks like a binary file, "
            f"not gazette text"
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = text.removeprefix("\ufeff")
    if not text.strip():  # a lone BOM, or only the broken bytes a truncated file ends in
        why = "; ".join(warnings) or "only a byte-order mark or blank characters"
        raise IngestError(f"{name}: no text in its {len(data)} bytes once decoded as {encoding} ({why}); nothing to "
                          f"ingest")
    return SourceText(name=name, text=text, encoding=encoding, sha256=digest, warnings=warnings)


def _decode(name: str, data: bytes, warnings: list[str]) -> tuple[str, str]:
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as err:
        utf8_error = err
    # A file cut off in the middle of its last character: keep everything before it, and say so.
    if utf8_error.start >= len(data) - 3 and utf8_error.reason == "unexpected end of data":
        warnings.append(
            f"{name}: the last {len(data) - utf8_error.start} byte(s) are an incomplete UTF-8 character "
            f"(truncated file?); they were dropped"
        )
        return data[: utf8_error.start].decode("utf-8"), "utf-8"
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as err:
        raise IngestError(
            f"{name}: bytes at offset {utf8_error.start} are not valid UTF-8, and the file is not valid "
            f"GB18030/GBK either (offset {err.start}); re-save it as UTF-8 text"
        ) from None
    if not _looks_chinese(text):
        raise IngestError(
            f"{name}: not valid UTF-8 (offset {utf8_error.start}), and decoding it as GB18030 gives no readable "
            f"Chinese; re-save it as UTF-8 text"
        )
    return text, "gb18030"


def _looks_chinese(text: str) -> bool:
    """GB18030 decodes almost any bytes; real Chinese text is dominated by common CJK and ASCII."""
    sample = text[:20000]
    non_ascii = [ch for ch in sample if ord(ch) > 127]
    if not non_ascii:
        return True
    common = sum(1 for ch in non_ascii if "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f"
                 or "\uff00" <= ch <= "\uffef")
    return common / len(non_ascii) > 0.9
