"""Opening an index: from its own files when it matches the corpus and the embedder; updated when it does not.

The manifest alone decides (file sizes and modification times, then sha256 of files that look changed), so an
index that is up to date opens without reading any corpus text.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from embeddings import Embedder

from ..errors import IndexMismatchError, IndexUnusableError, IngestError
from ..ingest import corpus_files
from ..ingest.readers import SUPPORTED_SUFFIXES
from ..text.tokenizer import ChineseTokenizer
from ..types import CHUNKER_VERSION
from .build import build_index, plan_update
from .core import Index
from .versions import current_version, read_manifest


def open_index(corpus: str | Path, index_dir: str | Path, embedder: Embedder, rebuild: bool = True,
               force: bool = False, progress: bool = False,
               on_status: Callable[[str], None] | None = None) -> Index:
    """Load the index for ``corpus``, or build/update it. A stale or mismatched index is updated, reusing what
    it can; with ``rebuild=False`` it is refused with the reasons instead. ``force`` rebuilds from scratch."""
    say = on_status or (lambda _m: None)
    corpus = Path(corpus)
    if not corpus.exists():
        raise IngestError(f"{corpus}: no such file or directory; give a gazette file (.md/.txt) or a folder of them")
    files = corpus_files(corpus)
    if corpus.is_dir() and not any(f.path.suffix.lower() in SUPPORTED_SUFFIXES for f in files):
        raise IngestError(f"{corpus}: folder has no {' or '.join(SUPPORTED_SUFFIXES)} files to ingest")
    manifest = None
    version = None if force else current_version(index_dir)
    if version is not None:
        try:
            manifest = read_manifest(version)
        except IndexUnusableError as err:
            if not rebuild:
                raise
            say(f"existing index unusable: {err}; rebuilding")
    plan = plan_update(files, manifest)
    for problem in plan.problems:
        say(f"skipped {problem.message}")
    reasons = manifest.mismatches(embedder.describe(), embedder.dim, CHUNKER_VERSION,
                                  ChineseTokenizer().name) if manifest else []
    previous = None
    parameters_differ = bool(reasons)
    if manifest is not None:
        if not plan.up_to_date:
            reasons.append(plan.describe())
        if reasons and not rebuild:
            raise IndexMismatchError(f"index in {index_dir} does not match: {'; '.join(reasons)}. Run "
                                     f"`policyqa index` to update it (or allow rebuilding)")
        try:  # read for its parts when they can be reused (same embedder, chunker and tokenizer)
            previous = None if parameters_differ else Index.load(index_dir)
        except IndexUnusableError as err:
            if not rebuild:
                raise
            say(f"existing index unusable: {err}; rebuilding")
        if previous is not None and not reasons:
            say(f"loaded index {Path(index_dir).resolve()} ({previous.manifest.chunk_count} chunks)")
            return previous
        if reasons:
            say(f"updating index: {'; '.join(reasons)}")
    index = build_index(plan, files, embedder, str(corpus.resolve()), previous, progress=progress, on_status=say)
    index.save(index_dir)
    say(f"indexed {index.manifest.chunk_count} chunks from {len(index.manifest.sources)} files "
        f"({index.embedded_count} embedded) in {index.manifest.build_seconds:.1f} s")
    return index

