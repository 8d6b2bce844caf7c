"""The answering chain: rewrite a follow-up -> retrieve -> check scope -> assemble context within a token
budget -> generate -> verify citations -> Answer. One object, shared by the CLI, the Python API and the app."""

from __future__ import annotations

import logging
import os
import re
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from prompts import REWRITE_PROMPT, load_prompt

from .answer import REFUSAL_TEXT, Answer, AnswerEvent, Citation
from .citations import attach_markers, best_sentences, markers_in, renumber, sentences, verify_markers
from .generators import (
    ChatGenerator,
    ContextItem,
    ExtractiveGenerator,
    llm_settings_from_env,
    openai_chat_model,
)
from .ingest import count_tokens
from .lookup import parse_references
from .retrieval import DEFAULT_K, Filters, HybridRetriever
from .scope import ScopeChecker

logger = logging.getLogger(__name__)

CONTEXT_TOKENS = 1800  # provisions handed to an LLM, counted with tiktoken
CONTEXT_PROVISIONS = 4
MAX_QUESTION_CHARS = 500
_ARTICLE_MENTION_RE = re.compile(r"第[\d一二三四五六七八九十百零〇两]+条")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_HAS_WORD_RE = re.compile(r"[^\W_]")  # a letter or a digit of any script
_FOLLOW_UP_RE = re.compile(r"^(那|那么|那要是|还有|它|这|该|此|上面|上述|刚才|你刚才|前面|同样|另外|如果是)")
_ASKED_DATE_RE = re.compile(r"(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?)?")
_VALIDITY_RE = re.compile(r"有效|施行|生效|失效|废止|过期|还能用|还适用")


