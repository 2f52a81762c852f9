"""Main window: title marker, save/reopen, close questions, new, drag-and-drop, lock, recent files."""
from decimal import Decimal as D
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from gui import settings
from gui.document import Document, lock_holder, lock_path
from gui.mainwindow import MainWindow, live_windows
from model import store


@pytest.fixture
def sample_file(tmp_path, sample_report):
    path = tmp_path / "2024年度某县总工会.jxzp"
    store.save(sample_report, path)
    return path


@pytest.fixture
def make_window(qtbot):
    made = []

    def make(doc=None, **kw):
        w = MainWindow(doc, findings_delay_ms=0, **kw)
        qtbot.addWidget(w)
        made.append(w)
        return w
    yield make
    for w in live_windows():
        if w not in made:
            qtbot.addWidget(w)   # windows opened by the code under test are closed too


def test_title_shows_star_when_modified(make_window):
    win = make_window()
    assert "[*]" in win.windowTitle() and win.windowTitle().startswith("未命名")
    assert not win.isWindowModified()
    win.pages["info"].unit_name.setText("县")
    win.pages["info"].unit_name.textEdited.emit("县")
    assert win.isWindowModified()
    win.doc.undo()
    assert not win.isWindowModified()
    win.doc.redo()
    assert win.isWindowModified()


def test_save_as_and_reopen_round_trip(make_window, dialogs, tmp_path):
    win = make_window()
    info = win.pages["info"]
    info.unit_name.setText("某县教育局")
    info.unit_name.textEdited.emit("某县教育局")
    staff = win.pages["staff"]
    staff.fields["staff.actual_staff"].setText("12")
    assert staff.fields["staff.actual_staff"].commit()
    dialogs.save_file = tmp_path / "out"                 # no suffix: .jxzp is added
    win.act_save.trigger()                               # untitled → 另存为
    saved = tmp_path / "out.jxzp"
    assert saved.is_file() and win.doc.path == saved
    assert not win.isWindowModified() and win.windowTitle().startswith("out.jxzp")
    assert str(saved.resolve()) in settings.recent_files()
    assert lock_path(saved).exists()                      # the open file is locked
    assert not win.doc.recovery_file.exists()

    report = store.load(saved)
    assert report.info.unit_name == "某县教育局" and report.staff.actual_staff == 12

    win.close()                                           # clean: no question, lock released
    assert ("save_changes", "out.jxzp") not in dialogs.calls
    assert not lock_path(saved).exists()

    win2 = make_window()
    dialogs.open_file = saved
    win2.act_open.trigger()
    assert win2.doc.path == saved
    assert win2.pages["info"].unit_name.text() == "某县教育局"
    assert win2.pages["staff"].fields["staff.actual_staff"].text() == "12"
    assert win2.pages["staff"].control.text() == "—"


def test_save_keeps_backup_and_clears_marker(make_window, sample_file):
    win = make_window()
    win.open_path(sample_file)
    win.doc.set_value("budget.executed", D("250"))
    assert win.isWindowModified()
    win.act_save.trigger()
    assert not win.isWindowModified()
    assert store.load(sample_file).budget.executed == D("250")
    assert store.backup_path(sample_file).exists()


@pytest.mark.parametrize("answer, closed, saved", [("cancel", False, False), ("discard", True, False),
                                                     ("save", True, True)])
def test_close_with_unsaved_changes_asks(make_window, dialogs, sample_file, answer, closed, saved):
    win = make_window()
    win.open_path(sample_file)
    win.doc.set_value("info.head", "赵六")
    dialogs.save_changes = answer
    assert win.close() is closed
    assert ("save_changes", sample_file.name) in dialogs.calls
    assert (store.load(sample_file).info.head == "赵六") is saved
    if closed:
        assert not lock_path(sample_file).exists()
    else:
        win.doc.undo_stack.setClean()


def test_unreadable_file_shows_chinese_error(make_window, dialogs, tmp_path):
    bad = tmp_path / "坏文件.jxzp"
    bad.write_text("{ not json", encoding="utf-8")
    win = make_window()
    assert win.open_path(bad) is None
    assert dialogs.errors and "已损坏" in dialogs.errors[0]
    assert win.doc.path is None


