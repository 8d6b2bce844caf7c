"""Answer feedback, appended to a local JSONL log (one object per line; no secrets, no client addresses).

Bounded both ways: each record's strings are cut to a fixed size (a million-character question is logged as its
first characters and its length), and the file is rotated when it would pass ``max_bytes``
(``feedback.jsonl`` -> ``feedback.jsonl.1`` … ``.{backups}``, the oldest dropped), so the log never holds more than
``(backups + 1) * max_bytes``."""

from __future__ import annotations

import json
import threading
from datetime import datetime, timezone
from pathlib import Path

# What the Chatbot's feedback controls send (LikeData.liked) -> the rating written to the log.
RATINGS = {True: "helpful", "有帮助": "helpful", "引用有误": "wrong_citation", "其他": "other"}
FEEDBACK_OPTIONS = ("Like", "引用有误", "其他")  # "Like" is drawn as a thumb (有帮助); the others in a menu
RATING_LABELS = {"helpful": "有帮助", "wrong_citation": "引用有误", "other": "其他", "retracted": "撤回"}
MAX_COMMENT_CHARS = 2000
MAX_QUESTION_CHARS = 2000  # the assistant reads 500; more is kept so a reviewer sees what was sent
MAX_ANSWER_CHARS = 4000
MAX_CITATIONS = 20
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_BACKUPS = 3


def rating_of(liked: object) -> str:
    """The log's rating for a feedback click; clicking a chosen thumb again un-chooses it ("retracted")."""
    if isinstance(liked, bool):
        return "helpful" if liked else "retracted"
    return RATINGS.get(liked, "retracted") if isinstance(liked, str) else "retracted"


def _cut(text: object, limit: int) -> str:
    """``text`` as a string of at most about ``limit`` characters, saying how long it was when it is cut."""
    text = text if isinstance(text, str) else ""
    return text if len(text) <= limit else f"{text[:limit]}…（共{len(text)}字，已截断）"


class FeedbackLog:
    def __init__(self, path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES, backups: int = DEFAULT_BACKUPS):
        if max_bytes < 64 * 1024 or backups < 1:
            raise ValueError(f"max_bytes={max_bytes}, backups={backups}; keep at least 64 KB per file and 1 backup")
        self.path = Path(path)
        self.max_bytes, self.backups = max_bytes, backups
        self._lock = threading.Lock()

    def record(self, *, question: str, answer: dict | None, rating: str, comment: str = "") -> dict:
        if rating not in RATING_LABELS:
            raise ValueError(f"rating={rating!r}; choose one of {', '.join(RATING_LABELS)}")
        answer = answer or {}
        entry = {
            "time": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "question": _cut(question, MAX_QUESTION_CHARS),
            "answer": _cut(answer.get("answer", ""), MAX_ANSWER_CHARS),
            "refused": bool(answer.get("refused", False)),
            "generator": answer.get("generator"),
            "citations": [c["chunk_id"] for c in (answer.get("citations") or [])[:MAX_CITATIONS]],
            "rating": rating,
            "comment": _cut((comment or "").strip(), MAX_COMMENT_CHARS),
        }
        line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            size = self.path.stat().st_size if self.path.exists() else 0
            if size and size + len(line) > self.max_bytes:
                self._rotate()
            with self.path.open("ab") as fh:
                fh.write(line)
        return entry

    def _rotate(self) -> None:
        for n in range(self.backups - 1, 0, -1):
            older = self.path.with_name(f"{self.path.name}.{n}")
            if older.exists():
                older.replace(self.path.with_name(f"{self.path.name}.{n + 1}"))
        self.path.replace(self.path.with_name(f"{self.path.name}.1"))

    def files(self) -> list[Path]:
        """The log's files, oldest first."""
        rotated = [self.path.with_name(f"{self.path.name}.{n}") for n in range(self.backups, 0, -1)]
        return [p for p in (*rotated, self.path) if p.exists()]

    def read(self) -> list[dict]:
        """Every record still kept, oldest first."""
        return [json.loads(line) for path in self.files()
                for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
