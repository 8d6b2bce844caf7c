import os
import shutil

import pytest

from embeddings.st_backend import packaged_minilm_path

ENVIRONMENT_THAT_CHANGES_RESOLUTION = (
    "POLICYQA_EMBEDDER",
    "POLICYQA_ST_MODEL",
    "POLICYQA_ALLOW_DOWNLOAD",
    "HF_ENDPOINT",
    "HF_HUB_OFFLINE",
)


@pytest.fixture(autouse=True)
def clean_embedder_environment(monkeypatch):
    """Each test starts from the defaults, whatever the developer's shell exports."""
    for name in ENVIRONMENT_THAT_CHANGES_RESOLUTION:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def unreachable_hub(monkeypatch):
    """Point the Hub at a closed local port: 'not reachable' on every machine, online or not."""
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")


@pytest.fixture
def hub_cache_with_one_model(tmp_path, monkeypatch):
    """A Hugging Face cache holding the packaged MiniLM under a Chinese-model Hub id, laid out as a
    download leaves it (refs/main -> snapshots/<commit>/...). Returns that Hub id."""
    repo_dir = tmp_path / "models--someorg--cached-bge-small-zh"
    commit = "0" * 40
    (repo_dir / "refs").mkdir(parents=True)
    (repo_dir / "refs" / "main").write_text(commit)
    shutil.copytree(packaged_minilm_path(), repo_dir / "snapshots" / commit, copy_function=os.symlink)
    monkeypatch.setenv("SENTENCE_TRANSFORMERS_HOME", str(tmp_path))
    return "someorg/cached-bge-small-zh"