def test_unreadable_file_costs_no_new_window(make_window, dialogs, tmp_path, sample_file):
    bad = tmp_path / "坏文件.jxzp"
    bad.write_text("{ not json", encoding="utf-8")
    win = make_window()
    assert win.open_path(sample_file) is win
    before = live_windows()
    assert win.open_path(bad) is None
    assert dialogs.errors and "已损坏" in dialogs.errors[0]
    assert live_windows() == before and win.doc.path == sample_file


def test_new_file_dialog_creates_unsaved_report(make_window, dialogs):
    win = make_window()
    dialogs.new_report = (2025, "某县卫健局", "mof")
    assert win.new_file() is win
    r = win.doc.report
    assert (r.info.year, r.info.unit_name, r.profile) == (2025, "某县卫健局", "mof")
    assert win.isWindowModified() and win.doc.path is None
    assert win.pages["info"].unit_name.text() == "某县卫健局"
    assert win.pages["info"].year.value() == 2025


def test_open_with_modified_document_uses_a_new_window(make_window, sample_file):
    win = make_window()
    win.doc.set_value("info.unit_name", "未保存的内容")
    other = win.open_path(sample_file)
    assert other is not win and other.doc.path == sample_file
    assert win.doc.report.info.unit_name == "未保存的内容"
    assert win.open_path(sample_file) is other           # already open: that window is shown


def test_drop_a_file_opens_it(make_window, qtbot, sample_file):
    win = make_window()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(sample_file))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    win.dropEvent(event)
    assert event.isAccepted()
    qtbot.waitUntil(lambda: win.doc.path == sample_file)
    assert win.pages["info"].unit_name.text() == "某县总工会"


def test_drop_of_other_files_is_ignored(make_window, tmp_path):
    win = make_window()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "表.xlsx"))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    event.setAccepted(False)
    win.dropEvent(event)
    assert not event.isAccepted() and win.doc.path is None


def test_second_document_on_same_file_is_warned(make_window, dialogs, sample_file):
    first = Document()
    first.open_file(sample_file)
    assert first.has_lock
    holder = lock_holder(sample_file)
    assert holder and "进程" in holder

    win = make_window()
    dialogs.locked = "cancel"
    assert win.open_path(sample_file) is None
    assert dialogs.calls[-1][0] == "locked" and dialogs.calls[-1][1] == sample_file.name
    assert win.doc.path is None

    dialogs.locked = "readonly"
    assert win.open_path(sample_file) is win
    assert win.doc.read_only and "只读" in win.windowTitle()
    win.doc.set_value("info.head", "只读修改")
    dialogs.save_file = ""                                 # 保存 on a read-only file asks 另存为
    assert not win.save()
    assert dialogs.calls[-1] == ("save_dialog",)
    assert store.load(sample_file).info.head == "王强"
    first.close()
    assert lock_holder(sample_file) is None


def test_asking_who_has_a_free_file_open_writes_nothing(qapp, sample_file):
    import os
    folder = sample_file.parent
    os.utime(folder, ns=(10**18, 10**18))                 # a folder time the probe would change
    assert lock_holder(sample_file) is None
    assert folder.stat().st_mtime_ns == 10**18 and not lock_path(sample_file).exists()


def test_recent_files_drop_missing_ones(qapp, tmp_path):
    a, b = tmp_path / "a.jxzp", tmp_path / "b.jxzp"
    for p in (a, b):
        p.write_text("x", encoding="utf-8")
    for i in range(10):
        extra = tmp_path / f"e{i}.jxzp"
        extra.write_text("x", encoding="utf-8")
        settings.add_recent_file(extra)
    settings.add_recent_file(a)
    settings.add_recent_file(b)
    files = settings.recent_files()
    assert len(files) == settings.MAX_RECENT and files[0] == str(b.resolve())
    b.unlink()
    assert settings.recent_files()[0] == str(a.resolve())


def _stored(key):
    """What the settings file itself holds (not what this process has kept back to write)."""
    return settings.qsettings().value(key, None)