class Assistant:
    def __init__(self, retriever: HybridRetriever, llm=None, default_generator: str | None = None):
        self.retriever = retriever
        self.scope = ScopeChecker(retriever.index.chunks, retriever.lookup.catalog)
        self.scope.warm_up()
        self.extractive = ExtractiveGenerator()
        self.llm = ChatGenerator(llm) if llm is not None else None
        self.default_generator = default_generator or ("llm" if self.llm else "extractive")
        if self.default_generator not in self.generators():
            raise ValueError(f"generator {self.default_generator!r} is not available; available: "
                             f"{', '.join(self.generators())} (configure POLICYQA_LLM_BASE_URL and POLICYQA_LLM_MODEL "
                             f"for 'llm')")
        self.rewrite_template = load_prompt(REWRITE_PROMPT)
        self._write_lock = threading.Lock()

    def generators(self) -> list[str]:
        return ["extractive", "llm"] if self.llm else ["extractive"]

    # -- public API ----------------------------------------------------------------------------

    def ask(self, question: str, history: list[dict] | None = None, filters: Filters | None = None,
            k: int = DEFAULT_K, generator: str | None = None) -> Answer:
        final = None
        for event in self.stream(question, history, filters, k, generator):
            if event.kind == "final":
                final = event.answer
        return final

    def stream(self, question: str, history: list[dict] | None = None, filters: Filters | None = None,
               k: int = DEFAULT_K, generator: str | None = None) -> Iterator[AnswerEvent]:
        started = time.perf_counter()
        timings: dict[str, float] = {}
        # Control characters (NUL, terminal escapes) would reach logs, terminals and the page: drop them.
        question = _CONTROL_RE.sub("", question) if isinstance(question, str) else ""
        if not _HAS_WORD_RE.search(question):  # empty, whitespace, punctuation, emoji, control characters
            yield _final(Answer(question=question, answer="请输入一个问题，例如：土地闲置多久会被认定为闲置土地？",
                                refused=True, refusal_reason="empty_question"), timings, started)
            return
        notes: list[str] = []
        if len(question) > MAX_QUESTION_CHARS:
            notes.append(f"问题过长（{len(question)}字），只使用了前{MAX_QUESTION_CHARS}字。")
            question = question[:MAX_QUESTION_CHARS]
        name = generator or self.default_generator
        if name not in self.generators():
            raise ValueError(f"generator {name!r} is not available; available: {', '.join(self.generators())}")

        yield AnswerEvent("status", "理解问题")
        t = time.perf_counter()
        standalone = self.rewrite(question, history or [], use_llm=name == "llm", notes=notes)
        timings["rewrite"] = _ms(t)

        yield AnswerEvent("status", "检索条文")
        t = time.perf_counter()
        hits = self.retriever.retrieve(standalone, k=max(k, CONTEXT_PROVISIONS), filters=filters)
        timings["retrieve"] = _ms(t)
        retrieval = [h.to_dict() for h in hits[:k]]

        t = time.perf_counter()
        verdict = self.scope.check(standalone, [h.chunk for h in hits])
        timings["scope"] = _ms(t)
        if verdict.refused or not hits:
            reason = verdict.reason or "检索不到相关条文。"
            answer = Answer(question=question, standalone_question=standalone, refused=True,
                            answer=f"{REFUSAL_TEXT}{reason}", refusal_reason=verdict.kind or "no_match",
                            generator=name, retrieval=retrieval, suggestions=_suggestions(hits), notes=notes)
            yield AnswerEvent("token", answer.answer)
            yield _final(answer, timings, started)
            return

        context = self._context(hits)
        yield AnswerEvent("status", "生成回答")
        t = time.perf_counter()
        text, used = "", name
        try:
            for piece in (self.llm if name == "llm" else self.extractive).generate(standalone, context):
                text += piece
                yield AnswerEvent("token", piece)
        except Exception as err:  # an unreachable endpoint must not cost the user an answer
            if name != "llm":
                raise
            logger.warning("LLM generation failed (%s: %s); falling back to the extractive answer",
                           type(err).__name__, err)
            notes.append(f"大模型服务不可用（{type(err).__name__}），以下为根据条文原文摘录的回答。")
            used, text = "extractive", "".join(self.extractive.generate(standalone, context))
            yield AnswerEvent("token", "\n" + text)
        timings["generate"] = _ms(t)

        t = time.perf_counter()
        answer = self._verified(question, standalone, text, context, used, retrieval, notes, hits)
        timings["verify"] = _ms(t)
        yield _final(answer, timings, started)

    def rewrite(self, question: str, history: list[dict], use_llm: bool = False, notes: list[str] | None = None) -> str:
        """A follow-up made standalone: 那竣工呢？ after a question about 开工; 第十五条 after an answer citing a
        document. Uses the LLM when it answers, else rules."""
        if not history:
            return question
        if use_llm and self.llm is not None:
            try:
                lines = "\n".join(f"{turn.get('role')}: {turn.get('content', '')[:300]}" for turn in history[-6:])
                reply = self.llm.chat_model.invoke(self.rewrite_template.format(history=lines, question=question))
                rewritten = str(reply.content).strip().splitlines()[0] if str(reply.content).strip() else ""
                if rewritten:
                    return rewritten[:MAX_QUESTION_CHARS]
            except Exception as err:  # noqa: BLE001 - any endpoint failure: fall back to rules, say so
                logger.warning("LLM rewrite failed (%s); using the rule-based rewrite", type(err).__name__)
                if notes is not None:
                    notes.append("大模型改写问题失败，已按规则补全上下文。")
        return self._rule_rewrite(question, history)

    def _rule_rewrite(self, question: str, history: list[dict]) -> str:
        previous = next((t.get("content", "") for t in reversed(history) if t.get("role") == "user"), "")
        last_cited = next((c for t in reversed(history) if t.get("role") == "assistant"
                           for c in t.get("citations", [])), None)
        refs = parse_references(question, self.retriever.lookup.catalog)
        article = _ARTICLE_MENTION_RE.search(question)
        if article and not refs.doc_keys and last_cited:
            # 你刚才说的那个办法第十五条 -> 《the document last cited》第十五条
            return f"《{last_cited['doc_title']}》{question[article.start():]}"
        follow_up = _FOLLOW_UP_RE.search(question) or len(question) <= 8
        if follow_up and previous and not refs.doc_keys:
            return f"{previous} {question}"
        return question

    # -- steps ---------------------------------------------------------------------------------

    def _context(self, hits) -> list[ContextItem]:
        """The best provisions, in rank order, as many as fit the token budget (the first always does)."""
        items, budget = [], CONTEXT_TOKENS
        exact = [h for h in hits if "lookup" in h.why]
        chosen = exact + [h for h in hits if "lookup" not in h.why]
        for hit in chosen[:max(CONTEXT_PROVISIONS, len(exact))]:
            cost = count_tokens(hit.chunk.citation + hit.chunk.text)
            if items and cost > budget:
                break
            budget -= cost
            items.append(ContextItem(marker=len(items) + 1, chunk=hit.chunk, why=hit.why))
        return items

    def _verified(self, question, standalone, text, context, generator, retrieval, notes, hits) -> Answer:
        by_marker = {item.marker: item for item in context}
        text, kept, removed = verify_markers(text, set(by_marker))
        if removed:
            notes.append(f"删除了{len(removed)}个指向无效条文的引用标记。")
        # Markers are attached to an unmarked reply; a reply whose every marker was invalid is not grounded.
        if not kept and not removed and generator == "llm" and REFUSAL_TEXT.rstrip("。") not in text:
            text = attach_markers(text, {n: item.chunk.text for n, item in by_marker.items()})
            kept = list(dict.fromkeys(markers_in(text)))
            if kept:
                notes.append("回答未标注引用，已按句子与条文的对应关系补上。")
        refused = REFUSAL_TEXT.rstrip("。") in text or not kept
        if refused:
            return Answer(question=question, standalone_question=standalone, refused=True,
                          answer=REFUSAL_TEXT if not text.strip() or REFUSAL_TEXT.rstrip("。") in text else
                          f"{REFUSAL_TEXT}（生成的回答无法与任何条文对应，已舍弃。）",
                          refusal_reason="not_supported", generator=generator, retrieval=retrieval,
                          suggestions=_suggestions(hits), notes=notes)
        text = renumber(text, kept)
        citations = []
        for new, old in enumerate(kept, start=1):
            chunk = by_marker[old].chunk
            support = [s for s in sentences(chunk.text) if s in text] or best_sentences(standalone, chunk.text, 2)
            citations.append(Citation(marker=new, chunk_id=chunk.chunk_id, citation=chunk.citation,
                                      doc_title=chunk.doc_title, doc_number=chunk.doc_number, article=chunk.article,
                                      text=chunk.text, score=round(float(_score_of(hits, chunk.chunk_id)), 6),
                                      supporting_sentences=support))
        notes += _validity_notes(standalone, [by_marker[m].chunk for m in kept])
        return Answer(question=question, standalone_question=standalone, answer=text, refused=False,
                      generator=generator, citations=citations, retrieval=retrieval, notes=notes)

    # -- admin ---------------------------------------------------------------------------------

    def add_gazette(self, path: str | Path, corpus_dir: str | Path, index_dir: str | Path,
                    replace: bool = False) -> dict:
        """Ingest one more gazette into ``corpus_dir`` and update the index incrementally (serialised).

        A file of the same name is replaced only with ``replace=True``. The corpus file is written atomically
        and restored if indexing fails, so the corpus folder always matches the index that is served."""
        from .index import open_index
        from .ingest import ingest_path
        from .lookup_adapter import StructuredLookup

        path = Path(path)
        with self._write_lock:
            single = ingest_path(path)
            if single.problems:
                return {"added_documents": [], "chunks": 0, "problems": [p.message for p in single.problems]}
            clashes = self._documents_held_elsewhere(single.documents, path.name)
            if clashes:
                raise GazetteConflictError(
                    f"{path.name} holds documents already indexed from other files: "
                    + "; ".join(f"{number} (《{title}》) from {source}" for number, title, source in clashes)
                    + f". Update {clashes[0][2]} instead (upload it under that name and replace it), or remove the "
                      "duplicated documents from this file")
            target = Path(corpus_dir) / path.name
            previous = target.read_bytes() if target.exists() else None
            if previous is not None and not replace:
                raise FileExistsError(f"{target} already exists; pass replace=True to replace it")
            _write_atomically(target, path.read_bytes())
            try:
                index = open_index(corpus_dir, index_dir, self.retriever.embedder)
            except BaseException:
                if previous is None:
                    target.unlink(missing_ok=True)
                else:
                    _write_atomically(target, previous)
                raise
            retriever = HybridRetriever(index, self.retriever.embedder, fusion=self.retriever.fusion,
                                        weights=self.retriever.weights, lookup=StructuredLookup(index.chunks))
            self.retriever = retriever
            self.scope = ScopeChecker(index.chunks, retriever.lookup.catalog)
            return {"added_documents": [d.title for d in single.documents], "chunks": len(single.chunks),
                    "replaced": previous is not None, "problems": [],
                    "warnings": [a.message for a in single.anomalies if a.kind == "instruction_like_text"]}

    def _documents_held_elsewhere(self, documents, source: str) -> list[tuple[str, str, str]]:
        """(文号, title, file) of each document that another gazette file already brought into the index."""
        held = {c.doc_number: (c.doc_title, c.source) for c in self.retriever.index.chunks
                if c.doc_number and c.source != source}
        return [(d.doc_number, *held[d.doc_number]) for d in documents if d.doc_number in held]


