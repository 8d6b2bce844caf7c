"""The chat model behind the LLM generator: any OpenAI-compatible endpoint (``openai_chat_model``), or any provider
LangChain knows (``chat_model_from_spec("provider:model")``), with the key kept out of logs."""

from __future__ import annotations

import logging

from ..config import LLMSettings
from ..errors import InputError
from ..lazy import require

logger = logging.getLogger(__name__)


def mask_secret(value: str | None) -> str:
    """Keys never reach logs whole: sk-abcdef123456 -> sk-a…3456."""
    if not value:
        return ""
    return value[:4] + "…" + value[-4:] if len(value) > 10 else "***"


_SECRETS: set[str] = set()


def redact_in_logs(secret: str | None) -> None:
    """From now on, every log record of this process shows ``secret`` masked, whichever library logs it
    (an endpoint that echoes the key in an error body, an exception's traceback)."""
    if not secret:  # a short key is a key too (local servers take any token): masked whatever its length
        return
    if not _SECRETS:
        make_record = logging.getLogRecordFactory()

        def redacting_record(*args, **kwargs) -> logging.LogRecord:
            record = make_record(*args, **kwargs)
            message = record.getMessage()
            if any(s in message for s in _SECRETS):
                record.msg, record.args = _masked(message), ()
            if record.exc_info:
                record.exc_text = _masked(record.exc_text or logging.Formatter().formatException(record.exc_info))
            return record

        logging.setLogRecordFactory(redacting_record)
    _SECRETS.add(secret)


def _masked(text: str) -> str:
    for secret in _SECRETS:
        text = text.replace(secret, mask_secret(secret))
    return text


def openai_chat_model(settings: LLMSettings):
    """ChatOpenAI for DeepSeek, Qwen, vLLM, Ollama, llama.cpp server or any OpenAI-compatible endpoint."""
    chat_openai = require("langchain_openai", "the LLM generator", "pip install langchain-openai").ChatOpenAI
    redact_in_logs(settings.api_key)
    logger.info("LLM endpoint %s model %s key %s", settings.base_url, settings.model, mask_secret(settings.api_key))
    # max_tokens goes out as OpenAI's max_completion_tokens and, for servers that read only the older name
    # (llama-cpp-python's, older vLLM), as max_tokens too.
    return chat_openai(base_url=settings.base_url, model=settings.model, api_key=settings.api_key,
                       timeout=settings.timeout, max_retries=settings.retries, max_tokens=settings.max_tokens,
                       extra_body={"max_tokens": settings.max_tokens}, temperature=0, streaming=True)


def chat_model_from_spec(spec: str, **options):
    """A chat model from LangChain's ``init_chat_model``: ``"openai:gpt-4o-mini"``, ``"anthropic:claude-…"``,
    ``"ollama:qwen2.5"`` … (the provider's package, e.g. langchain-openai, must be installed). ``options`` go to
    the model (temperature, base_url, api_key …); an ``api_key`` given here is masked in every log record. For an
    OpenAI-compatible server configured by URL, use ``openai_chat_model(LLMSettings(...))``."""
    if not isinstance(spec, str) or ":" not in spec.strip(":"):
        raise InputError(f"chat model spec {spec!r}; write it as provider:model, e.g. openai:gpt-4o-mini or "
                         f"ollama:qwen2.5 (LangChain's init_chat_model providers)")
    init_chat_model = require("langchain.chat_models", "chat_model_from_spec",
                              "pip install langchain and the provider's package, e.g. langchain-openai").init_chat_model
    provider, model = (part.strip() for part in spec.split(":", 1))
    redact_in_logs(options.get("api_key"))
    logger.info("chat model %s:%s", provider, model)
    return init_chat_model(model, model_provider=provider, **options)
