"""The ingest report: what was read, what came out of it, and what looked wrong (stable JSON shape)."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict

from ..types import Chunk, Document, IngestResult

DOCUMENT_FIELDS = ("doc_title", "doc_number", "doc_type", "issuer", "notice_title", "signed_date", "effective_date",
                   "expiry_date", "issue", "source")


def chunk_record(chunk: Chunk, doc: Document) -> dict:
    """A chunk as `policyqa ingest --out` writes it: self-contained, with its document's fields beside its own."""
    fields = {"doc_title": doc.title, **{name: getattr(doc, name) for name in DOCUMENT_FIELDS if name != "doc_title"}}
    return {**chunk.to_dict(), **fields}


def ingest_report(result: IngestResult, chunks: list[Chunk]) -> dict:
    """``chunks``: what the chunker made of ``result.documents`` (counted per file)."""
    source_of = {d.key: d.source for d in result.documents}
    chunks_per_file = Counter(source_of[c.doc_key] for c in chunks)
    issues = []
    for issue in result.issues:
        docs = [d for d in result.documents if d.source == issue.source]
        issues.append({
            "source": issue.source, "publication": issue.publication, "issue": issue.issue_label,
            "year": issue.year, "issue_no": issue.issue_no, "total_no": issue.total_no,
            "encoding": issue.encoding, "sha256": issue.sha256,
            "toc": [asdict(e) for e in issue.toc],
            "documents": len(docs),
            "chunks": chunks_per_file[issue.source],
            "document_list": [{
                "index": d.index, "doc_type": d.doc_type, "title": d.title, "doc_number": d.doc_number,
                "issuer": d.issuer, "signed_date": d.signed_date, "effective_date": d.effective_date,
                "expiry_date": d.expiry_date, "attachments": d.attachments,
                "provisions": dict(Counter(p.kind for p in d.provisions)),
                "labels": [p.label for p in d.provisions],
            } for d in docs],
        })
    return {
        "issues": issues,
        "anomalies": [asdict(a) for a in result.anomalies],
        "problems": [asdict(p) for p in result.problems],
        "totals": {"files": len(result.issues) + len(result.problems), "documents": len(result.documents),
                   "provisions": sum(len(d.provisions) for d in result.documents), "chunks": len(chunks),
                   "seconds": round(result.seconds, 3)},
    }
