"""The question sets eval/README.md records by sha256 are the files in eval/: a blind set sealed before a piece of
work is scored at its end unchanged."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

EVAL = Path(__file__).resolve().parents[2] / "eval"
_RECORDED_RE = re.compile(r"^ {4}sha256 {2}([0-9a-f]{64}) {2}(\S+\.jsonl)$", re.MULTILINE)


def test_every_recorded_set_is_unchanged():
    recorded = _RECORDED_RE.findall((EVAL / "README.md").read_text(encoding="utf-8"))
    assert len(recorded) >= 28 and "blind28.jsonl" in {name for _, name in recorded}
    changed = {name: digest for digest, name in recorded
               if hashlib.sha256((EVAL / name).read_bytes()).hexdigest() != digest}
    assert changed == {}
