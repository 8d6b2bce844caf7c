"""Event wiring: page components -> ChatService. Handlers only translate between gradio and the service.

Every page event is ``api_visibility="private"``: the public endpoints are ``/ask`` and ``/ask_stream``. Answers from the chat
and from ``/ask`` share one concurrency group, sized by ``--concurrency``.
"""

from . import api, render
from .arguments import make_filters
from .lazy import require_gradio
from .service import ChatService, InternalError

gr = require_gradio()  # this module is imported only when the page is built

PRIVATE = {"api_visibility": "private"}


def bind(c, service: ChatService) -> None:
    """Wire the components ``ui.layout`` made, part by part as it made them, and the /ask endpoints."""
    limit = service.config.concurrency
    _bind_chat(c, service, limit)
    _bind_browser(c, service)
    if service.config.admin_upload:
        _bind_upload(c, service)
    _bind_api(service, limit)


def _bind_chat(c, service: ChatService, limit: int) -> None:
    """Questions, the source panel of a clicked citation, feedback and clearing."""
    def submit(question, turns, doc_titles, doc_types, in_force_on, signed_from, signed_to, k, generator):
        if not (question or "").strip():
            yield gr.skip(), gr.skip(), gr.skip()
            return
        try:
            filters = make_filters({"doc_titles": doc_titles, "doc_types": doc_types, "in_force_on": in_force_on,
                                    "signed_from": signed_from, "signed_to": signed_to})
        except ValueError as err:
            raise gr.Error(f"筛选条件有误：{err}", print_exception=False) from None
        for new_turns, messages in service.chat(question, turns, filters, int(k), generator):
            yield messages, new_turns, ""

    chat_inputs = [c.question, c.turns, c.doc_filter, c.type_filter, c.in_force_on, c.signed_from, c.signed_to,
                   c.top_k, c.generator]
    for trigger in (c.question.submit, c.send.click):
        trigger(submit, chat_inputs, [c.chatbot, c.turns, c.question], concurrency_id="answer",
                concurrency_limit=limit, show_progress="hidden", **PRIVATE)

    def open_ref(turns, evt: gr.EventData):
        data = getattr(evt, "_data", None) or {}
        return service.source_for(turns, str(data.get("ref", "")))

    c.bridge.open_ref(open_ref, [c.turns], [c.source], show_progress="hidden", **PRIVATE)

    def feedback(turns, comment, evt: gr.LikeData):
        return service.feedback(turns, evt.index, evt.liked, comment), ""

    c.chatbot.like(feedback, [c.turns, c.feedback_comment], [c.feedback_status, c.feedback_comment], **PRIVATE)

    def clear():
        return [], [], render.placeholder_html(), ""

    c.clear.click(clear, None, [c.chatbot, c.turns, c.source, c.feedback_status], **PRIVATE)
    c.chatbot.clear(lambda: ([], render.placeholder_html()), None, [c.turns, c.source], **PRIVATE)


def _corpus_outputs(c) -> list:
    """The components that list the documents of the index served: refreshed by ``_corpus_lists``."""
    return [c.docs_table, c.doc_pick, c.doc_filter, c.type_filter]


def _corpus_lists(service: ChatService) -> tuple:
    """The document table and the choices that list documents, from the index served now."""
    view = service.view
    return (service.document_rows(), gr.update(choices=service.document_choices()),
            gr.update(choices=view.titles()), gr.update(choices=view.doc_types()))


def _bind_browser(c, service: ChatService) -> None:
    """The document browser, and the lists of documents a new session gets."""
    def pick_row(evt: gr.SelectData):
        row = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        documents = service.view.documents
        return documents[row].document.key if 0 <= int(row) < len(documents) else gr.skip()

    c.docs_table.select(pick_row, None, [c.doc_pick], **PRIVATE)
    c.doc_pick.change(service.provisions_html, [c.doc_pick], [c.provisions], **PRIVATE)

    def on_page_load():  # a new session sees the index served now, not the one of start-up
        service.follow_index()
        return _corpus_lists(service)

    c.demo.load(on_page_load, None, _corpus_outputs(c), show_progress="hidden", **PRIVATE)


def _bind_upload(c, service: ChatService) -> None:
    """The admin's upload: its report, then the lists of documents with the new ones."""
    def upload(path, replace, progress=gr.Progress()):  # noqa: B008 - gradio injects the tracker by this default
        def show(stage: str, done: int, total: int) -> None:
            progress((done, total), desc=render.STAGE_LABELS.get(stage, stage), unit="")

        report = service.upload(path, replace=bool(replace), progress=show)
        return (render.upload_report_html(report), *_corpus_lists(service), False)

    c.upload_button.click(upload, [c.upload_file, c.upload_replace],
                          [c.upload_report, *_corpus_outputs(c), c.upload_replace],
                          concurrency_id="upload", concurrency_limit=1, **PRIVATE)


def _bind_api(service: ChatService, limit: int) -> None:
    """/ask and /ask_stream: the service's answers, its errors as gradio's (the message only)."""
    def ask(question: str, k: int = 5, generator: str = "", filters: dict | None = None,
            history: list | None = None) -> dict:
        try:
            return service.ask(question, k=k, generator=generator or None, filters=filters, history=history)
        except (ValueError, InternalError) as err:  # logged by the service; the caller sees the message only
            raise gr.Error(str(err), print_exception=False) from None

    ask.__doc__ = api.ASK_DESCRIPTION
    gr.api(ask, api_name="ask", concurrency_id="answer", concurrency_limit=limit)

    def ask_stream(question: str, k: int = 5, generator: str = "", filters: dict | None = None,
                   history: list | None = None) -> dict:  # gradio reads the type of each item from here
        try:
            yield from service.ask_stream(question, k=k, generator=generator or None, filters=filters,
                                          history=history)
        except (ValueError, InternalError) as err:
            raise gr.Error(str(err), print_exception=False) from None

    ask_stream.__doc__ = api.ASK_STREAM_DESCRIPTION
    gr.api(ask_stream, api_name="ask_stream", concurrency_id="answer", concurrency_limit=limit, stream_every=0.1)
