"""`policyqa index` and `policyqa search`."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from ..retrieval import MAX_K
from .options import (
    batch_lines,
    env_epilog,
    filter_options,
    index_options,
    make_filters,
    open_stack_for,
    settings_from_options,
)


@click.command("index", epilog=env_epilog("st_model", "allow_download"))
@click.argument("path", required=False, type=click.Path(path_type=Path))
@index_options
@click.option("--rebuild", is_flag=True, help="Rebuild from scratch even if the index is up to date.")
@click.option("--replace", "mode", flag_value="replace",
              help="PATH is not what the index was built from: index PATH instead of it.")
@click.option("--add", "mode", flag_value="add", help="PATH is not what the index was built from: index it beside it.")
def index_command(path, corpus, index_dir, embedder, no_rebuild, rebuild, mode):
    """Build or update the index over PATH (default: the folders the index was built from; the bundled
    gazettes for a new index). Folders are read with their sub-folders; .md, .txt, .pdf, .docx and .html.

    Only new or changed files are read and embedded; unchanged files and chunks are reused. An index built
    from other folders is refused unless --replace or --add says what to do.
    """
    started = time.perf_counter()
    settings = settings_from_options(path or corpus, index_dir, embedder)
    manifest = open_stack_for(settings, no_rebuild, force=rebuild, mode=mode or "update").index.manifest
    spec = settings.store_spec
    where = spec if spec.kind.is_milvus else Path(settings.index_dir).resolve()
    click.echo(f"index {where}: {manifest.chunk_count} chunks from "
               f"{len(manifest.sources)} files, embedder {manifest.embedder['name']}, {manifest.dense_index} dense "
               f"index; {time.perf_counter() - started:.1f} s")


@click.command("search", epilog=env_epilog("st_model", "allow_download"))
@click.argument("question", required=False)
@click.option("-k", type=click.IntRange(1, MAX_K), default=5, show_default=True, help="How many results.")
@click.option("--json", "as_json", is_flag=True, help="Print results as a JSON list.")
@click.option("--batch", type=click.File("r", encoding="utf-8"),
              help="Questions file: one per line, or JSONL with a 'question' field. Writes one JSON object per line.")
@index_options
@filter_options
def search_command(question, k, as_json, batch, corpus, index_dir, embedder, no_rebuild, fusion, **filter_args):
    """Rank the provisions that answer QUESTION (or every question of --batch)."""
    if not question and batch is None:
        raise click.UsageError("give a QUESTION or --batch FILE")
    filters = make_filters(**filter_args)
    retriever = open_stack_for(settings_from_options(corpus, index_dir, embedder, fusion), no_rebuild).retriever
    if batch is not None:
        for n, line in batch_lines(batch):
            text = _question_of(line, n)
            if text is None:
                continue
            hits = retriever.retrieve(text, k=k, filters=filters)
            sys.stdout.write(json.dumps({"question": text, "results": [h.to_dict() for h in hits]},
                                        ensure_ascii=False) + "\n")
        return
    hits = retriever.retrieve(question, k=k, filters=filters)
    if as_json:
        click.echo(json.dumps([h.to_dict() for h in hits], ensure_ascii=False, indent=2))
        return
    if not hits:
        click.echo("no matching provision")
    for hit in hits:
        click.echo(f"{hit.rank}. [{hit.score:.3f}] {hit.chunk.citation}  ({hit.chunk.chunk_id})")
        click.echo("   " + hit.chunk.text.replace("\n", "\n   "))


def _question_of(line: str, n: int) -> str | None:
    line = line.strip()
    if not line:
        return None
    if line.startswith("{"):
        try:
            return str(json.loads(line)["question"])
        except (ValueError, KeyError) as err:
            raise click.ClickException(f"--batch line {n}: not JSON with a 'question' field ({err})") from None
    return line
