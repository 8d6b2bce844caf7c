"""Opening an index: from its own files when it matches the corpus and the embedder; updated when it does not.

The manifest alone decides (file sizes and modification times, then sha256 of files that look changed), so an
index that is up to date opens without reading any corpus text. An index knows the folders it was built from;
pointing it at another folder is refused unless told to replace its contents or to add the folder beside them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path, PurePosixPath

from embeddings import Embedder

from ..catalog import named
from ..choices import Choice
from ..config import BUNDLED_CORPUS
from ..errors import IndexMismatchError, IndexUnusableError, IngestError
from ..ingest import CorpusFile, corpus_files
from ..ingest.readers import SUPPORTED_SUFFIXES
from ..progress import Progress, no_progress
from ..stores import StoreSpec
from ..types import CHUNKER_VERSION
from .build import BuildPlan, build_index, keyword_scheme, plan_update
from .core import Index
from .embedding_cache import EmbeddingCache
from .manifest import Manifest
from .versions import current_version, read_manifest


class CorpusMode(Choice):
    """What to do when an index is opened for a folder it was not built from."""

    UPDATE = "update"  # refuse: the folder is not this index's
    REPLACE = "replace"  # index the folder instead of what the index held
    ADD = "add"  # index the folder beside what the index holds


class LocalHome:
    """An index directory of versions (``qa.index.versions``) holding a ``LocalStore``."""

    def __init__(self, index_dir: str | Path):
        self.index_dir = index_dir

    def __str__(self) -> str:
        return str(Path(self.index_dir).resolve())

    def read_manifest(self) -> Manifest | None:
        version = current_version(self.index_dir)
        return read_manifest(version) if version is not None else None

    def version(self) -> str | None:
        """The version ``current`` points at (None before the first build): one readlink."""
        version = current_version(self.index_dir)
        return version.name if version is not None else None

    def load(self) -> Index:
        return Index.load(self.index_dir)

    def build(self, plan: BuildPlan, files: list[CorpusFile], embedder: Embedder, roots: dict[str, str],
              previous: Index | None, cache: EmbeddingCache, progress: Progress,
              on_status: Callable[[str], None]) -> Index:
        index = build_index(plan, files, embedder, roots, previous, cache=cache, progress=progress,
                            on_status=on_status)
        index.save(self.index_dir)
        return index


def index_home(store: str | StoreSpec, index_dir: str | Path):
    """Where the index of ``store`` lives: the index directory, or a Milvus collection (the directory then keeps
    only an interrupted build's vectors)."""
    spec = StoreSpec.parse(store)
    if spec.kind.is_milvus:
        from .milvus import MilvusHome

        return MilvusHome(spec)
    return LocalHome(index_dir)


def open_index(corpus: str | Path | None, index_dir: str | Path, embedder: Embedder, rebuild: bool = True,
               force: bool = False, mode: str | CorpusMode = CorpusMode.UPDATE, progress: Progress = no_progress,
               on_status: Callable[[str], None] | None = None, pending: CorpusFile | None = None,
               store: str | StoreSpec = "local") -> Index:
    """Load the index, or build/update it. ``corpus``: the folder (or file) to index; None means the folders the
    index was built from (the bundled gazettes for a new index). A stale or mismatched index is updated, reusing
    what it can; with ``rebuild=False`` it is refused with the reasons instead. ``force`` rebuilds from scratch.
    ``pending``: a file not yet in the corpus, indexed as if it were there under its source (replacing the file
    of that source), so that it can be moved in only once its index version is saved. ``store``: where the chunks
    live (``qa.stores``: local, or a Milvus URI)."""
    say = on_status or (lambda _m: None)
    home = index_home(store, index_dir)
    manifest = None
    if not force:
        try:
            manifest = home.read_manifest()
        except IndexUnusableError as err:
            _rebuild_or_refuse(err, rebuild, say)
    roots = _roots(corpus, manifest, CorpusMode.from_str(mode), home)
    files = root_files(roots)
    if pending is not None:
        files = sorted([f for f in files if f.source != pending.source] + [pending],
                       key=lambda f: PurePosixPath(f.source).parts)
    plan = plan_update(files, manifest, progress)
    for problem in plan.problems:
        say(f"skipped {problem.message}")
    if not plan.ingested and not plan.unchanged:  # an index of nothing would replace the one there is
        refused = "; ".join(p.message for p in plan.problems[:3]) + ("; …" if len(plan.problems) > 3 else "")
        raise IngestError(f"nothing to index in {', '.join(roots.values())}: every file was refused ({refused}); "
                          f"fix or remove these files, or add documents ({', '.join(SUPPORTED_SUFFIXES)})"
                          + ("; the index was left as it was" if manifest is not None else ""))
    previous, reasons = _previous_index(home, manifest, plan, roots, embedder, rebuild, say)
    if previous is not None and not reasons:
        say(f"loaded index {home} ({previous.manifest.chunk_count} chunks)")
        return previous
    if reasons:
        say(f"updating index: {'; '.join(reasons)}")
    cache = EmbeddingCache(index_dir, embedder.describe())
    index = home.build(plan, files, embedder, roots, previous, cache, progress, say)
    cache.clear()
    say(f"indexed {index.manifest.chunk_count} chunks from {len(index.manifest.sources)} files "
        f"({index.embedded_count} embedded) in {index.manifest.build_seconds:.1f} s")
    _warn_of_duplicates(index, say)
    return index


def _previous_index(home, manifest: Manifest | None, plan: BuildPlan, roots: dict[str, str], embedder: Embedder,
                    rebuild: bool, say: Callable[[str], None]) -> tuple[Index | None, list[str]]:
    """The index there is, read for what a build can reuse (None when there is none, another embedder built it,
    or it cannot be read), and why it does not match the files and the embedder ([] when it does). A mismatch is
    refused with ``rebuild=False``."""
    if manifest is None:
        return None, []
    reasons = manifest.mismatches(embedder.describe(), embedder.dim, CHUNKER_VERSION, keyword_scheme())
    if not plan.up_to_date:
        reasons.append(plan.describe())
    if manifest.roots != roots:
        reasons.append(f"indexing {', '.join(roots.values())}")
    if reasons and not rebuild:
        raise IndexMismatchError(f"index in {home} does not match: {'; '.join(reasons)}. Run "
                                 f"`policyqa index` to update it (or allow rebuilding)")
    # a chunker or tokenizer change rebuilds everything but the vectors of unchanged texts; another embedder, all
    if not manifest.same_embedder(embedder.describe(), embedder.dim):
        return None, reasons
    try:  # read for what can be reused: its parts (same chunker and tokenizer too) or its vectors
        return home.load(), reasons
    except IndexUnusableError as err:
        _rebuild_or_refuse(err, rebuild, say)
        return None, reasons


def _rebuild_or_refuse(err: IndexUnusableError, rebuild: bool, say: Callable[[str], None]) -> None:
    """An index that cannot be read is rebuilt, and the user told why; with ``rebuild=False`` it is refused."""
    if not rebuild:
        raise err
    say(f"existing index unusable: {err}; rebuilding")


def _warn_of_duplicates(index: Index, say: Callable[[str], None]) -> None:
    """A document in several files is indexed and cited once per copy: said, with how to keep one."""
    for docs in index.catalog.duplicates():
        say(f"warning: {named(docs[0])} is in {len(docs)} files ({', '.join(d.source for d in docs)}): each copy is "
            f"indexed and cited" + (", and a question naming its 文号 finds none of them" if docs[0].doc_number else "")
            + "; remove all copies but one, or correct a 文号, then run policyqa index again")


def root_files(roots: dict[str, str]) -> list[CorpusFile]:
    """Every file of every root, its source prefixed with the root's prefix."""
    files = []
    for prefix, root in roots.items():
        path = Path(root)
        if not path.exists():
            raise IngestError(f"{path}: no such file or directory; give a document ({', '.join(SUPPORTED_SUFFIXES)}) "
                              f"or a folder of them")
        found = corpus_files(path)
        if path.is_dir() and not any(f.path.suffix.lower() in SUPPORTED_SUFFIXES for f in found):
            raise IngestError(f"{path}: folder has no {', '.join(SUPPORTED_SUFFIXES)} files to ingest")
        files += [CorpusFile(prefix + f.source, f.path) for f in found]
    return files


def _roots(corpus: str | Path | None, manifest: Manifest | None, mode: CorpusMode, home) -> dict[str, str]:
    """The folders to index: the manifest's, the one given, or both."""
    if manifest is None:
        return {"": str(Path(corpus or BUNDLED_CORPUS).resolve())}
    if corpus is None:
        return dict(manifest.roots)
    given = str(Path(corpus).resolve())
    if mode is CorpusMode.REPLACE:
        return {"": given}
    if given in manifest.roots.values():
        return dict(manifest.roots)
    if mode is CorpusMode.ADD:
        name, n = Path(given).name, 1
        while f"{name}/" in manifest.roots:
            n += 1
            name = f"{Path(given).name}-{n}"
        return {**manifest.roots, f"{name}/": given}
    held = ", ".join(manifest.roots.values())
    raise IndexMismatchError(
        f"the index in {home} was built from {held}, not from {given}. To index {given} instead, run "
        f"`policyqa index {corpus} --replace`; to index it beside what the index holds, `policyqa index {corpus} "
        f"--add`; or point --index-dir at another folder")
