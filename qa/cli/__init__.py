"""`policyqa` command line: a thin shell over the qa library, one module per command group."""

from __future__ import annotations

import logging

import click

from .ask import ask_command
from .eval import eval_command
from .index import index_command, search_command
from .ingest import ingest


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Log what the pipeline decides (INFO level).")
def main(verbose: bool) -> None:
    """政策问答 PolicyQA: answers over municipal government gazettes, citing the exact article."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


main.add_command(ingest)
main.add_command(index_command)
main.add_command(search_command)
main.add_command(eval_command)
main.add_command(ask_command)