def test_opening_a_file_remembers_it_and_its_folder(make_window, sample_file, qtbot):
    win = make_window()
    assert win.open_path(sample_file) is win
    assert settings.recent_files()[0] == str(sample_file.resolve())
    assert settings.get("files/last_dir") == str(sample_file.parent)
    assert win.start_dir() == str(sample_file.parent)
    # opened before the window's first paint: written after it (after the first 审核 pass)
    assert _stored("files/last_dir") is None
    win.show()
    qtbot.waitUntil(lambda: win.findings.window_painted)
    qtbot.waitUntil(lambda: _stored("files/last_dir") == str(sample_file.parent))
    assert win.findings.refreshed_once
    assert str(sample_file.resolve()) in _stored("files/recent")


def test_a_file_opened_in_a_shown_window_is_remembered_at_once(make_window, sample_file, qtbot):
    win = make_window()
    win.show()
    qtbot.waitUntil(lambda: win.findings.window_painted)
    assert win.open_path(sample_file) is win
    assert _stored("files/last_dir") == str(sample_file.parent)


def test_settings_kept_back_are_written_to_their_own_file(qapp, tmp_path, monkeypatch):
    first, second = tmp_path / "一", tmp_path / "二"
    monkeypatch.setenv("JXZP_DATA_DIR", str(first))
    settings.set_later({"files/last_dir": "甲"})
    assert settings.get("files/last_dir") == "甲" and _stored("files/last_dir") is None
    monkeypatch.setenv("JXZP_DATA_DIR", str(second))
    assert settings.get("files/last_dir") == ""            # another settings file: not there
    settings.set_later({"autosave/interval_s": 90})
    settings.set_many({"files/last_dir": "乙"})              # written with what this file kept back
    assert _stored("autosave/interval_s") is not None and settings.get("autosave/interval_s") == 90
    settings.flush()
    monkeypatch.setenv("JXZP_DATA_DIR", str(first))
    assert _stored("files/last_dir") == "甲"
    monkeypatch.setenv("JXZP_DATA_DIR", str(second))
    assert _stored("files/last_dir") == "乙"


def test_settings_written_together_or_not_at_all(qapp, tmp_path):
    settings.set_many({"files/last_dir": str(tmp_path), "autosave/interval_s": 90})
    assert settings.get("files/last_dir") == str(tmp_path) and settings.get("autosave/interval_s") == 90
    with pytest.raises(KeyError):
        settings.set_many({"files/last_dir": "elsewhere", "no/such_key": 1})
    assert settings.get("files/last_dir") == str(tmp_path)        # nothing stored
    p = tmp_path / "a.jxzp"
    p.write_text("x", encoding="utf-8")
    settings.add_recent_file(p)                                 # the folder only when asked for
    assert settings.get("files/last_dir") == str(tmp_path)
    sub = tmp_path / "sub"
    sub.mkdir()
    q = sub / "b.jxzp"
    q.write_text("x", encoding="utf-8")
    assert settings.add_recent_file(q, last_dir=True)[0] == str(q.resolve())
    assert settings.get("files/last_dir") == str(sub)


def test_shortcuts_on_menu_actions(make_window):
    win = make_window()
    keys = {a.text(): [s.toString() for s in a.shortcuts()] for a in win.actions()}
    assert keys["新建…"] == ["Ctrl+N"] and keys["打开…"] == ["Ctrl+O"]
    assert keys["保存"] == ["Ctrl+S"] and keys["另存为…"] == ["Ctrl+Shift+S"]
    assert keys["撤销"] == ["Ctrl+Z"] and keys["重做"] == ["Ctrl+Y", "Ctrl+Shift+Z"]
    assert keys["审核"] == ["F5"]
    assert all(keys[t] for t in keys), [t for t in keys if not keys[t]]


def test_select_tab_by_prefix(make_window):
    win = make_window()
    assert win.select_tab("六") and win.tabs.tabText(win.tabs.currentIndex()) == "六、绩效情况"
    assert win.select_tab("机构") and win.tabs.tabText(win.tabs.currentIndex()) == "机构与人员"
    assert not win.select_tab("不存在")


