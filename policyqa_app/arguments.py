"""What a request gives, checked: the question, k and generator of a chat turn or an /ask call, its filters (the
/ask ``filters`` argument or the page's controls) and its history. Each wrong value is an ``InputError`` (a
ValueError) naming the argument and what is allowed."""

from __future__ import annotations

from qa.errors import InputError
from qa.filters import Filters
from qa.retrieval import MAX_K

HISTORY_ROLES = ("user", "assistant")


def check_question(question: object, k: object, generator: object,
                   generators: list[str]) -> tuple[str, int, str | None]:
    """The question stripped, k as an int, and the generator (None for the default) if it is one of
    ``generators``."""
    if not isinstance(question, str):
        raise InputError(f"question must be a string, got {type(question).__name__}")
    if not question.strip():
        raise InputError("question is empty; ask something, e.g. 土地闲置多久会被认定为闲置土地？")
    if isinstance(k, float) and k.is_integer():
        k = int(k)
    elif isinstance(k, str) and k.strip().isdigit():
        k = int(k.strip())
    if isinstance(k, bool) or not isinstance(k, int):
        raise InputError(f"k={k!r}; it must be an integer from 1 to {MAX_K}")
    if not 1 <= k <= MAX_K:
        raise InputError(f"k={k}; it must be an integer from 1 to {MAX_K}")
    if generator in ("", None):
        generator = None
    elif not isinstance(generator, str) or generator not in generators:
        raise InputError(f"generator {generator!r} is not available; available: {', '.join(generators)}")
    return question.strip(), k, generator


def make_filters(values: dict | None) -> Filters | None:
    """Filters from a plain dict (the /ask ``filters`` argument or the page's controls); None when empty.
    Empty values (the page's unused controls) are dropped; anything else wrong is an ``InputError`` naming the
    key and what is allowed."""
    if values is None:
        return None
    if not isinstance(values, dict):
        return Filters.of(values)  # refuses it with the allowed keys
    given = {key: value.strip() if isinstance(value, str) else value for key, value in values.items()}
    filters = Filters.of({key: value for key, value in given.items() if value not in (None, "", [], ())})
    return filters if filters.active else None


def check_history(history: object) -> list[dict] | None:
    """The /ask ``history``: a list of ``{"role": "user"|"assistant", "content": str}`` (an assistant turn may
    carry its ``citations``, a list of objects); the first wrong turn is named."""
    if history is None:
        return None
    shape = 'give a list of {"role": "user"|"assistant", "content": str} objects'
    if not isinstance(history, list):
        raise InputError(f"history must be a list, got {type(history).__name__}; {shape}")
    for n, turn in enumerate(history):
        if not isinstance(turn, dict):
            raise InputError(f"history[{n}] must be an object, got {type(turn).__name__}; {shape}")
        unknown = sorted(set(turn) - {"role", "content", "citations"})
        if unknown:
            raise InputError(f"history[{n}] has unknown keys {', '.join(map(repr, unknown))}; {shape}")
        if turn.get("role") not in HISTORY_ROLES:
            raise InputError(f"history[{n}].role={turn.get('role')!r}; it must be user or assistant")
        if not isinstance(turn.get("content"), str):
            raise InputError(f"history[{n}].content must be a string, got {type(turn.get('content')).__name__}")
        citations = turn.get("citations", [])
        if not isinstance(citations, list) or not all(isinstance(c, dict) for c in citations):
            raise InputError(f"history[{n}].citations must be a list of citation objects (as /ask returns them)")
    return history or None

