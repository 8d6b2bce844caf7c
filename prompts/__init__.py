"""Versioned prompt templates (Chinese). Load them with ``load_prompt(name)``; the version is in the name.
Each answer prompt's measured effect is in docs/benchmarks.md ("Prompt versions"); a new wording is a new file."""

from __future__ import annotations

from importlib import resources

ANSWER_PROMPT = "answer_v2"
REWRITE_PROMPT = "rewrite_v1"


def answer_prompts() -> list[str]:
    """The versions of the answer prompt, oldest first: answer_v1, answer_v2 …"""
    return sorted(p.name[:-3] for p in resources.files(__package__).iterdir()
                  if p.name.startswith("answer_v") and p.name.endswith(".md"))


def load_prompt(name: str) -> str:
    try:
        return resources.files(__package__).joinpath(f"{name}.md").read_text(encoding="utf-8")
    except FileNotFoundError:
        available = sorted(p.name[:-3] for p in resources.files(__package__).iterdir() if p.name.endswith(".md"))
        raise ValueError(f"no prompt named {name!r}; available: {', '.join(available)}") from None
