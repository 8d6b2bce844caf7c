"""Page layout (components only; ``events.bind`` wires them) and launching."""

from __future__ import annotations

import os
import time
from types import SimpleNamespace

from . import assets, render
from .feedback import FEEDBACK_OPTIONS
from .lazy import require_gradio
from .service import ChatService
from .upload import ALLOWED_SUFFIXES, ALLOWED_TEXT

CITIZEN_EXAMPLES = [
    "政府跟企业搞特许经营，能不能承诺保证企业每年固定赚多少？",
    "开发商拿了地两年没动工，政府会怎么处理？",
    "市领导要来我们县调研，能不能拉横幅、献花搞个欢迎仪式？",
]
STAFF_EXAMPLES = [
    "《特许经营管理办法》第7条",
    "聊城市人民政府令第42号第24条讲的啥？",
    "聊政办字〔2021〕36号是什么文件？",
    "王霞的职务有什么变动？",
]
LLM_HINT = "未配置大模型：设置 POLICYQA_LLM_BASE_URL 和 POLICYQA_LLM_MODEL 后可选“大模型生成”。"


def layout(gr, service: ChatService) -> SimpleNamespace:
    """Create the components inside an open ``gr.Blocks``; returns them by name."""
    c = SimpleNamespace()
    generators = service.generators()
    gr.Markdown(assets.INTRO)
    c.bridge = gr.HTML("", js_on_load=assets.BRIDGE_JS, elem_id="pq-bridge")
    c.turns = gr.State([])
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=420), gr.Tabs():
            with gr.Tab("问答", id="chat"):
                _chat(gr, c)
            with gr.Tab("文件浏览", id="docs"):
                _browser(gr, c, service)
            if service.config.admin_upload:
                with gr.Tab("上传公报（管理员）", id="upload"):
                    _upload(gr, c, service)
        with gr.Column(scale=2, min_width=320):
            c.source = gr.HTML(render.placeholder_html(), elem_id="pq-source", label="原文", show_label=True,
                               container=True, padding=True)
            _settings(gr, c, service, generators)
    return c


def _chat(gr, c) -> None:
    c.chatbot = gr.Chatbot(label="对话", show_label=False, elem_id="pq-chat", height=520, feedback_options=FEEDBACK_OPTIONS,
                           buttons=["copy"], group_consecutive_messages=False, sanitize_html=True,
                           placeholder="您好！请输入关于聊城市政府公报中政策、条文、任免或大事的问题。")
    with gr.Row(equal_height=True):
        c.question = gr.Textbox(show_label=False, placeholder="输入问题，例如：开发商拿了地两年没动工怎么办？",
                                elem_id="pq-question", scale=5, max_lines=4, autofocus=True)
        c.send = gr.Button("提问", variant="primary", elem_id="pq-send", scale=1, min_width=80)
        c.clear = gr.Button("清空对话", elem_id="pq-clear", variant="secondary", scale=1, min_width=80)
    with gr.Row(equal_height=True):
        c.feedback_comment = gr.Textbox(show_label=False, scale=4, max_lines=2, elem_id="pq-feedback-comment",
                                        placeholder="反馈说明（可选）：点回答下方的“赞”或“旗标”按钮时一并记录")
        c.feedback_status = gr.Markdown("", elem_id="pq-feedback-status")
    gr.Examples([[q] for q in CITIZEN_EXAMPLES], inputs=[c.question], label="市民提问示例")
    gr.Examples([[q] for q in STAFF_EXAMPLES], inputs=[c.question], label="工作人员查询示例（按条、按文号、按人名）")


def _settings(gr, c, service: ChatService, generators: list[str]) -> None:
    with gr.Accordion("检索与生成设置", open=True):
        view = service.view
        with gr.Row():
            c.doc_filter = gr.Dropdown(choices=view.titles(), value=[], multiselect=True, label="限定文件",
                                       elem_id="pq-doc-filter")
            c.type_filter = gr.Dropdown(choices=view.doc_types(), value=[], multiselect=True, label="文件类型",
                                        elem_id="pq-type-filter")
        with gr.Row():
            c.in_force_on = gr.Textbox(label="在此日期有效", placeholder="YYYY-MM-DD", elem_id="pq-in-force")
            c.signed_from = gr.Textbox(label="签发日期起", placeholder="YYYY-MM-DD")
            c.signed_to = gr.Textbox(label="签发日期止", placeholder="YYYY-MM-DD")
        c.top_k = gr.Slider(1, 20, value=5, step=1, label="检索条数（top-k）", elem_id="pq-top-k")
        choices = [(render.GENERATOR_LABELS.get(g, g), g) for g in dict.fromkeys(["extractive", "llm", *generators])]
        c.generator = gr.Radio(choices=choices, value=service.default_generator(), label="回答方式",
                               interactive=len(generators) > 1, elem_id="pq-generator",
                               info=None if "llm" in generators else LLM_HINT)


