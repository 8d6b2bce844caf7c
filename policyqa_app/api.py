"""What scripts read about the /ask endpoint in the app's API page (and gradio_client's ``view_api()``): the
arguments, the filter keys and the answer's JSON Schema, built from the code that checks them. docs/api.md says
the same at length."""

from __future__ import annotations

import json

from qa.filters import DATE_KEYS, FILTER_KEYS
from qa.retrieval import MAX_K
from qa.schema import ANSWER_SCHEMA

LIST_KEYS = tuple(k for k in FILTER_KEYS if k not in DATE_KEYS)

# Gradio shows the text before any "Args:" line, its lines joined: so no such sections here.
ASK_DESCRIPTION = f"""Answer a question over the gazettes, citing the exact provisions, or refuse saying why. \
Arguments: question, in Chinese (the first 500 characters are read; a note says when it was cut); \
k, how many ranked provisions "retrieval" keeps, an integer from 1 to {MAX_K} (default 5); \
generator, "extractive" (the provisions' own sentences) or "llm" (when the app has a chat model), empty for the \
default; filters, an optional object with any of {", ".join(FILTER_KEYS)}, where {", ".join(LIST_KEYS)} take a \
string or a list of strings (exact values: titles, 文号, types such as 政府令, issuers) and {", ".join(DATE_KEYS)} \
take a date written YYYY-MM-DD (in_force_on keeps the documents in force that day); history, the earlier turns \
of a follow-up, a list of {{"role": "user"|"assistant", "content": str}} objects (an assistant turn may carry the \
"citations" /ask returned). Wrong arguments are refused with a message naming the argument and what is allowed. \
Returns the object `policyqa ask --json` prints, whose JSON Schema is \
{json.dumps(ANSWER_SCHEMA, ensure_ascii=False, separators=(",", ":"))}"""

ASK_STREAM_DESCRIPTION = """/ask, streamed: the same arguments, and a stream of objects {"text", "status", \
"answer"} as the answer arrives. "text" is the answer text so far, already checked (with the llm generator, only \
sentences their cited provisions support, markers numbered as in the final answer); it grows, except that it \
starts again from "" when a failing chat model's part is withdrawn and the extractive answer follows. "status" \
names the step under way. "answer" is null until the last object, which holds what /ask returns; its "answer" \
equals that object's "text"."""
