"""`policyqa ask`: answers with verified citations, or a plain refusal."""

from __future__ import annotations

import json
import sys

import click

from ..answering.generators import GeneratorName
from ..config import ENV
from ..errors import PolicyQAError
from ..retrieval import MAX_K
from ..stack import stack_assistant
from ..types import Answer
from .options import (
    batch_lines,
    env_epilog,
    filter_options,
    index_options,
    llm_options,
    make_filters,
    open_stack_for,
    settings_from_options,
)


@click.command("ask", epilog=env_epilog("st_model", "allow_download"))
@click.argument("question", required=False)
@click.option("-k", type=click.IntRange(1, MAX_K), default=5, show_default=True, help="Ranked chunks kept in 'retrieval'.")
@click.option("--json", "as_json", is_flag=True, help="Print the answer object as JSON (schema in README).")
@click.option("--batch", type=click.File("r", encoding="utf-8"),
              help="Questions file: one per line, or JSONL with 'question' and optional 'history'. One JSON answer per line.")
@click.option("--generator", type=click.Choice([g.value for g in GeneratorName]), envvar=ENV["generator"],
              show_envvar=True, help="Default: llm when an endpoint is configured, else extractive.")
@llm_options
@index_options
@filter_options
def ask_command(question, k, as_json, batch, generator, corpus, index_dir, embedder, no_rebuild, fusion,
                **filter_args):
    """Answer QUESTION from the gazettes, citing the exact provisions (or say the documents do not answer).

    QUESTION - reads the questions from standard input, one a line (echo 问题 | policyqa ask -). Text mode prints
    the checked answer (with the LLM generator: only the sentences its cited provisions support), its notes and
    its sources.
    """
    if not question and batch is None:
        raise click.UsageError("give a QUESTION, - to read questions from standard input, or --batch FILE")
    questions = _stdin_questions() if question == "-" and batch is None else [question]
    settings = settings_from_options(corpus, index_dir, embedder, fusion).with_(generator=generator)
    filters = make_filters(**filter_args)
    stack = open_stack_for(settings, no_rebuild)
    try:
        assistant = stack_assistant(stack)
    except (PolicyQAError, ImportError) as err:
        raise click.ClickException(str(err)) from None
    if batch is not None:
        for n, line in batch_lines(batch):
            item = _batch_item(line, n)
            if item is None:
                continue
            answer = assistant.ask(item["question"], history=item.get("history"), filters=filters, k=k)
            sys.stdout.write(json.dumps(answer.to_dict(), ensure_ascii=False) + "\n")
        return
    for n, text in enumerate(questions):
        if as_json:
            click.echo(json.dumps(assistant.ask(text, filters=filters, k=k).to_dict(), ensure_ascii=False, indent=2))
            continue
        if len(questions) > 1:
            click.echo(("\n" if n else "") + f"问：{text}")
        answer = assistant.ask(text, filters=filters, k=k)
        click.echo(answer.answer)
        _print_sources(answer)


def _stdin_questions() -> list[str]:
    """The non-empty lines of standard input (a question each)."""
    try:
        questions = [line.strip() for line in sys.stdin if line.strip()]
    except UnicodeDecodeError as err:
        raise click.ClickException(f"standard input is not UTF-8 text (byte 0x{err.object[err.start]:02x}); pipe "
                                   f"in UTF-8 text, one question a line") from None
    if not questions:
        raise click.UsageError("QUESTION is -, but standard input had no question; pipe one in, e.g. "
                               "echo 土地闲置多久会被认定为闲置土地？ | policyqa ask -")
    return questions


def _print_sources(answer: Answer) -> None:
    for note in answer.notes:
        click.echo(f"（{note}）")
    if answer.refused:
        if answer.suggestions:
            click.echo("可能相关的文件：" + "；".join(f"《{s['doc_title']}》{s['doc_number'] or ''}" for s in answer.suggestions))
        return
    click.echo("\n依据：")
    for c in answer.citations:
        click.echo(f"[{c.marker}] {c.citation}  ({c.chunk_id})")


def _batch_item(line: str, n: int) -> dict | None:
    line = line.strip()
    if not line:
        return None
    if not line.startswith("{"):
        return {"question": line}
    try:
        item = json.loads(line)
    except ValueError as err:
        raise click.ClickException(f"--batch line {n}: not valid JSON ({err})") from None
    if not isinstance(item, dict) or not isinstance(item.get("question"), str):
        raise click.ClickException(f"--batch line {n}: needs a string 'question' field")
    if not isinstance(item.get("history", []), list):
        raise click.ClickException(f"--batch line {n}: 'history' must be a list of {{role, content}} objects")
    return item
