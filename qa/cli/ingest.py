"""`policyqa ingest`: gazette files -> chunks.jsonl and an ingest report."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..config import BUNDLED_CORPUS, ENV
from ..ingest import DEFAULT_MAX_CHUNK_CHARS, IngestError, chunk_documents, corpus_files, ingest_path
from ..ingest.readers import DEFAULT_MAX_FILE_MB
from ..ingest.report import chunk_record, ingest_report
from ..progress import READING_FILES
from ..types import Chunk, Document
from .options import env_epilog, progress_reporter

PROGRESS_MIN_BYTES = 2 * 1024 * 1024  # show a progress bar when the input is bigger than this


@click.command(epilog=env_epilog("corpus"))
@click.argument("path", type=click.Path(path_type=Path), envvar=ENV["corpus"], default=BUNDLED_CORPUS)
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write one chunk per line (JSON) to this file.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON instead of text.")
@click.option("--max-chunk-chars", type=click.IntRange(min=40), default=DEFAULT_MAX_CHUNK_CHARS, show_default=True,
              envvar=ENV["max_chunk_chars"], show_envvar=True,
              help="Split provisions longer than this by 款/项, then by sentence.")
@click.option("--max-file-mb", type=click.FloatRange(min=0.001), default=DEFAULT_MAX_FILE_MB, show_default=True,
              envvar=ENV["max_file_mb"], show_envvar=True, help="Refuse gazette files larger than this.")
def ingest(path: Path, out: Path | None, as_json: bool, max_chunk_chars: int, max_file_mb: float) -> None:
    """Parse gazette issues (a .md/.txt file or a folder) into documents, provisions and chunks.

    Exit code 0 when every file was ingested, 1 when some file could not be (the others still are).
    """
    on_file = None
    if _input_bytes(path) > PROGRESS_MIN_BYTES:  # bars on a terminal, a line every few seconds elsewhere
        report, total, done = progress_reporter(), len(corpus_files(path)), [0]

        def on_file(_path: Path) -> None:
            report(READING_FILES, done[0], total)
            done[0] += 1
    try:
        result = ingest_path(path, max_file_mb=max_file_mb, on_file=on_file)
    except IngestError as err:
        raise click.ClickException(str(err)) from None
    if on_file is not None:
        report(READING_FILES, total, total)
    chunks = chunk_documents(result.documents, max_chunk_chars)
    if out is not None:
        _write_chunks(chunks, result.documents, out)
    report = ingest_report(result, chunks)
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        click.echo(_format_report(report, out))
    if result.problems:
        sys.exit(1)


def _input_bytes(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    if path.is_dir():
        return sum(p.stat().st_size for p in path.iterdir() if p.is_file())
    return 0


def _write_chunks(chunks: list[Chunk], documents: list[Document], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    doc_of = {d.key: d for d in documents}
    tmp = out.with_name(out.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for chunk in chunks:
            fh.write(json.dumps(chunk_record(chunk, doc_of[chunk.doc_key]), ensure_ascii=False) + "\n")
    tmp.replace(out)


def _format_report(report: dict, out: Path | None) -> str:
    lines = []
    for issue in report["issues"]:
        lines.append(f"{issue['source']}: {issue['publication'] or '?'} {issue['issue'] or ''} "
                     f"({issue['encoding']}) — {issue['documents']} documents, {issue['chunks']} chunks")
        for doc in issue["document_list"]:
            counts = "、".join(f"{n} {kind}" for kind, n in doc["provisions"].items())
            lines.append(f"  {doc['index']:>2}. [{doc['doc_type']}] 《{doc['title']}》 {doc['doc_number'] or ''}"
                         f" — {counts}")
    if report["anomalies"]:
        lines.append(f"anomalies ({len(report['anomalies'])}):")
        lines += [f"  - [{a['kind']}] {a['source']}:{a['line'] or ''} {a['message']}" for a in report["anomalies"]]
    if report["problems"]:
        lines.append(f"files not ingested ({len(report['problems'])}):")
        lines += [f"  - {p['message']}" for p in report["problems"]]
    totals = report["totals"]
    lines.append(f"total: {totals['documents']} documents, {totals['provisions']} provisions, {totals['chunks']} "
                 f"chunks in {totals['seconds']:.2f} s" + (f"; chunks written to {out}" if out else ""))
    return "\n".join(lines)


__all__ = ["ingest"]
