"""Everything the page and the /ask endpoint do, with no gradio: unit-tested with a scripted assistant.

One ``ChatService`` holds the ``qa.answering.Assistant`` over the index version it serves. Each request takes
that object once and answers from it to the end, so an update never changes the index under a reader and never
makes one wait: an upload builds the next version beside the one being served and swaps it in when it is saved,
and a version another process wrote (`policyqa index`) is picked up by the next request (one readlink each; on a
Milvus store one query of the meta collection, so every replica follows the indexer's commits).
Conversation state (``turns``) lives in each browser session: a list of ``{"question", "answer", "error"}``.
"""

from __future__ import annotations

import logging
import re
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

from qa.errors import DuplicateDocumentError, PolicyQAError
from qa.filters import Filters
from qa.index import Index
from qa.index.open import index_home
from qa.index.update import add_file
from qa.progress import Progress, ProgressLog, fan_out, no_progress
from qa.stack import assistant_over
from qa.stores import StoreSpec

from . import render
from .access import RequestLog
from .arguments import check_history, check_question, make_filters
from .config import AppConfig
from .feedback import RATING_LABELS, FeedbackLog, rating_of
from .sources import CorpusView
from .upload import ALLOWED_TEXT, UploadError, already_in_corpus, safe_name, stage_upload

logger = logging.getLogger(__name__)

DUPLICATE_SECONDS = 3.0  # Gradio 6 sends a feedback-menu choice twice; one click is logged once
_ABSOLUTE_PATH_RE = re.compile(r"(?<![\w.])/(?:[^\s'\"/:]+/)+([^\s'\"/:]+)")


class InternalError(RuntimeError):
    """Answering failed for a reason that is not the caller's; the message says only the error's type."""


def public_message(text: str) -> str:
    """An error message for the page: absolute server paths shortened to their last part."""
    return _ABSOLUTE_PATH_RE.sub(r"…/\1", text)


def history_of(turns: Sequence[dict]) -> list[dict]:
    """The assistant's history: the answered turns as user/assistant messages (citations kept for follow-ups
    such as 那第十六条呢？)."""
    history: list[dict] = []
    for turn in turns:
        answer = turn.get("answer")
        if answer is None:
            continue
        history.append({"role": "user", "content": turn["question"]})
        history.append({"role": "assistant", "content": answer.get("answer", ""),
                        "citations": answer.get("citations") or []})
    return history