def test_roll_over_from_last_years_file(make_window, dialogs, sample_file):
    win = make_window()
    dialogs.open_file = sample_file
    w = win.rollover_dialog()
    assert w is win
    r = win.doc.report
    assert r.info.year == 2025 and r.info.unit_name == "某县总工会"
    assert r.budget.prior_executed == D("252.65") and r.budget.executed is None
    assert win.doc.path is None and win.isWindowModified()
    assert win.pages["info"].year.value() == 2025
    name, old_year, new_year, carried, review = dialogs.calls[-1]
    assert name == "rollover_result" and (old_year, new_year) == (2024, 2025)
    assert any("机构与人员" in c for c in carried) and any("项目 2 个" in c for c in carried)
    # what went to the review list, counted by kind (the year changes are one kind among others)
    from model.review import counts_by_kind
    assert review == counts_by_kind(r.review) and sum(n for _k, n in review) == len(r.review) > 0
    assert dict(review)["取自上年的金额（上年决算数）"] == sum(1 for it in r.review if it.kind == "rollover.amount") > 0


def test_roll_over_of_a_bad_file_shows_error(make_window, dialogs, tmp_path):
    bad = tmp_path / "上年.jxzp"
    bad.write_bytes(b"\x00\x01")
    win = make_window()
    assert win.roll_over(bad) is None
    assert dialogs.errors and win.doc.path is None and not win.isWindowModified()


def _drag_and_drop(target, mime):
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QDragEnterEvent
    from PySide6.QtWidgets import QApplication
    enter = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, enter)
    event = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    if enter.isAccepted():
        QApplication.sendEvent(target, event)
    return enter.isAccepted()


@pytest.mark.filterwarnings("ignore::DeprecationWarning")   # QDragEnterEvent has only a QPoint constructor
@pytest.mark.parametrize("field", ["section-0", "info.unit_name", "info.unit_nature", "budget.executed"])
def test_drop_on_a_text_field_opens_the_file_instead_of_inserting_text(make_window, qtbot, sample_file, field):
    win = make_window()
    if field == "section-0":
        path = "sections[0]"
        target = win.pages["section-0"].editor.viewport()      # text editors get drops on their viewport
    else:
        path = field
        target = win.pages[field.split(".")[0]].fields[field]
    before = win.doc.value(path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(sample_file))])
    mime.setText(str(sample_file))
    assert _drag_and_drop(target, mime)
    qtbot.waitUntil(lambda: win.doc.path == sample_file)
    assert str(sample_file) not in str(win.doc.value(path)) and before != str(sample_file)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_dropping_plain_text_on_a_field_still_inserts_it(make_window, qtbot):
    win = make_window()
    edit = win.pages["info"].fields["info.head"]
    edit.show()
    mime = QMimeData()
    mime.setText("张三")
    assert _drag_and_drop(edit, mime)
    assert "张三" in edit.text()
    assert win.doc.path is None


def test_pages_are_built_on_first_use(qtbot, make_window, sample_report):
    win = make_window(Document(sample_report))
    built = win.pages.built
    assert list(built()) == ["info"]                    # only the page shown at start
    assert len(win.pages) == win.tabs.count() == 15
    # a tab shown for the first time gets its page, with the document's content in it
    win.tabs.setCurrentIndex(win.tabs.count() - 2)
    assert "dept" in built()
    # finding navigation builds the page it needs and shows its field
    win.show()
    qtbot.waitExposed(win)
    assert "section-5" not in built()
    assert win.navigate("sections[5]")
    assert win.tabs.currentIndex() == win.tabs.indexOf(win.pages["section-5"])
    assert win.pages["section-5"].editor.toPlainText() == sample_report.sections[5]
    # asking for a page builds it; each built page carries the title of its tab
    staff = win.pages["staff"]
    assert staff.fields["staff.actual_staff"].text() == str(sample_report.staff.actual_staff)
    for key in win.pages:
        page = win.pages[key]
        assert win.tabs.tabText(win.tabs.indexOf(page)) == page.title
    assert win.tab_key(win.tabs.indexOf(staff)) == "staff"


def test_findings_reach_pages_built_later(qtbot, make_window, sample_report):
    win = make_window(Document(sample_report))
    with qtbot.waitSignal(win.findings.refreshed):
        win.doc.set_value("info.phone", "12")
    assert "info.phone" in {f.where for f in win.doc.summary().findings}
    with qtbot.waitSignal(win.findings.refreshed):
        win.doc.set_value("staff.actual_staff", 9999)
    field = win.pages["staff"].fields["staff.actual_staff"]     # built after the 审核 pass
    assert field.property("finding") in ("warning", "error")
