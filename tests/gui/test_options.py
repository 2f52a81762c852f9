"""工具 › 选项… (autosave interval, recent files, where data is kept) and 结转 to a chosen year."""
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from gui import recovery, settings, settings_dialog
from gui.mainwindow import MainWindow, live_windows
from gui.rollover_year_dialog import RolloverYearDialog
from model import store

#: the offscreen platform cannot pass a shown dialog's size hints on
pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support propagateSizeHints\(\)$")


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
            qtbot.addWidget(w)


@pytest.fixture
def opened(monkeypatch):
    """Folders the dialog asked the system to show (no file manager starts in a test)."""
    urls = []
    monkeypatch.setattr(settings_dialog.QDesktopServices, "openUrl", staticmethod(lambda url: urls.append(url) or True))
    return urls


def _recent(tmp_path, n):
    files = []
    for i in range(n):
        p = tmp_path / f"文件{i}.jxzp"
        p.write_text("x", encoding="utf-8")
        settings.add_recent_file(p)
        files.append(p)
    return files


def _button(dlg, which):
    return dlg.buttons.button(which)


# --------------------------------------------------------------------------- 选项

def test_options_entry_in_the_tools_menu(make_window):
    win = make_window()
    menus = {a.text(): a.menu() for a in win.menuBar().actions() if a.menu() is not None}
    assert win.act_options in menus["工具(&T)"].actions()
    assert [s.toString() for s in win.act_options.shortcuts()] == ["Ctrl+,"]


def test_options_dialog_loads_the_settings(make_window, tmp_path):
    settings.set("autosave/interval_s", 150)
    _recent(tmp_path, 3)
    (tmp_path / "文件1.jxzp").unlink()          # a missing file is not counted (the menu drops it too)
    win = make_window()
    dlg = win.options_dialog()
    assert dlg.isVisible() and dlg.windowModality() == Qt.WindowModality.WindowModal
    assert dlg.interval.value() == 150 and dlg.interval_hint.text() == "（2 分 30 秒）"
    assert (dlg.interval.minimum(), dlg.interval.maximum()) == (10, 1800)
    assert "2 个" in dlg.recent_label.text() and dlg.clear_recent.isEnabled()
    assert dlg.recovery_path.text() == str(recovery.recovery_dir())
    assert dlg.settings_path.text() == settings.qsettings().fileName()
    assert Path(dlg.settings_path.text()).parent == Path(settings.data_dir())   # JXZP_DATA_DIR in tests
    assert dlg.recovery_path.isReadOnly() and dlg.settings_path.isReadOnly()
    dlg.reject()


def test_ok_stores_and_applies_the_interval_to_every_open_window(make_window, tmp_path):
    first, second = make_window(), make_window()
    assert first.doc.autosave_interval == 60_000          # the declared default
    dlg = first.options_dialog()
    dlg.interval.setValue(300)
    assert dlg.interval_hint.text() == "（5 分钟）"
    _button(dlg, QDialogButtonBox.StandardButton.Ok).click()
    assert settings.get("autosave/interval_s") == 300
    assert first.doc.autosave_interval == 300_000 and second.doc.autosave_interval == 300_000
    assert first.doc.autosave_timer.isActive()
    third = make_window()                                 # and windows opened later
    assert third.doc.autosave_interval == 300_000


def test_cancel_stores_nothing(make_window, tmp_path):
    files = _recent(tmp_path, 2)
    win = make_window()
    ini = Path(settings.qsettings().fileName())
    before = ini.read_bytes()
    dlg = win.options_dialog()
    dlg.interval.setValue(600)
    dlg.clear_recent.click()
    assert not dlg.clear_recent.isEnabled() and "确定" in dlg.recent_label.text()
    _button(dlg, QDialogButtonBox.StandardButton.Cancel).click()
    assert ini.read_bytes() == before
    assert settings.get("autosave/interval_s") == 60 and win.doc.autosave_interval == 60_000
    assert settings.recent_files() == [str(p.resolve()) for p in reversed(files)]


def test_clearing_recent_files_empties_the_list(make_window, tmp_path):
    _recent(tmp_path, 3)
    win = make_window()
    dlg = win.options_dialog()
    dlg.clear_recent.click()
    assert settings.get("files/recent")                   # not before 确定
    _button(dlg, QDialogButtonBox.StandardButton.Ok).click()
    assert settings.get("files/recent") == [] and settings.recent_files() == []
    win.recent_menu.aboutToShow.emit()
    assert [a.text() for a in win.recent_menu.actions()] == ["（无）"]
    again = win.options_dialog()
    assert again.recent_label.text() == "列表为空" and not again.clear_recent.isEnabled()
    again.reject()


def test_open_recovery_folder_creates_it_first(make_window, opened):
    folder = recovery.recovery_dir()
    assert not folder.exists()
    win = make_window()
    dlg = win.options_dialog()
    dlg.open_recovery.click()
    assert folder.is_dir()
    assert [Path(u.toLocalFile()) for u in opened] == [folder]
    dlg.reject()


