"""The page's CSS and the click bridge (JavaScript), as strings handed to gradio."""

# Runs once when the (invisible) bridge component mounts. One document-level listener catches clicks on the
# anchors render.py makes (#pq-cite-…, #pq-chunk-…), even inside the Chatbot, whose messages are re-rendered
# while answers stream, and hands the href to Python as the bridge's "open_ref" event.
BRIDGE_JS = """
window.__pqTrigger = trigger;
if (!window.__pqBridge) {
  window.__pqBridge = true;
  document.addEventListener('click', (e) => {
    const a = e.target && e.target.closest ? e.target.closest('a[href^="#pq-"]') : null;
    if (!a) return;
    e.preventDefault();
    e.stopPropagation();
    document.querySelectorAll('a.pq-active').forEach((x) => x.classList.remove('pq-active'));
    a.classList.add('pq-active');
    window.__pqTrigger('open_ref', {ref: a.getAttribute('href')});
    // Beside the chat on a wide screen; far below it on a phone, where the columns stack: bring it into view.
    const panel = document.getElementById('pq-source');
    const top = panel ? panel.getBoundingClientRect().top : 0;
    if (panel && (top < 0 || top > window.innerHeight * 0.5)) panel.scrollIntoView({block: 'start'});
  }, true);
}
"""

CSS = """
#pq-bridge { display: none; }
.pq-question { white-space: normal; }
.pq-answer-text { line-height: 1.75; }
a.pq-cite { text-decoration: none; cursor: pointer; }
a.pq-marker { display: inline-block; padding: 0 .3em; margin: 0 .1em; border-radius: .35em; font-size: .85em;
  font-weight: 600; color: #b91c1c !important; background: #fee2e2; border: 1px solid #fecaca; line-height: 1.4; }
a.pq-marker:hover, a.pq-active { background: #fecaca; }
.pq-citations { margin-top: .7em; padding-top: .5em; border-top: 1px dashed var(--border-color-primary, #d1d5db); font-size: .9em; }
.pq-citations-head { color: var(--body-text-color-subdued, #6b7280); margin-bottom: .2em; }
.pq-citations ol { margin: 0; padding-left: 0; list-style: none; }
.pq-citations li { margin: .15em 0; }
a.pq-cite-item { color: var(--body-text-color, #111827) !important; }
a.pq-cite-item:hover { text-decoration: underline; }
.pq-cite-no { color: #b91c1c; font-weight: 600; margin-right: .35em; }
.pq-meta { margin-top: .5em; font-size: .78em; color: var(--body-text-color-subdued, #6b7280); }
.pq-notes { margin: .5em 0 0; padding-left: 1.2em; font-size: .85em; color: #92400e; }
.pq-refusal { border-left: 4px solid #9ca3af; background: repeating-linear-gradient(135deg, #f3f4f6, #f3f4f6 8px,
  #eceef1 8px, #eceef1 16px); color: #374151; padding: .6em .8em; border-radius: .3em; }
.pq-refusal-head { font-weight: 700; color: #4b5563; margin-bottom: .25em; }
.pq-refusal-head::before { content: "⊘ "; }
.pq-suggestions { margin-top: .4em; font-size: .9em; }
.pq-suggestions ul { margin: .2em 0 0 1.2em; }
.pq-error { border-left: 4px solid #dc2626; background: #fef2f2; color: #7f1d1d; padding: .6em .8em; border-radius: .3em; }
.pq-error-head { font-weight: 700; }
.pq-pending { color: var(--body-text-color-subdued, #6b7280); }
.pq-pending-note { font-size: .8em; color: var(--body-text-color-subdued, #6b7280); margin-top: .3em; }
.pq-spinner { display: inline-block; width: .8em; height: .8em; margin-right: .4em; border-radius: 50%;
  border: 2px solid #d1d5db; border-top-color: #b91c1c; animation: pq-spin 1s linear infinite; vertical-align: -.1em; }
@keyframes pq-spin { to { transform: rotate(360deg); } }
.pq-source { padding: .9em 1em; border: 1px solid var(--border-color-primary, #e5e7eb); border-radius: .5em;
  background: var(--block-background-fill, #fff); }
.pq-source-empty { color: var(--body-text-color-subdued, #6b7280); min-height: 6em; }
.pq-source-kicker { font-size: .8em; color: #b91c1c; font-weight: 600; letter-spacing: .05em; }
.pq-source-title { font-size: 1.1em; font-weight: 700; margin: .2em 0 .4em; }
.pq-source-notice { font-size: .85em; color: var(--body-text-color-subdued, #6b7280); margin-bottom: .4em; }
.pq-source-meta { display: grid; grid-template-columns: auto 1fr; gap: .15em .8em; font-size: .85em; margin: 0 0 .6em; }
.pq-source-meta dt { color: var(--body-text-color-subdued, #6b7280); }
.pq-source-meta dd { margin: 0; }
.pq-valid { padding: 0 .4em; border-radius: .3em; font-size: .95em; }
.pq-valid-in { background: #dcfce7; color: #166534; }
.pq-valid-pending { background: #fef9c3; color: #854d0e; }
.pq-valid-expired { background: #fee2e2; color: #991b1b; }
.pq-valid-unknown { background: #f3f4f6; color: #374151; }
.pq-source-citation { font-size: .85em; color: var(--body-text-color-subdued, #6b7280); }
.pq-source-label { font-weight: 700; margin: .5em 0 .3em; }
.pq-source-text { line-height: 1.8; }
.pq-source-text mark.pq-support { background: #fde68a; color: inherit; padding: 0 .1em; border-radius: .15em; }
.pq-source-foot, .pq-source-origin { margin-top: .5em; font-size: .78em; color: var(--body-text-color-subdued, #6b7280); }
.pq-doc-count { font-size: .85em; color: var(--body-text-color-subdued, #6b7280); margin: .3em 0; }
.pq-provisions { padding-left: 0; list-style: none; margin: 0; }
.pq-provisions li { padding: .25em 0; border-bottom: 1px dotted var(--border-color-primary, #e5e7eb); }
a.pq-prov { font-weight: 600; color: #b91c1c !important; margin-right: .6em; }
.pq-snippet { color: var(--body-text-color-subdued, #6b7280); font-size: .9em; }
"""

INTRO = """## 政策问答 · 聊城市人民政府公报
只依据已收录的政府公报原文作答，每句注明出处；点击 **[1]** 这样的引用标记，“原文”面板显示该条原文（手机上页面会滚动到该面板），依据句子高亮。
找不到依据时会直接说明，不作推测。"""