class ChatService:
    def __init__(self, assistant, config: AppConfig, corpus_dir: Path | None = None, index_dir: Path | None = None,
                 today: date | None = None, store: str | StoreSpec = "local"):
        """``index_dir`` and ``store`` (``qa.stores``): where the index served lives, so that the service follows
        its current version and uploads update it; without ``index_dir`` it serves ``assistant`` as it is."""
        self.assistant = assistant
        self.config = config
        self.corpus_dir = Path(corpus_dir) if corpus_dir else None
        self.index_dir = Path(index_dir) if index_dir else None
        self.store = StoreSpec.parse(store)
        self.home = index_home(self.store, self.index_dir) if self.index_dir else None
        self.feedback_log = FeedbackLog(config.feedback_log)
        self.requests = RequestLog(logging.getLogger("policyqa_app.requests"), as_json=config.log_json)
        self._today = today
        self._view: CorpusView | None = None
        self._view_of = None
        self._last_feedback: tuple | None = None
        self.version = (self.home.version() if self.home else None) or ""  # the index version served
        self._unloadable = ""  # a version that could not be served: not tried again on every request
        self._loading = threading.Lock()  # one request loads a new version; the others answer meanwhile
        self._updating = threading.Lock()  # one upload at a time

    # -- shared state ----------------------------------------------------------------------------------

    @property
    def today(self) -> date:
        return self._today or date.today()

    def current(self):
        """The assistant over the newest index version, loaded here if another process wrote it; a request
        answers from this one object to its end."""
        self.follow_index()
        return self.assistant

    def follow_index(self) -> None:
        """Serve the version `current` points at (newer, or an older one an admin rolled back to) when it is not
        the one served. Cheap when nothing changed (one readlink, or one Milvus query); while one request loads
        it, the others answer from the one they have. Should two loads cross, the next request sees the
        difference and loads again. A Milvus server that does not answer is logged; the request goes on."""
        if self.home is None:
            return
        try:
            version = self.home.version()
        except PolicyQAError as err:
            logger.warning("%s; still answering from %s", err, self.version)
            return
        if version is None or version in (self.version, self._unloadable):
            return
        if not self._loading.acquire(blocking=False):
            return
        try:
            self._install(self.home.load())
            logger.info("index version %s loaded (written by another process): %d documents, %d chunks",
                        self.version, len(self.assistant.catalog), len(self.assistant.retriever.store))
        except (PolicyQAError, OSError) as err:
            self._unloadable = version
            logger.warning("index version %s not served (%s); still answering from %s", version, err, self.version)
        finally:
            self._loading.release()

    def _install(self, index: Index) -> None:
        """Answer from ``index`` from now on (requests under way finish with the assistant they took)."""
        self.assistant, self.version = assistant_over(index, self.assistant), index.version

    @property
    def view(self) -> CorpusView:
        """Documents and provisions of the index served (rebuilt when a new version is served)."""
        assistant = self.assistant
        store = assistant.retriever.store
        if self._view is None or self._view_of is not store:
            self._view, self._view_of = CorpusView(assistant.catalog, store.iter_chunks()), store
        return self._view

    def warm_up(self) -> None:
        """Load what the first question would otherwise wait for (the embedder's first call, jieba)."""
        self.assistant.retriever.retrieve("特许经营协议", k=1)
        _ = self.view

    def health(self) -> dict:
        """What /healthz reports: the index served, its size, the embedder and the store (its kind and
        collection; never a path, an address or a credential)."""
        self.follow_index()
        assistant = self.assistant
        retriever = assistant.retriever
        return {"status": "ok", "index_loaded": True, "index_version": self.version or None,
                "documents": len(assistant.catalog), "chunks": len(retriever.store),
                "embedder": retriever.embedder.name, "store": self.store.kind.label,
                "collection": self.store.collection if self.store.kind.is_milvus else None,
                "generators": self.generators(), "admin_upload": self.config.admin_upload}

    def generators(self) -> list[str]:
        return list(self.assistant.generators())

    def default_generator(self) -> str:
        return self.assistant.default_generator.value

    # -- the /ask API --------------------------------------------------------------------------------------

    def ask(self, question: str, k: int = 5, generator: str | None = None, filters: dict | None = None,
            history: list[dict] | None = None) -> dict:
        """The same object as ``policyqa ask --json`` (qa.schema.ANSWER_SCHEMA). Wrong arguments raise
        ``InputError`` (a ValueError) naming the argument and what is allowed; each request is one log line."""
        *_, last = self._answer_stream("/ask", question, k, generator, filters, history)
        return last["answer"]

    def ask_stream(self, question: str, k: int = 5, generator: str | None = None, filters: dict | None = None,
                   history: list[dict] | None = None) -> Iterator[dict]:
        """/ask_stream: ``{"text", "status", "answer"}`` items as the answer arrives. ``text`` is the checked
        answer text so far (it only grows, but starts again when a failing chat model's part is withdrawn and
        the extractive answer follows); ``answer`` is None until the last item, which holds the object /ask
        returns, whose "answer" equals that item's ``text``. Arguments and errors as ``ask``."""
        return self._answer_stream("/ask_stream", question, k, generator, filters, history)

    def _answer_stream(self, endpoint: str, question: object, k: object, generator: object, filters: object,
                       history: object) -> Iterator[dict]:
        started = time.perf_counter()
        try:
            question, k, generator = check_question(question, k, generator, self.generators())
            history = check_history(history)
            filters = make_filters(filters)
        except ValueError as err:
            self.requests.rejected(endpoint, started, err)
            raise
        return self._streamed(endpoint, started, question, k, generator, filters, history)

    def _streamed(self, endpoint: str, started: float, question: str, k: int, generator: str | None,
                  filters: Filters | None, history: list[dict] | None) -> Iterator[dict]:
        text, status, answer = "", "", None
        try:
            for event in self.current().stream(question, history=history, filters=filters, k=k, generator=generator):
                if event.kind == "final":
                    answer = event.answer.to_dict()
                    continue
                if event.kind == "status":
                    status = event.text
                else:
                    text = "" if event.kind == "reset" else text + event.text
                yield {"text": text, "status": status, "answer": None}
        except Exception as err:  # logged whole here; the caller gets no server detail (paths, internals)
            logger.exception("answering %r failed", question[:100])
            self.requests.failed(endpoint, started, err)
            raise InternalError(f"internal error ({type(err).__name__}); the server's log has the details") from err
        self.requests.answered(endpoint, started, answer, k=k)
        yield {"text": text, "status": "完成", "answer": answer}

    # -- the chat ----------------------------------------------------------------------------------------

    def chat(self, question: str, turns: Sequence[dict], filters: Filters | None = None, k: int = 5,
             generator: str | None = None) -> Iterator[tuple[list[dict], list[dict]]]:
        """Stream one turn: yields (turns, chatbot messages) as the answer arrives; the last yield holds the
        final answer (or the error) in ``turns[-1]``."""
        turns = [dict(t) for t in turns]
        history = history_of(turns)
        turns.append({"question": question, "answer": None, "error": None})
        status, text = "正在检索相关条文…", ""
        yield turns, render.turn_messages(turns, live=render.pending_html(status))
        started = time.perf_counter()
        try:
            question, k, generator = check_question(question, k, generator, self.generators())
            final = None
            for event in self.current().stream(question, history=history or None, filters=filters, k=k,
                                               generator=generator):
                if event.kind == "status":
                    status = f"{event.text}…"
                elif event.kind == "token":
                    text += event.text
                elif event.kind == "reset":  # the chat model failed after part of its answer: withdrawn
                    text = ""
                elif event.kind == "final":
                    final = event.answer
                    continue
                live = render.streaming_html(text, status) if text else render.pending_html(status)
                yield turns, render.turn_messages(turns, live=live)
            if final is None:
                raise RuntimeError("the assistant ended without an answer")
            turns[-1]["answer"] = final.to_dict()
            self.requests.answered("chat", started, turns[-1]["answer"], k=k)
        except ValueError as err:
            turns[-1]["error"] = str(err)
            self.requests.rejected("chat", started, err)
        except Exception as err:  # shown in the chat, logged whole; the session goes on
            logger.exception("answering %r failed", question)
            self.requests.failed("chat", started, err)
            turns[-1]["error"] = f"内部错误（{type(err).__name__}），请稍后重试或换个问法。"
        yield turns, render.turn_messages(turns)

    def source_for(self, turns: Sequence[dict], ref: str) -> str:
        """The source panel for a clicked citation marker or a provision of the document browser."""
        parsed = render.parse_ref(ref)
        if parsed is None:
            return render.placeholder_html("无法识别的引用。")
        kind, target = parsed
        if kind == "chunk":
            found = self.view.locate(str(target))
            if found is None:
                return render.placeholder_html("该条文已不在当前索引中。")
            doc, provision = found
            return render.source_html(doc, provision, today=self.today)
        turn_no, marker = target
        if turn_no >= len(turns) or not turns[turn_no].get("answer"):
            return render.placeholder_html("这条引用属于已清除的对话。")
        citation = next((c for c in turns[turn_no]["answer"].get("citations") or [] if int(c["marker"]) == marker),
                        None)
        if citation is None:
            return render.placeholder_html(f"回答中没有编号为 [{marker}] 的引用。")
        return render.citation_source_html(self.view, citation, today=self.today)

    def feedback(self, turns: Sequence[dict], message_index, liked, comment: str = "") -> str:
        """Log feedback on the answer at Chatbot message ``message_index``; returns a line for the page."""
        if isinstance(message_index, (list, tuple)):
            message_index = message_index[0]
        try:
            turn_no = int(message_index) // 2
        except (TypeError, ValueError):
            return "无法识别反馈对应的回答。"
        if not 0 <= turn_no < len(turns):
            return "无法识别反馈对应的回答。"
        turn = turns[turn_no]
        rating = rating_of(liked)
        key = (turn["question"], (turn.get("answer") or {}).get("answer"), rating, comment)
        now = time.monotonic()
        if self._last_feedback and self._last_feedback[0] == key and now - self._last_feedback[1] < DUPLICATE_SECONDS:
            return f"已记录反馈：{RATING_LABELS[rating]}（第 {turn_no + 1} 轮回答）。谢谢！"  # the same click, sent twice
        self._last_feedback = (key, now)
        self.feedback_log.record(question=turn["question"], answer=turn.get("answer"), rating=rating,
                                 comment=comment if rating != "retracted" else "")
        return f"已记录反馈：{RATING_LABELS[rating]}（第 {turn_no + 1} 轮回答）。谢谢！"

    # -- the document browser -----------------------------------------------------------------------------

    def document_rows(self) -> list[list]:
        return render.document_rows(self.view)

    def document_choices(self) -> list[tuple[str, str]]:
        return render.document_choices(self.view)

    def provisions_html(self, doc_key: str | None) -> str:
        doc = self.view.document(doc_key) if doc_key else None
        if doc is None:
            return render.placeholder_html("在上方表格或下拉框中选择一个文件，查看它的全部条文。")
        return render.provisions_html(doc, self.today)

    # -- admin upload ---------------------------------------------------------------------------------------

    def upload(self, path: str | Path | None, name: str | None = None, replace: bool = False,
               progress: Progress = no_progress) -> str:
        """Ingest one uploaded gazette into the corpus and update the index; returns a Markdown report.
        Refusals (type, size, name, would overwrite, duplicate, unreadable content) say what to do. A file of
        the same name with other content replaces the stored one only with ``replace`` (the admin confirmed).
        ``progress`` hears the update's stages (the page's bar); the log gets a line every few seconds. Questions
        are answered from the version served meanwhile; the new one is served once it is saved."""
        if not self.config.admin_upload or self.corpus_dir is None or self.index_dir is None:
            return "❌ 上传未启用（启动时加 --admin-upload 或设置 POLICYQA_ADMIN_UPLOAD=1）。"
        if not path:
            return f"❌ 请先选择一个文件（{ALLOWED_TEXT}）。"
        path = Path(path)
        try:
            name = safe_name(name or path.name)
            with tempfile.TemporaryDirectory(prefix="policyqa-upload-") as tmp:
                staged = stage_upload(path, name, tmp, self.config.max_upload_bytes)
                with self._updating:
                    assistant = self.current()  # what `policyqa index` changed is kept
                    if already_in_corpus(staged, self.corpus_dir, replace):
                        return f"ℹ️ {name} 已收录，内容相同，索引未改动。"
                    before = len(assistant.retriever.store)
                    index, result = add_file(staged, self.corpus_dir, self.index_dir, assistant.retriever.embedder,
                                             assistant.catalog, replace=replace,
                                             progress=fan_out(progress, ProgressLog(logger.info, interval=5.0)),
                                             store=self.store)
                    if index is not None:
                        self._install(index)
        except (UploadError, DuplicateDocumentError) as err:
            logger.warning("upload of %r refused: %s", path.name, err)
            prefix = "❌ 文件未导入，其中的文件已从其他公报收录：" if isinstance(err, DuplicateDocumentError) else "❌ "
            return prefix + public_message(str(err))
        except Exception as err:  # ingestion or indexing failed: nothing was added
            logger.exception("upload of %s failed", path.name)
            return f"❌ 导入失败（{type(err).__name__}）：{public_message(str(err))}"
        problems = result.get("problems") or []
        if problems:
            logger.warning("upload of %r refused: %s", path.name, "; ".join(problems))
            return "❌ 文件未导入：\n" + "\n".join(f"- {public_message(p)}" for p in problems)
        docs = result.get("added_documents") or []
        after = len(index.store)
        verb = "已替换" if result.get("replaced") else "已导入"
        head = (f"✅ {verb} {name}：{len(docs)} 个文件，{result.get('chunks', 0)} 个条文片段"
                f"（索引 {before} → {after} 个片段）。")
        lines = [head]
        lines += [f"- 《{title}》" for title in docs]
        lines += [f"- ⚠️ 疑似写给 AI 的指令，已作为普通条文收录（回答不会执行它），请人工核对：{w}"
                  for w in result.get("warnings") or []]
        return "\n".join(lines)

