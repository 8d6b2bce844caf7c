"""`policyqa serve` (and `python app.py`): build or load the index, then serve the chat and its /ask API.

This module imports neither gradio nor the models at import time, so `policyqa --help` stays fast.
"""

from __future__ import annotations

import time
from pathlib import Path

import click

from qa.cli.options import echo_status, index_options, open_stack_for, settings_from_options
from qa.config import ENV

from .config import (
    DEFAULT_CONCURRENCY,
    DEFAULT_HOST,
    DEFAULT_MAX_UPLOAD_MB,
    DEFAULT_PORT,
    MAX_UPLOAD_MB_LIMIT,
)

FEEDBACK_FILE = "feedback.jsonl"


@click.command("serve")
@click.option("--host", envvar=ENV["host"], show_envvar=True, default=DEFAULT_HOST, show_default=True,
              help="Interface to bind; 0.0.0.0 exposes the app to the network.")
@click.option("--port", type=click.IntRange(1, 65535), envvar=ENV["port"], show_envvar=True, default=DEFAULT_PORT,
              show_default=True, help="Port to serve on.")
@click.option("--share/--no-share", envvar=ENV["share"], show_envvar=True, default=False, show_default=True,
              help="Also open a public gradio.live link (needs internet; anyone with the link can use the app).")
@click.option("--admin-upload/--no-admin-upload", envvar=ENV["admin_upload"], show_envvar=True, default=False,
              show_default=True,
              help="Show the admin tab that ingests an uploaded gazette into the corpus folder and updates the index.")
@click.option("--max-upload-mb", type=click.IntRange(1, MAX_UPLOAD_MB_LIMIT), envvar=ENV["max_upload_mb"],
              show_envvar=True, default=DEFAULT_MAX_UPLOAD_MB, show_default=True,
              help="Largest gazette file accepted by the upload.")
@click.option("--feedback-log", type=click.Path(dir_okay=False, path_type=Path), envvar=ENV["feedback_log"],
              show_envvar=True, default=None, show_default=f"INDEX_DIR/{FEEDBACK_FILE}",
              help="JSONL file the feedback buttons append to.")
@click.option("--concurrency", type=click.IntRange(1, 64), envvar=ENV["concurrency"], show_envvar=True,
              default=DEFAULT_CONCURRENCY, show_default=True,
              help="Answers computed at the same time (chat and /ask together).")
@index_options
def serve(host, port, share, admin_upload, max_upload_mb, feedback_log, concurrency, corpus, index_dir, embedder,
          no_rebuild):
    """Serve the chat in the browser (Gradio) with a named /ask API for scripts.

    Builds the index over the corpus on first start (about a minute on 2 cores), loads it afterwards.
    Binds 127.0.0.1 unless told otherwise.
    """
    started = time.perf_counter()
    from .config import AppConfig

    corpus, index_dir = Path(corpus), Path(index_dir)
    if admin_upload and not corpus.is_dir():
        raise click.UsageError(f"--admin-upload stores uploads in the corpus folder, but --corpus {corpus} is not a "
                               f"folder; point --corpus at a folder of gazettes")
    try:
        config = AppConfig(host=host, port=port, share=share, admin_upload=admin_upload,
                           feedback_log=feedback_log or index_dir / FEEDBACK_FILE,
                           upload_dir=corpus if admin_upload else None, max_upload_mb=max_upload_mb,
                           concurrency=concurrency)
    except ValueError as err:
        raise click.UsageError(str(err)) from None
    run(config, settings_from_options(corpus, index_dir, embedder), no_rebuild, started)


def run(config, settings, no_rebuild: bool, started: float, block: bool = True):
    """Build the assistant once, then the page, then serve it."""
    from qa.stack import stack_assistant

    from .service import ChatService
    from .ui import build_app, launch

    stack = open_stack_for(settings, no_rebuild)
    assistant = stack_assistant(stack, on_status=echo_status)
    corpus = settings.corpus
    service = ChatService(assistant, config, corpus_dir=corpus if corpus.is_dir() else None,
                          index_dir=settings.index_dir)
    service.warm_up()
    demo = build_app(service)
    echo_status(f"feedback log: {config.feedback_log}; admin upload {'on' if config.admin_upload else 'off'}")
    return launch(demo, service, started=started, block=block)


def main() -> None:
    """The `policyqa` command: the library's commands plus `serve`, so qa/ never imports the app."""
    from qa.cli import main as library_commands

    library_commands.add_command(serve)
    library_commands()
