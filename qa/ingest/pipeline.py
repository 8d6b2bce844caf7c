"""Ingest a gazette file or a folder of them into documents, provisions and chunks."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..text.instructions import looks_like_instruction
from ..types import Anomaly, Document, IngestProblem, IngestResult, IssueInfo, ProvisionKind
from .gazette import (
    DocSegment,
    find_document_starts,
    flatten_title,
    parse_issue,
    segment_documents,
    split_notice_and_main,
    stitch,
    toc_page_ranges,
)
from .lines import ARTICLE_RE, build_paragraphs, clean_lines
from .provisions import build_document
from .readers import DEFAULT_MAX_FILE_MB, SUPPORTED_SUFFIXES, IngestError, SourceText, read_source
from .single import single_document


def ingest_text(source: SourceText) -> IngestResult:
    """Parse one decoded file into its issue metadata, documents and provisions."""
    started = time.perf_counter()
    result = IngestResult()
    lines = clean_lines(source.text)
    starts = find_document_starts(lines)
    issue = parse_issue(source.name, lines, starts[0][0] if starts else 0)
    issue.sha256, issue.encoding = source.sha256, source.encoding
    for warning in source.warnings:
        result.anomalies.append(Anomaly("encoding", source.name, warning))
    known_titles = {flatten_title(e.title) for e in issue.toc}
    segments = segment_documents(lines, issue, result.anomalies)
    if not segments:
        return _single(lines, source, issue, result, started)
    notices: dict[int, list] = {}
    fragments: dict[int, list] = {}
    for seg in segments:
        notice, main, fragment_region = split_notice_and_main(seg)
        notices[seg.index] = notice
        seg.main = build_paragraphs(main, known_titles, section_headings=not _has_articles(main))
        if fragment_region:
            fragments[seg.index] = fragment_region
    stitch(segments, fragments, issue, known_titles, result.anomalies)
    for seg in segments:
        doc = build_document(seg, notices[seg.index], known_titles, result.anomalies)
        doc.source = source.name
        doc.toc_pages = _toc_pages(seg, issue)
        doc.issue = issue.issue_label
        for anomaly in result.anomalies:
            anomaly.source = anomaly.source or source.name
        result.documents.append(doc)
    result.anomalies += instruction_anomalies(result.documents)
    result.issues.append(issue)
    result.seconds = time.perf_counter() - started
    return result


def instruction_anomalies(documents: list[Document]) -> list[Anomaly]:
    """Provisions that read like an instruction to an AI assistant, for a person to look at."""
    return [Anomaly("instruction_like_text", doc.source, f"{doc.citation_for(p.full_label)}: reads like an "
                    "instruction to an AI assistant; it is indexed as document text only (answers never follow it), "
                    "but check the source", doc_title=doc.title)
            for doc in documents for p in doc.provisions if looks_like_instruction(p.text)]


def _single(lines, source: SourceText, issue: IssueInfo, result: IngestResult, started: float) -> IngestResult:
    """A file with no gazette structure holds one document (a law, a regulation, a web page)."""
    doc = single_document(lines, source.name, source.metadata, result.anomalies)
    doc.source = source.name
    if all(p.kind in (ProvisionKind.PARAGRAPH, ProvisionKind.NOTICE) for p in doc.provisions):
        result.anomalies.insert(0, Anomaly(
            "no_structure", source.name, "no document with a 文号 or masthead, and no articles or sections, were "
            "found; the whole file is one document split into paragraph chunks"))
    for anomaly in result.anomalies:
        anomaly.source = anomaly.source or source.name
    result.documents.append(doc)
    result.anomalies += instruction_anomalies(result.documents)
    result.issues.append(issue)
    result.seconds = time.perf_counter() - started
    return result


def _has_articles(lines) -> bool:
    return sum(1 for line in lines if line.bold_article or ARTICLE_RE.match(line.text)) >= 2


def _toc_pages(seg: DocSegment, issue: IssueInfo) -> tuple[int, int] | None:
    for entry, first, last in toc_page_ranges(issue):
        if entry is seg.toc:
            return (first, last if last < 10_000 else first)
    return None


@dataclass(frozen=True)
class CorpusFile:
    """A file of the corpus: ``source`` is its path within the corpus (a document's identity starts with it)."""

    source: str
    path: Path


def corpus_files(path: str | Path) -> list[CorpusFile]:
    """The files ingestion reads: a single file, or every file below a folder, sub-folders included (hidden files
    and folders skipped); ``source`` is the path within the folder. Symbolic links that are not files (a loop, a
    link to nothing, a linked folder) are listed too, so that reading them reports why they are skipped."""
    path = Path(path)
    if not path.is_dir():
        return [CorpusFile(path.name, path)]
    found = []
    for p in sorted(path.rglob("*")):
        relative = p.relative_to(path)
        if (p.is_file() or p.is_symlink()) and not any(part.startswith(".") for part in relative.parts):
            found.append(CorpusFile(relative.as_posix(), p))
    return found


def ingest_file(file: CorpusFile, max_file_mb: float = DEFAULT_MAX_FILE_MB) -> IngestResult:
    """One file; what is wrong with it goes to ``problems`` (never raised)."""
    try:
        return ingest_text(read_source(file.path, max_file_mb, name=file.source))
    except IngestError as err:
        return IngestResult(problems=[IngestProblem(file.source, str(err))])


def ingest_path(path: str | Path, max_file_mb: float = DEFAULT_MAX_FILE_MB,
                on_file: Callable[[Path], None] | None = None) -> IngestResult:
    """Ingest a gazette file, or every .md/.txt file of a folder.

    Files that cannot be read are listed in ``result.problems`` with what was wrong and how to fix it;
    the other files are still ingested. A path that does not exist raises IngestError.
    """
    path = Path(path)
    if not path.exists():
        raise IngestError(f"{path}: no such file or directory; give a document ({', '.join(SUPPORTED_SUFFIXES)}) "
                          f"or a folder of them")
    started = time.perf_counter()
    total = IngestResult()
    files = corpus_files(path)
    if path.is_dir() and not any(f.path.suffix.lower() in SUPPORTED_SUFFIXES for f in files):
        raise IngestError(f"{path}: folder has no {' or '.join(SUPPORTED_SUFFIXES)} files to ingest")
    for file in files:
        if on_file:
            on_file(file.path)
        if path.is_dir() and file.path.suffix.lower() not in SUPPORTED_SUFFIXES:
            total.problems.append(IngestProblem(file.source, f"{file.source}: skipped, not a document PolicyQA "
                                                f"reads ({', '.join(SUPPORTED_SUFFIXES)})"))
            continue
        one = ingest_file(file, max_file_mb)
        total.issues += one.issues
        total.documents += one.documents
        total.anomalies += one.anomalies
        total.problems += one.problems
    total.seconds = time.perf_counter() - started
    return total
