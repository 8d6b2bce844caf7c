"""Everything the page and the /ask endpoint do, with no gradio: unit-tested with a scripted assistant.

One ``ChatService`` wraps the one ``qa.assistant.Assistant`` of the process. Answers run under the read side
of a readers-writer lock and an upload under the write side, so the index is never swapped under a reader.
Conversation state (``turns``) lives in each browser session: a list of ``{"question", "answer", "error"}``.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

from qa.errors import DuplicateDocumentError
from qa.filters import FILTER_KEYS, Filters
from qa.index.update import add_file
from qa.progress import Progress, ProgressLog, fan_out, no_progress
from qa.retrieval import MAX_K
from qa.stack import assistant_over

from . import render
from .config import AppConfig
from .feedback import RATING_LABELS, FeedbackLog, rating_of
from .locks import ReadWriteLock
from .sources import CorpusView
from .upload import ALLOWED_TEXT, UploadError, already_in_corpus, safe_name, stage_upload

logger = logging.getLogger(__name__)

DUPLICATE_SECONDS = 3.0  # Gradio 6 sends a feedback-menu choice twice; one click is logged once
_FILTER_FIELDS = set(FILTER_KEYS)
_TUPLE_FIELDS = {"doc_titles", "doc_numbers", "doc_types", "issuers"}


def make_filters(values: dict | None) -> Filters | None:
    """Filters from a plain dict (the /ask ``filters`` argument or the page's controls); None when empty."""
    if not values:
        return None
    if not isinstance(values, dict):
        raise TypeError(f"filters={values!r}; give an object with keys {', '.join(sorted(_FILTER_FIELDS))}")
    unknown = set(values) - _FILTER_FIELDS
    if unknown:
        raise ValueError(f"unknown filter {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(_FILTER_FIELDS))}")
    args = {}
    for key, value in values.items():
        if value in (None, "", [], ()):
            continue
        if key in _TUPLE_FIELDS:
            args[key] = (value,) if isinstance(value, str) else tuple(str(v) for v in value)
        else:
            args[key] = str(value).strip()
    filters = Filters(**args)  # ValueError with the fix for a malformed date
    return filters if filters.active else None


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
                 today: date | None = None):
        self.assistant = assistant
        self.config = config
        self.corpus_dir = Path(corpus_dir) if corpus_dir else None
        self.index_dir = Path(index_dir) if index_dir else None
        self.feedback_log = FeedbackLog(config.feedback_log)
        self.lock = ReadWriteLock()
        self._today = today
        self._view: CorpusView | None = None
        self._view_of = None
        self._last_feedback: tuple | None = None

    # -- shared state ----------------------------------------------------------------------------------

    @property
    def today(self) -> date:
        return self._today or date.today()

    @property
    def view(self) -> CorpusView:
        """Documents and provisions of the current index (rebuilt when an upload replaced the index)."""
        store = self.assistant.retriever.store
        if self._view is None or self._view_of is not store:
            self._view, self._view_of = CorpusView(self.assistant.catalog, store.iter_chunks()), store
        return self._view

    def warm_up(self) -> None:
        """Load what the first question would otherwise wait for (the embedder's first call, jieba)."""
        with self.lock.read():
            self.assistant.retriever.retrieve("特许经营协议", k=1)
        _ = self.view

    def generators(self) -> list[str]:
        return list(self.assistant.generators())

    def default_generator(self) -> str:
        return self.assistant.default_generator.value

    def _check(self, question: str, k: int, generator: str | None) -> tuple[str, int, str | None]:
        if not isinstance(question, str) or not question.strip():
            raise ValueError("question is empty; ask something, e.g. 土地闲置多久会被认定为闲置土地？")
        try:
            k = int(k)
        except (TypeError, ValueError):
            raise ValueError(f"k={k!r}; it must be an integer from 1 to {MAX_K}") from None
        if not 1 <= k <= MAX_K:
            raise ValueError(f"k={k}; it must be an integer from 1 to {MAX_K}")
        if generator in ("", None):
            generator = None
        elif generator not in self.generators():
            raise ValueError(f"generator {generator!r} is not available; available: {', '.join(self.generators())}")
        return question.strip(), k, generator

    # -- the /ask API --------------------------------------------------------------------------------------

    def ask(self, question: str, k: int = 5, generator: str | None = None, filters: dict | None = None,
            history: list[dict] | None = None) -> dict:
        """The same object as ``policyqa ask --json`` (qa.answer.ANSWER_SCHEMA)."""
        question, k, generator = self._check(question, k, generator)
        if history is not None and (not isinstance(history, list) or
                                    any(not isinstance(h, dict) or h.get("role") not in ("user", "assistant")
                                        or not isinstance(h.get("content", ""), str) for h in history)):
            raise ValueError('history must be a list of {"role": "user"|"assistant", "content": str} objects')
        with self.lock.read():
            answer = self.assistant.ask(question, history=history or None, filters=make_filters(filters), k=k,
                                        generator=generator)
        return answer.to_dict()

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
        try:
            question, k, generator = self._check(question, k, generator)
            final = None
            with self.lock.read():
                for event in self.assistant.stream(question, history=history or None, filters=filters, k=k,
                                                   generator=generator):
                    if event.kind == "status":
                        status = f"{event.text}…"
                    elif event.kind == "token":
                        text += event.text
                    elif event.kind == "final":
                        final = event.answer
                        continue
                    live = render.streaming_html(text, status) if text else render.pending_html(status)
                    yield turns, render.turn_messages(turns, live=live)
            if final is None:
                raise RuntimeError("the assistant ended without an answer")
            turns[-1]["answer"] = final.to_dict()
        except ValueError as err:
            turns[-1]["error"] = str(err)
        except Exception as err:  # shown in the chat, logged whole; the session goes on
            logger.exception("answering %r failed", question)
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
        ``progress`` hears the update's stages (the page's bar); the log gets a line every few seconds."""
        if not self.config.admin_upload or self.corpus_dir is None or self.index_dir is None:
            return "❌ 上传未启用（启动时加 --admin-upload 或设置 POLICYQA_ADMIN_UPLOAD=1）。"
        if not path:
            return f"❌ 请先选择一个文件（{ALLOWED_TEXT}）。"
        path = Path(path)
        try:
            name = safe_name(name or path.name)
            with tempfile.TemporaryDirectory(prefix="policyqa-upload-") as tmp:
                staged = stage_upload(path, name, tmp, self.config.max_upload_bytes)
                with self.lock.write():
                    if already_in_corpus(staged, self.corpus_dir, replace):
                        return f"ℹ️ {name} 已收录，内容相同，索引未改动。"
                    before = len(self.assistant.retriever.store)
                    index, result = add_file(staged, self.corpus_dir, self.index_dir, self.assistant.retriever.embedder,
                                             self.assistant.catalog, replace=replace,
                                             progress=fan_out(progress, ProgressLog(logger.info, interval=5.0)))
                    if index is not None:
                        self.assistant = assistant_over(index, self.assistant)
        except UploadError as err:
            return f"❌ {err}"
        except DuplicateDocumentError as err:
            return f"❌ 文件未导入，其中的文件已从其他公报收录：{err}"
        except Exception as err:  # ingestion or indexing failed: nothing was added
            logger.exception("upload of %s failed", path.name)
            return f"❌ 导入失败（{type(err).__name__}）：{err}"
        problems = result.get("problems") or []
        if problems:
            return "❌ 文件未导入：\n" + "\n".join(f"- {p}" for p in problems)
        docs = result.get("added_documents") or []
        after = len(self.assistant.retriever.store)
        verb = "已替换" if result.get("replaced") else "已导入"
        head = (f"✅ {verb} {name}：{len(docs)} 个文件，{result.get('chunks', 0)} 个条文片段"
                f"（索引 {before} → {after} 个片段）。")
        lines = [head]
        lines += [f"- 《{title}》" for title in docs]
        lines += [f"- ⚠️ 疑似写给 AI 的指令，已作为普通条文收录（回答不会执行它），请人工核对：{w}"
                  for w in result.get("warnings") or []]
        return "\n".join(lines)

