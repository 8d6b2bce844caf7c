"""`policyqa serve` (and `python app.py`): build or load the index, then serve the chat and its /ask API.

This module imports neither gradio nor the models at import time, so `policyqa --help` stays fast.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

import click

from qa.cli.options import (
    echo_status,
    env_epilog,
    index_options,
    llm_options,
    open_stack_for,
    settings_from_options,
)
from qa.config import ENV

from .config import (
    DEFAULT_CONCURRENCY,
    DEFAULT_HOST,
    DEFAULT_MAX_UPLOAD_MB,
    DEFAULT_PORT,
    MAX_UPLOAD_MB_LIMIT,
)

FEEDBACK_FILE = "feedback.jsonl"


@click.command("serve", epilog=env_epilog("st_model", "allow_download", "generator"))
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
              help=f"Largest gazette file accepted by the upload (ingestion reads at most {MAX_UPLOAD_MB_LIMIT}).")
@click.option("--feedback-log", type=click.Path(dir_okay=False, path_type=Path), envvar=ENV["feedback_log"],
              show_envvar=True, default=None, show_default=f"INDEX_DIR/{FEEDBACK_FILE}",
              help="JSONL file the feedback buttons append to.")
@click.option("--concurrency", type=click.IntRange(1, 64), envvar=ENV["concurrency"], show_envvar=True,
              default=DEFAULT_CONCURRENCY, show_default=True,
              help="Answers computed at the same time (chat and /ask together).")
@click.option("--log-json/--no-log-json", envvar=ENV["log_json"], show_envvar=True, default=False, show_default=True,
              help="Write the one log line per request as a JSON object.")
@llm_options
@index_options
def serve(host, port, share, admin_upload, max_upload_mb, feedback_log, concurrency, log_json, corpus, index_dir,
          embedder, no_rebuild):
    """Serve the chat in the browser (Gradio) with a named /ask API for scripts.

    Builds the index over the corpus on first start (about a minute on 2 cores), loads it afterwards.
    Binds 127.0.0.1 unless told otherwise.
    """
    started = time.perf_counter()
    settings = settings_from_options(corpus, index_dir, embedder)
    if admin_upload and settings.corpus is not None and not settings.corpus.is_dir():
        raise click.UsageError(f"--admin-upload stores uploads in the corpus folder, but --corpus {corpus} is not a "
                               f"folder; point --corpus at a folder of gazettes")
    options = {"host": host, "port": port, "share": share, "admin_upload": admin_upload, "concurrency": concurrency,
               "max_upload_mb": max_upload_mb, "feedback_log": feedback_log or settings.index_dir / FEEDBACK_FILE,
               "log_json": log_json}
    run(settings, options, no_rebuild, started)


def run(settings, options: dict, no_rebuild: bool, started: float, block: bool = True):
    """Build the assistant once, then the page, then serve it. Uploads go to the folder the index reads."""
    from qa.stack import stack_assistant

    from .config import AppConfig
    from .service import ChatService
    from .ui import build_app, launch

    _log_requests()
    stack = open_stack_for(settings, no_rebuild)
    roots = [Path(r) for r in stack.index.manifest.roots.values()]
    corpus_dir = roots[0] if len(roots) == 1 and roots[0].is_dir() else None
    if options["admin_upload"] and corpus_dir is None:
        raise click.UsageError(f"--admin-upload stores uploads in the index's folder, but it reads "
                               f"{', '.join(map(str, roots))}; serve an index built from one folder")
    try:
        config = AppConfig(**options, upload_dir=corpus_dir if options["admin_upload"] else None)
    except ValueError as err:
        raise click.UsageError(str(err)) from None
    assistant = stack_assistant(stack, on_status=echo_status)
    service = ChatService(assistant, config, corpus_dir=corpus_dir, index_dir=settings.index_dir,
                          store=settings.store_spec)
    service.warm_up()
    demo = build_app(service)
    echo_status(f"feedback log: {config.feedback_log}; admin upload {'on' if config.admin_upload else 'off'}")
    return launch(demo, service, started=started, block=block)


def _log_requests() -> None:
    """The app's own INFO lines (one per request, upload progress, a new index version served) reach stderr;
    other libraries stay at WARNING unless -v."""
    if not logging.getLogger().handlers:  # `python app.py`: no `policyqa` group configured logging
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("policyqa_app").setLevel(logging.INFO)


def main() -> None:
    """The `policyqa` command: the library's commands plus `serve`, so qa/ never imports the app."""
    from qa.cli import main as library_commands

    library_commands.add_command(serve)
    library_commands()
