"""One log line per request (`/ask` and the chat): what was asked of the chain, how it ended, how long it took.

Text by default (``/ask ok 812 ms k=5 question_chars=23 generator="extractive" …``), a JSON object per line with ``--log-json``.
Questions themselves are not logged (only their length); a rejected request is one line with the reason, never a
traceback.
"""

from __future__ import annotations

import json
import logging
import time

MAX_REASON_CHARS = 300  # a reason can quote what was sent (a k of a million characters)


class RequestLog:
    def __init__(self, logger: logging.Logger, as_json: bool = False):
        self.logger, self.as_json = logger, as_json

    def answered(self, route: str, started: float, answer: dict, k: int) -> None:
        self._write(logging.INFO, route, "ok", started, k=k, question_chars=len(answer.get("question") or ""),
                    generator=answer.get("generator"), refused=bool(answer.get("refused")),
                    refusal_reason=answer.get("refusal_reason"), citations=len(answer.get("citations") or []))

    def rejected(self, route: str, started: float, error: Exception) -> None:
        self._write(logging.WARNING, route, "rejected", started, reason=str(error)[:MAX_REASON_CHARS])

    def failed(self, route: str, started: float, error: Exception) -> None:
        self._write(logging.ERROR, route, "error", started, error=type(error).__name__)

    def _write(self, level: int, route: str, status: str, started: float, **fields) -> None:
        ms = round(1000 * (time.perf_counter() - started))
        if self.as_json:
            message = json.dumps({"route": route, "status": status, "ms": ms, **fields}, ensure_ascii=False)
        else:
            message = f"{route} {status} {ms} ms " + " ".join(
                f"{key}={json.dumps(value, ensure_ascii=False)}" for key, value in fields.items())
        self.logger.log(level, message.rstrip())

