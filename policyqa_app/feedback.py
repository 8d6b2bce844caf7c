"""Answer feedback, appended to a local JSONL log (one object per line; no secrets, no client addresses)."""

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


def rating_of(liked: object) -> str:
    """The log's rating for a feedback click; clicking a chosen thumb again un-chooses it ("retracted")."""
    if isinstance(liked, bool):
        return "helpful" if liked else "retracted"
    return RATINGS.get(liked, "retracted") if isinstance(liked, str) else "retracted"


class FeedbackLog:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._lock = threading.Lock()

    def record(self, *, question: str, answer: dict | None, rating: str, comment: str = "") -> dict:
        if rating not in RATING_LABELS:
            raise ValueError(f"rating={rating!r}; choose one of {', '.join(RATING_LABELS)}")
        answer = answer or {}
        entry = {
            "time": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "question": question,
            "answer": answer.get("answer", ""),
            "refused": bool(answer.get("refused", False)),
            "generator": answer.get("generator"),
            "citations": [c["chunk_id"] for c in answer.get("citations") or []],
            "rating": rating,
            "comment": (comment or "").strip()[:MAX_COMMENT_CHARS],
        }
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(line)
        return entry

    def read(self) -> list[dict]:
        if not self.path.exists():
            return []
        return [json.loads(line) for line in self.path.read_text(encoding="utf-8").splitlines() if line.strip()]
