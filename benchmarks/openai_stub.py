"""A stand-in OpenAI-compatible chat endpoint on 127.0.0.1, for running benchmarks/bench_llm.py without a model.

    .venv/bin/python benchmarks/openai_stub.py --port 8091 [--invent] [--unmarked]

It plays a model that copies: its reply is the first sentence of provision [1] of the prompt (either prompt
version's layout) with the marker after it; ``--invent`` adds a sentence the provisions do not support under
the same marker, ``--unmarked`` leaves the markers out (what a small model did with the v1 prompt). Streams as
/v1/chat/completions does (SSE, a finish reason at the end); a request without "stream" gets one JSON reply (the
follow-up rewrite). It measures the checks and the plumbing, not a model: serve a real one with llama.cpp
(docs/benchmarks.md, "An LLM behind the chain").
"""

from __future__ import annotations

import argparse
import json
import re
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

_HEADER_RE = re.compile(r"^(?:@@[0-9a-f]+@@ )?\[1\] [^\n]*\n(?P<text>[^\n]+)", re.MULTILINE)
_SENTENCE_RE = re.compile(r"[^。；]+[。；]")
INVENTED = "逾期的一般还可以再宽限两到三年"


def reply_to(system: str, question: str, invent: bool, unmarked: bool) -> str:
    found = _HEADER_RE.search(system)
    if not found:
        return "未写明：" + question
    text = re.sub(r"^第[一二三四五六七八九十百零]+条\s*", "", found["text"].strip())
    first = (_SENTENCE_RE.findall(text) or [text])[0].rstrip("。；")
    marker = "" if unmarked else "[1]"
    return f"{first}{marker}。" + (f"{INVENTED}{marker}。" if invent else "")


class Handler(BaseHTTPRequestHandler):
    invent = False
    unmarked = False

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        messages = body["messages"]
        system = next((m["content"] for m in messages if m["role"] == "system"), "")
        question = messages[-1]["content"]
        if not body.get("stream"):  # the follow-up rewrite: the question as it is
            self._json({"id": "stub", "object": "chat.completion", "created": 0, "model": body["model"],
                        "choices": [{"index": 0, "message": {"role": "assistant", "content": question.splitlines()[-1]},
                                     "finish_reason": "stop"}]})
            return
        reply = reply_to(system, question, self.invent, self.unmarked)
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        pieces = [(reply[i:i + 8], None) for i in range(0, len(reply), 8)] + [("", "stop")]
        for piece, finish in pieces:
            chunk = {"id": "stub", "object": "chat.completion.chunk", "created": 0, "model": body["model"],
                     "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": finish}]}
            self.wfile.write(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode())
        self.wfile.write(b"data: [DONE]\n\n")

    def _json(self, data: dict) -> None:
        raw = json.dumps(data, ensure_ascii=False).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def log_message(self, *_args):
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8091)
    parser.add_argument("--invent", action="store_true")
    parser.add_argument("--unmarked", action="store_true")
    args = parser.parse_args()
    Handler.invent, Handler.unmarked = args.invent, args.unmarked
    ThreadingHTTPServer(("127.0.0.1", args.port), Handler).serve_forever()


if __name__ == "__main__":
    main()