class GazetteConflictError(ValueError):
    """An added gazette would put a second copy of an indexed document (same 文号) into the index."""


def _write_atomically(target: Path, data: bytes) -> None:
    """A reader (or a crash) sees the old file or the new one, never half of it."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with tmp.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, target)


def _final(answer: Answer, timings: dict, started: float) -> AnswerEvent:
    timings["total"] = _ms(started)
    answer.timings_ms = {k: round(v, 2) for k, v in timings.items()}
    return AnswerEvent("final", answer=answer)


def _ms(since: float) -> float:
    return (time.perf_counter() - since) * 1000


def _score_of(hits, chunk_id: str) -> float:
    return next((h.score for h in hits if h.chunk.chunk_id == chunk_id), 0.0)


def _suggestions(hits) -> list[dict]:
    seen, out = set(), []
    for hit in hits:
        key = (hit.chunk.doc_title, hit.chunk.doc_number)
        if key not in seen:
            seen.add(key)
            out.append({"doc_title": hit.chunk.doc_title, "doc_number": hit.chunk.doc_number})
    return out[:3]


def _validity_notes(question: str, chunks) -> list[str]:
    """Say when a cited document is not (yet / any more) in force on the date the question asks about."""
    m = _ASKED_DATE_RE.search(question)
    if m and _VALIDITY_RE.search(question):
        asked = date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)).isoformat()
    elif m is None:
        asked = date.today().isoformat()
    else:
        return []
    notes = []
    for chunk in {c.doc_title: c for c in chunks}.values():
        if chunk.effective_date and asked < chunk.effective_date:
            notes.append(f"注意：《{chunk.doc_title}》自{chunk.effective_date}起施行，在{asked}尚未施行。")
        elif chunk.expiry_date and asked > chunk.expiry_date:
            notes.append(f"注意：《{chunk.doc_title}》有效期至{chunk.expiry_date}，在{asked}已不再有效。")
    return notes


def build_assistant(corpus: str | Path | None = None, index_dir: str | Path | None = None,
                    embedder: str | None = None, llm=None, on_status=None) -> Assistant:
    """The whole stack with project defaults. ``llm``: a LangChain chat model, or None to use the
    OpenAI-compatible endpoint configured in the environment (POLICYQA_LLM_BASE_URL, POLICYQA_LLM_MODEL,
    POLICYQA_LLM_API_KEY), or extractive answers only when none is configured."""
    from .engine import build_retriever
    from .settings import default_corpus, default_embedder, default_index_dir

    retriever = build_retriever(corpus or default_corpus(), index_dir or default_index_dir(),
                                embedder or default_embedder(), on_status=on_status)
    if llm is None:
        settings = llm_settings_from_env()
        llm = openai_chat_model(settings) if settings else None
    if on_status:
        on_status(f"generator: {'llm (' + str(getattr(llm, 'model_name', type(llm).__name__)) + ')' if llm else 'extractive'}")
    return Assistant(retriever, llm=llm)
