"""The wheel as a user installs it: every subpackage, the prompts and the bundled gazettes inside, and
`policyqa ask` working from any folder, with its index in the user's data folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", str(ROOT),
                    "-w", str(out)], check=True, capture_output=True)
    return next(out.glob("policyqa-*.whl"))


def test_the_wheel_holds_the_library_the_app_the_prompts_and_the_gazettes(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    packages = {str(p.parent.relative_to(ROOT)) for p in ROOT.glob("[qpe]*/**/__init__.py")
                if p.parts[len(ROOT.parts)] in ("qa", "policyqa_app", "embeddings", "prompts")}
    assert {f"{p}/__init__.py" for p in packages} <= names
    assert {"prompts/answer_v1.md", "prompts/rewrite_v1.md", "qa/text/places.txt"} <= names
    gazettes = sorted(n.rsplit("/", 1)[1] for n in names if "/share/policyqa/gazettes/" in n)
    assert gazettes == sorted(p.name for p in (ROOT / "data" / "gazettes").iterdir())


@pytest.mark.slow
def test_installed_policyqa_answers_from_any_folder(wheel, tmp_path):
    target, home, elsewhere = tmp_path / "site", tmp_path / "home", tmp_path / "elsewhere"
    elsewhere.mkdir()
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("POLICYQA_", "XDG_"))}
    env.update(HOME=str(home), PYTHONPATH=str(target), POLICYQA_EMBEDDER="fake")
    run = subprocess.run([sys.executable, "-c", "from policyqa_app.cli import main; main()", "ask", "--json",
                          "聊城市人民政府工作规则第五十七条"], cwd=elsewhere, env=env, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    answer = json.loads(run.stdout)
    assert answer["citations"][0]["chunk_id"] == "liaocheng-gazette-2022-03.txt:d01:p058"
    index = home / ".local" / "share" / "policyqa" / "index"
    manifest = json.loads((index / "current" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["roots"] == {"": str((target / "share" / "policyqa" / "gazettes").resolve())}
    assert not list(elsewhere.iterdir())  # nothing written where the command was run
