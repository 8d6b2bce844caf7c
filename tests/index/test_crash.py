"""Index integrity under crashes and concurrency: a writer killed with SIGKILL at every step of an update
leaves a loadable index (the old one or the new one, never a torn one), and readers loading while updates
land always get one whole version."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading

import pytest

from embeddings import FakeEmbedder
from qa.index import Index, build_index, open_index, plan_update
from qa.ingest import corpus_files
from tests.conftest import GAZETTES, ISSUE_2021, ISSUE_2022, ROOT

pytestmark = pytest.mark.slow

# Builds the new index once, then for each kill point forks a writer that saves it over a copy of the old index
# and sends itself SIGKILL at the Nth line executed in the qa/index package or shutil (rmtree of old versions). With
# kill point 0 the writer is traced to completion and reports the first event of every distinct line.
_CRASHING_WRITER = textwrap.dedent("""
    import json, os, pathlib, shutil, signal, sys
    import qa.index
    from embeddings import FakeEmbedder
    from qa.ingest import corpus_files

    corpus, template, work, kill_points = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
    files = corpus_files(corpus)
    new = qa.index.build_index(qa.index.plan_update(files, None), files, FakeEmbedder(), {"": corpus})
    traced = {str(p) for p in pathlib.Path(qa.index.__file__).parent.glob("*.py")} | {shutil.__file__}

    def save_with_kill_at(index_dir, kill_at):
        seen, first_event, count = set(), [], 0
        def tracer(frame, event, arg):
            nonlocal count
            if frame.f_code.co_filename not in traced:
                return None
            if event == "line":
                count += 1
                if count == kill_at:
                    os.kill(os.getpid(), signal.SIGKILL)
                where = (frame.f_code.co_filename, frame.f_lineno)
                if where not in seen:
                    seen.add(where)
                    first_event.append(count)
            return tracer
        sys.settrace(tracer)
        new.save(index_dir)
        sys.settrace(None)
        return first_event

    for kill_at in kill_points:
        index_dir = os.path.join(work, str(kill_at))
        shutil.copytree(template, index_dir, symlinks=True)
        pid = os.fork()
        if pid == 0:
            events = save_with_kill_at(index_dir, kill_at)
            if kill_at == 0:
                print(json.dumps(events))
            os._exit(0)
        _, status = os.waitpid(pid, 0)
        print(json.dumps({"kill_at": kill_at, "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None}),
              file=sys.stderr)
""")


def _run_writer(template, work, kill_points):
    done = subprocess.run([sys.executable, "-c", _CRASHING_WRITER, str(GAZETTES), str(template), str(work),
                           json.dumps(kill_points)], check=False, cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    outcomes = [json.loads(line) for line in done.stderr.splitlines() if line.startswith('{"kill_at"')]
    return done.stdout, {o["kill_at"]: o["signal"] for o in outcomes}


def _built(path) -> Index:
    files = corpus_files(path)
    return build_index(plan_update(files, None), files, FakeEmbedder(), {"": str(path)})


def _sources(index: Index) -> tuple[str, ...]:
    return tuple(sorted(index.manifest.sources))


def test_a_writer_killed_at_any_step_leaves_the_old_or_the_new_index(tmp_path):
    template = tmp_path / "template"
    old_hash, new_hash = (ISSUE_2021.name,), tuple(sorted(p.name for p in GAZETTES.iterdir()))
    open_index(ISSUE_2021, template, FakeEmbedder())

    stdout, _ = _run_writer(template, tmp_path / "dry", [0])
    kill_points = json.loads(stdout)
    assert len(kill_points) > 40  # every line of save, its helpers and rmtree: a kill point each

    _, signals = _run_writer(template, tmp_path / "killed", kill_points)
    assert signals == {k: 9 for k in kill_points}  # each writer really died of SIGKILL
    seen = []
    for kill_at in kill_points:
        index_dir = tmp_path / "killed" / str(kill_at)
        loaded = Index.load(index_dir)  # verifies every checksum
        assert _sources(loaded) in (old_hash, new_hash), kill_at
        assert len(loaded.chunks) == loaded.manifest.chunk_count == (288 if _sources(loaded) == old_hash else 578)
        seen.append("old" if _sources(loaded) == old_hash else "new")
    assert seen[0] == "old" and seen[-1] == "new" and seen == sorted(seen, key=["old", "new"].index)

    # The next update clears what the killed writers left (staging directories, temporary links).
    mid = tmp_path / "killed" / str(kill_points[len(kill_points) // 2])
    _built(ISSUE_2022).save(mid)
    versions = {p.name for p in mid.iterdir() if p.name.startswith("v-")}
    assert len(versions) == 2  # the current one and its predecessor
    leftovers = {p.name for p in mid.iterdir() if p.name.startswith(".")} - {".write.lock"}
    assert leftovers <= {f".readers-{v}.lock" for v in versions}
    assert Index.load(mid).manifest.chunk_count == 290


def test_readers_see_whole_versions_while_updates_land(tmp_path):
    """A writer process alternates two indexes as fast as it can; reader threads here load all the while."""
    index_dir = tmp_path / "index"
    open_index(ISSUE_2021, index_dir, FakeEmbedder())
    expected = {(ISSUE_2021.name,): 288, (ISSUE_2022.name,): 290}
    writer = subprocess.Popen([sys.executable, "-c", textwrap.dedent("""
        import sys
        from embeddings import FakeEmbedder
        from qa.index import build_index, plan_update
        from qa.ingest import corpus_files
        indexes = [build_index(plan_update(corpus_files(p), None), corpus_files(p), FakeEmbedder(), {"": p})
                   for p in sys.argv[2:4]]
        for n in range(30):
            indexes[n % 2].save(sys.argv[1])
        """), str(index_dir), str(ISSUE_2022), str(ISSUE_2021)], cwd=ROOT)
    loads, errors = [], []

    def read_until_writer_exits():
        while writer.poll() is None:
            try:
                index = Index.load(index_dir)
            except Exception as err:  # noqa: BLE001 - collected and asserted below
                errors.append(repr(err))
                continue
            loads.append((_sources(index), len(index.chunks), index.store.dense.ntotal, len(index.store.vectors)))

    readers = [threading.Thread(target=read_until_writer_exits) for _ in range(3)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    assert writer.returncode == 0 and errors == []
    assert {h for h, *_ in loads} == set(expected)  # both versions were read while they alternated
    assert all(tuple(counts) == (expected[h],) * 3 for h, *counts in loads)
    # A version a reader held during a clean-up was skipped, not deleted under it; the next update removes it.
    Index.load(index_dir).save(index_dir)
    assert len([p for p in index_dir.iterdir() if p.name.startswith("v-")]) == 2
