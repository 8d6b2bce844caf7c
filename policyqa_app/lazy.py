"""gradio, imported on first use with an install hint (the library and `policyqa --help` never need it)."""

import os


def require_gradio():
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # works air-gapped: no start-up calls out
    try:
        import gradio
    except ImportError as err:
        raise ImportError("the chat app needs gradio: pip install 'gradio>=5' (or pip install -e .)") from err
    return gradio