def test_options_dialog_screenshot(make_window, tmp_path, monkeypatch):
    # a data folder as long as the usual Windows one
    long_dir = tmp_path / "Users" / "张三" / "AppData" / "Roaming" / "jxzp" / "绩效自评填报"
    monkeypatch.setenv("JXZP_DATA_DIR", str(long_dir))
    _recent(tmp_path, 4)
    win = make_window()
    dlg = win.options_dialog()
    dlg.adjustSize()
    # every label and button shows its whole text
    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel
    for w in dlg.findChildren(QLabel) + dlg.findChildren(QAbstractButton):
        if w.isVisible() and w.text() and not (isinstance(w, QLabel) and w.wordWrap()):
            assert w.width() >= w.sizeHint().width(), w.text()
    assert dlg.recovery_path.text().startswith(str(long_dir))
    for box in dlg.findChildren(QGroupBox):
        assert box.width() >= box.minimumSizeHint().width()
    out = tmp_path / "options.png"
    assert dlg.grab().save(str(out))
    assert out.stat().st_size > 0
    dlg.reject()


# --------------------------------------------------------------------------- 结转 to a chosen year

def test_roll_over_to_a_chosen_year(make_window, dialogs, sample_file):
    win = make_window()
    dialogs.open_file = sample_file
    dialogs.rollover_year = 2026
    w = win.rollover_dialog()
    assert w is win and win.doc.report.info.year == 2026
    assert ("rollover_year", 2024, "某县总工会", sample_file.name) in dialogs.calls
    name, old_year, new_year, carried, _ = dialogs.calls[-1]
    assert name == "rollover_result" and (old_year, new_year) == (2024, 2026)
    assert any("2024 改为 2026" in c for c in carried)
    assert win.pages["info"].year.value() == 2026 and win.isWindowModified()


def test_roll_over_with_a_given_year_asks_nothing(make_window, dialogs, sample_file):
    win = make_window()
    assert win.roll_over(sample_file, 2025) is win and win.doc.report.info.year == 2025
    assert not [c for c in dialogs.calls if c[0] == "rollover_year"]


def test_cancelling_the_year_changes_nothing(make_window, dialogs, sample_file):
    win = make_window()
    report = win.doc.report
    before = set(live_windows())
    dialogs.open_file = sample_file
    dialogs.rollover_year = None
    assert win.rollover_dialog() is None
    assert win.doc.report is report and not win.isWindowModified() and win.doc.path is None
    assert set(live_windows()) == before
    assert [c[0] for c in dialogs.calls] == ["open_dialog", "rollover_year"]
    assert not dialogs.errors


def test_cancelling_the_year_keeps_a_busy_window_and_opens_none(make_window, dialogs, sample_file, sample_report):
    win = make_window()
    win.doc.new(sample_report)
    win.pages["info"].unit_name.setText("某县教育局")
    win.pages["info"].unit_name.textEdited.emit("某县教育局")
    before = set(live_windows())
    dialogs.rollover_year = None
    assert win.roll_over(sample_file) is None
    assert set(live_windows()) == before and win.doc.report.info.unit_name == "某县教育局"


def test_a_year_not_after_the_old_one_is_refused(make_window, dialogs, sample_file):
    win = make_window()
    assert win.roll_over(sample_file, 2024) is None
    assert dialogs.errors and "应晚于" in dialogs.errors[-1]
    assert win.doc.path is None and not win.isWindowModified()


def test_year_dialog_proposes_the_next_year(qtbot, tmp_path):
    dlg = RolloverYearDialog(None, 2024, "某县总工会", "2024年度某县总工会.jxzp")
    qtbot.addWidget(dlg)
    assert dlg.value() == 2025 and dlg.year.minimum() == 2025
    dlg.year.setValue(2023)                   # below the old year + 1: not accepted
    assert dlg.value() == 2025
    dlg.year.setValue(2027)
    assert dlg.value() == 2027
    from PySide6.QtWidgets import QLabel
    assert "某县总工会" in [lbl.text() for lbl in dlg.findChildren(QLabel)]
    dlg.adjustSize()
    assert dlg.grab().save(str(tmp_path / "rollover_year.png"))


def test_the_new_dialogs_are_not_loaded_with_the_window(tmp_path):
    """Start-up stays as light as before: both dialogs load when first used."""
    import os
    import subprocess
    import sys
    code = ("import sys\n"
            "from PySide6.QtWidgets import QApplication\n"
            "app = QApplication([])\n"
            "from gui.mainwindow import MainWindow\n"
            "w = MainWindow(); w.show(); app.processEvents()\n"
            "print(sorted(m for m in ('gui.settings_dialog', 'gui.rollover_year_dialog') if m in sys.modules))\n")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", JXZP_DATA_DIR=str(tmp_path))
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"
