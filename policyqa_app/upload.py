"""Checks on an uploaded file before it reaches ingestion: its name, type and size, and what the corpus folder
already holds (no overwrite without confirmation, no duplicate).

Ingestion itself reports what is wrong inside a file (empty, binary, a PDF renamed to .txt, a scan without a
text layer, undecodable); qa.index.update.add_file writes the accepted file into the corpus.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from qa.index import sha256_file
from qa.ingest import SUPPORTED_SUFFIXES

ALLOWED_SUFFIXES = SUPPORTED_SUFFIXES
ALLOWED_TEXT = "、".join(ALLOWED_SUFFIXES)
MAX_NAME_CHARS = 120
_NAME_RE = re.compile(r"^[\w\-.()（）\[\]【】 ]+$")  # \w includes Chinese characters


class UploadError(ValueError):
    """An upload refused before ingestion; the message says why and what to do."""


def safe_name(name: str) -> str:
    """The file name to store an upload under; refuses paths, hidden names and other types."""
    name = (name or "").strip()
    if not name:
        raise UploadError("上传的文件没有文件名。")
    if "/" in name or "\\" in name or "\x00" in name or ".." in name:
        raise UploadError(f"文件名 {name!r} 含有路径或非法字符；请只上传单个文件（{ALLOWED_TEXT}），文件名不要包含 / \\ 或 ..")
    if name.startswith("."):
        raise UploadError(f"文件名 {name!r} 以“.”开头（隐藏文件）；请改名后上传。")
    suffix = Path(name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise UploadError(f"不支持的文件类型 {suffix or '（无扩展名）'}：只接受 {ALLOWED_TEXT} 文件。"
                          "旧版 Word（.doc）请另存为 .docx，扫描件请先做 OCR。")
    if len(name) > MAX_NAME_CHARS or not _NAME_RE.match(name):
        raise UploadError(f"文件名 {name!r} 过长或含有特殊字符；请只用中英文、数字、空格和 - _ . ( ) 命名"
                          f"（不超过 {MAX_NAME_CHARS} 个字符）。")
    return name


def check_size(size: int, max_bytes: int) -> None:
    if size <= 0:
        raise UploadError("文件是空的（0 字节）；请检查后重新上传。")
    if size > max_bytes:
        raise UploadError(f"文件大小 {size / 1048576:.1f} MB 超过上限 {max_bytes / 1048576:.0f} MB；"
                          "请拆分为单期公报后分别上传。")


def stage_upload(src: str | Path, name: str, staging_dir: str | Path, max_bytes: int) -> Path:
    """Copy an uploaded file into ``staging_dir`` (a private folder) under its checked name."""
    src, name = Path(src), safe_name(name)
    if not src.is_file():
        raise UploadError("没有收到上传的文件内容；请重新选择文件。")
    check_size(src.stat().st_size, max_bytes)
    staged = Path(staging_dir) / name
    shutil.copyfile(src, staged)
    return staged


def already_in_corpus(staged: Path, corpus_dir: Path, replace: bool = False) -> bool:
    """True when the corpus already holds this very file (same name and content: nothing to do).

    A different file of the same name is refused unless ``replace`` (the admin confirmed it); the same content
    under another name is refused as a duplicate."""
    dest = corpus_dir / staged.name
    if dest.resolve().parent != corpus_dir.resolve():
        raise UploadError(f"文件名 {staged.name!r} 指向公报目录之外；请改名后上传。")
    digest = sha256_file(staged)
    if dest.exists():
        if sha256_file(dest) == digest:
            return True
        if not replace:
            raise UploadError(f"已有同名文件 {staged.name}，内容不同。为避免误覆盖已收录的公报：如确认用新文件替换它，"
                              f"请勾选“替换同名文件”后再上传；否则请改名后上传。")
    for other in sorted(corpus_dir.iterdir()):
        if other.is_file() and other.suffix.lower() in ALLOWED_SUFFIXES and sha256_file(other) == digest:
            raise UploadError(f"该文件与已收录的 {other.name} 内容相同，无需重复上传。")
    return False
