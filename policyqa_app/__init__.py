"""The PolicyQA chat app (Gradio). Kept outside ``qa/``: the library never imports gradio.

Modules: ``config`` (settings), ``sources`` (documents and provisions read from the index), ``render`` (HTML of
answers, citations and the source panel, pure functions), ``feedback``, ``upload``, ``locks``, ``service``
(everything the page does, without gradio), ``ui`` (layout, launch), ``events`` (wiring), ``assets`` (CSS/JS),
``lazy`` (the gradio import), ``cli`` (``policyqa serve``). gradio is imported only when the app is built.
"""
