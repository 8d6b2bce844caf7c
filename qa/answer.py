"""The answer contract: what `policyqa ask --json`, the Python API and the app's /ask endpoint return.

The JSON shape is stable; evaluation scripts rely on it (schema: ANSWER_SCHEMA, documented in README)::

    {"question", "standalone_question", "answer", "refused": bool, "refusal_reason", "generator",
     "citations": [{"marker", "chunk_id", "citation", "doc_title", "doc_number", "article", "text", "score",
                    "supporting_sentences"}],
     "retrieval": [ranked chunks as in `policyqa search --json`],
     "suggestions": [{"doc_title", "doc_number"}], "notes": [str], "timings_ms": {step: ms}}
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

REFUSAL_TEXT = "未在已收录的文件中找到相关规定。"


@dataclass
class Citation:
    marker: int
    chunk_id: str
    citation: str
    doc_title: str
    doc_number: str | None
    article: str
    text: str
    score: float
    supporting_sentences: list[str] = field(default_factory=list)


@dataclass
class Answer:
    question: str
    answer: str
    refused: bool
    standalone_question: str = ""
    # empty_question; a qa.scope rule (not_a_policy_question, not_chinese, missing_article, other_place, …);
    # no_match (retrieval found nothing); not_supported (the generated answer cited no given provision)
    refusal_reason: str | None = None
    generator: str = "extractive"
    citations: list[Citation] = field(default_factory=list)
    retrieval: list[dict] = field(default_factory=list)
    suggestions: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class AnswerEvent:
    """Streaming: ``kind`` is "status" (a step started), "token" (answer text to append) or "final"."""

    kind: str
    text: str = ""
    answer: Answer | None = None


_CITATION_SCHEMA = {
    "type": "object",
    "required": ["marker", "chunk_id", "citation", "doc_title", "doc_number", "article", "text", "score"],
    "properties": {
        "marker": {"type": "integer", "minimum": 1},
        "chunk_id": {"type": "string"},
        "citation": {"type": "string"},
        "doc_title": {"type": "string"},
        "doc_number": {"type": ["string", "null"]},
        "article": {"type": "string"},
        "text": {"type": "string"},
        "score": {"type": "number"},
        "supporting_sentences": {"type": "array", "items": {"type": "string"}},
    },
}

ANSWER_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "PolicyQA answer",
    "type": "object",
    "required": ["question", "answer", "refused", "citations", "retrieval", "timings_ms"],
    "properties": {
        "question": {"type": "string"},
        "standalone_question": {"type": "string"},
        "answer": {"type": "string"},
        "refused": {"type": "boolean"},
        "refusal_reason": {"type": ["string", "null"]},
        "generator": {"type": "string"},
        "citations": {"type": "array", "items": _CITATION_SCHEMA},
        "retrieval": {"type": "array", "items": {
            "type": "object",
            "required": ["rank", "chunk_id", "citation", "doc_title", "doc_number", "article", "text", "score"]}},
        "suggestions": {"type": "array", "items": {"type": "object", "required": ["doc_title"]}},
        "notes": {"type": "array", "items": {"type": "string"}},
        "timings_ms": {"type": "object", "additionalProperties": {"type": "number"}},
    },
}
