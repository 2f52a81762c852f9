"""The cyclic collector is held while a file is opened, a whole 审核 pass runs and an xlsx is
written, and started again afterwards — also after a failure, across nested holds and threads,
and never when it was off before."""
import gc
import threading

import pytest

from model import collector, store
from model.summary import summarize
from resources.samples.build_sample import build_sample


@pytest.fixture(autouse=True)
def _collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    assert collector.holds() == 0
    (gc.enable if was else gc.disable)()


def _spy(monkeypatch, module, name):
    """Record gc.isenabled() while ``module.name`` runs."""
    seen = []
    real = getattr(module, name)

    def wrapped(*a, **kw):
        seen.append(gc.isenabled())
        return real(*a, **kw)
    monkeypatch.setattr(module, name, wrapped)
    return seen


def test_held_nests_and_restarts_once():
    with collector.held():
        assert not gc.isenabled()
        with collector.held():
            assert collector.holds() == 2
        assert not gc.isenabled()          # the outer hold is still in force
    assert gc.isenabled()


def test_never_starts_a_collector_that_was_off():
    gc.disable()
    with collector.held():
        pass
    assert not gc.isenabled()


def test_released_after_an_exception():
    with pytest.raises(ZeroDivisionError):
        with collector.held():
            1 / 0
    assert gc.isenabled()


def test_release_without_hold_does_nothing():
    collector.release()
    assert gc.isenabled() and collector.holds() == 0


def test_holds_from_two_threads_end_with_the_last():
    inside, leave = threading.Event(), threading.Event()

    def worker():
        with collector.held():
            inside.set()
            leave.wait(10)
    t = threading.Thread(target=worker)
    t.start()
    assert inside.wait(10)
    with collector.held():
        pass
    assert not gc.isenabled()              # the worker still holds it
    leave.set()
    t.join(10)
    assert gc.isenabled()


def test_load_holds_the_collector(tmp_path, monkeypatch):
    path = tmp_path / "a.jxzp"
    store.save(build_sample(), path)
    seen = _spy(monkeypatch, store, "from_dict")
    report = store.load(path)
    assert seen == [False] and gc.isenabled()
    assert report.projects and report == build_sample()


def test_load_of_a_bad_file_releases_the_hold(tmp_path):
    path = tmp_path / "bad.jxzp"
    path.write_text('{"format": "jxzp", "schema": 3, "report": [', encoding="utf-8")
    with pytest.raises(store.StoreError):
        store.load(path)
    assert gc.isenabled()


def test_whole_check_pass_holds_the_collector(monkeypatch):
    import model.summary as summary
    seen = _spy(monkeypatch, summary, "run_checks")
    s = summarize(build_sample())
    assert seen == [False] and gc.isenabled()
    assert s.findings is not None


def test_xlsx_export_holds_the_collector(tmp_path, monkeypatch):
    import export.xlsx as xlsx
    seen = _spy(monkeypatch, xlsx, "build_workbook")
    xlsx.write_xlsx(build_sample(), tmp_path / "a.xlsx")
    assert seen == [False] and gc.isenabled()
    assert (tmp_path / "a.xlsx").stat().st_size > 0
