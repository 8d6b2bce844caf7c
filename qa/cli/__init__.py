"""`policyqa` command line: a thin shell over the qa library, one module per command group."""

from __future__ import annotations

import logging

import click

from .ask import ask_command
from .eval import eval_command
from .index import index_command, search_command
from .ingest import ingest


@click.group(context_settings={"help_option_names": ["-h", "--help"]},
             epilog="Every option that has an environment variable names it in the command's --help "
                    "(policyqa COMMAND --help), with the variables read without an option.")
@click.version_option(package_name="policyqa", prog_name="policyqa")
@click.option("-v", "--verbose", is_flag=True, help="Log what the pipeline decides (INFO level).")
@click.option("-q", "--quiet", is_flag=True, help="Print results and errors only: no start-up, status or progress lines.")
def main(verbose: bool, quiet: bool) -> None:
    """政策问答 PolicyQA: answers over municipal government gazettes, citing the exact article."""
    if verbose and quiet:
        raise click.UsageError("-v and -q ask for more and for less output; give one of them")
    level = logging.INFO if verbose else logging.ERROR if quiet else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


main.add_command(ingest)
main.add_command(index_command)
main.add_command(search_command)
main.add_command(eval_command)
main.add_command(ask_command)
