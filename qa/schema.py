"""The JSON Schema of an answer: what `policyqa ask --json`, the Python API's ``Answer.to_dict()`` and the app's
/ask endpoint return. Evaluation scripts rely on its shape."""

from .answering.asks import AnswerType
from .types import AskStatus

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

_PART_SCHEMA = {
    "type": "object",
    "required": ["ask", "answer_type", "status", "markers", "related"],
    "properties": {
        "ask": {"type": "string"},
        "answer_type": {"enum": [t.value for t in AnswerType]},
        "status": {"enum": [AskStatus.ANSWERED, AskStatus.NOT_STATED, AskStatus.NOT_FOUND]},
        "markers": {"type": "array", "items": {"type": "integer", "minimum": 1}},
        "related": {"type": "array", "items": {"type": "string"}},
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
        "parts": {"type": "array", "items": _PART_SCHEMA},
        "timings_ms": {"type": "object", "additionalProperties": {"type": "number"}},
    },
}