def _browser(gr, c, service: ChatService) -> None:
    gr.Markdown("已收录的文件。选中一行（或在下拉框中选择）查看全部条文，点击条文在“原文”面板阅读全文。")
    c.docs_table = gr.Dataframe(value=service.document_rows(), headers=render.DOC_TABLE_HEADERS,
                                interactive=False, wrap=True, elem_id="pq-docs", max_height=360,
                                column_widths=render.DOC_TABLE_WIDTHS)
    c.doc_pick = gr.Dropdown(choices=service.document_choices(), value=None, label="选择文件", elem_id="pq-doc-pick")
    c.provisions = gr.HTML(service.provisions_html(None), elem_id="pq-provisions", max_height=640)


def _upload(gr, c, service: ChatService) -> None:
    cfg = service.config
    gr.Markdown(f"上传一期公报或一份政策文件（{ALLOWED_TEXT}；文本为 UTF-8 或 GB18030，最大 {cfg.max_upload_mb} MB）。文件存入 "
                f"`{service.corpus_dir}`，只为新文件计算向量，索引增量更新；同名不同内容的文件只有勾选“替换同名文件”才会被替换。")
    c.upload_file = gr.File(label="文件", file_types=list(ALLOWED_SUFFIXES), type="filepath", elem_id="pq-upload")
    c.upload_replace = gr.Checkbox(False, label="替换同名文件（确认用新文件替换已收录的同名公报）",
                                   elem_id="pq-upload-replace")
    c.upload_button = gr.Button("导入并更新索引", variant="primary", elem_id="pq-upload-button")
    c.upload_report = gr.HTML("", elem_id="pq-upload-report")  # escaped text (render.upload_report_html)


def build_app(service: ChatService):
    """The whole page, wired, with the queue configured (one shared assistant)."""
    # Gradio keeps ~0.3 KB of analytics per answered event, for its /monitoring page, up to this many events
    # (default 10,000): the one per-request structure that grew in docs/benchmarks.md's memory run.
    os.environ.setdefault("GRADIO_ANALYTICS_MAX_EVENTS", "1000")
    gr = require_gradio()
    from .events import bind

    with gr.Blocks(title="政策问答 PolicyQA") as demo:
        components = layout(gr, service)
        components.demo = demo
        bind(components, service)
    demo.queue(default_concurrency_limit=service.config.concurrency, max_size=64)
    return demo


def launch(demo, service: ChatService, started: float | None = None, block: bool = True):
    """Serve on config.host:config.port (127.0.0.1 by default). Returns gradio's (app, local url, share url)."""
    gr = require_gradio()
    cfg = service.config
    result = demo.launch(server_name=cfg.host, server_port=cfg.port, share=cfg.share, show_error=True,
                         max_file_size=f"{cfg.max_upload_mb}mb" if cfg.admin_upload else "1mb",
                         ssr_mode=False, footer_links=["api", "settings"], prevent_thread_lock=True,
                         css=assets.CSS, theme=gr.themes.Default(primary_hue="red", neutral_hue="slate"))
    add_health_route(demo.app, service)
    if started is not None:
        print(f"PolicyQA ready at {result[1]} ({time.perf_counter() - started:.1f} s after start)", flush=True)
    if block:
        demo.block_thread()
    return result


def add_health_route(app, service: ChatService) -> None:
    """``GET /healthz``: whether an index is served, its documents and chunks, the embedder and the store (JSON),
    for a load balancer or a monitor. Put before Gradio's own routes so none of them can shadow it."""
    app.add_api_route("/healthz", service.health, methods=["GET"], include_in_schema=False)
    app.router.routes.insert(0, app.router.routes.pop())
