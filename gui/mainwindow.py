"""The main window: the navigation tree and the pages of the report, the 审核 dock, menus, files.

Each window shows one ``Document``. Opening or creating a file replaces the
window's document when it is an untouched, untitled one, and otherwise opens a
new window, so unsaved work is never replaced.
"""
from __future__ import annotations

import importlib
import os
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Optional

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QSplitter, QStyle, QWidget

from model import store
from model.severity import ERROR, WARNING
from model.numbers import fmt_decimal
from model.report import SECTION_COUNT, SECTIONS, new_report

from . import dialogs, settings
from .document import Document, lock_holder
from .findings import FindingsDock
from .locations import BUDGET_TAB, DEPT_TAB, INFO_TAB, PROJECTS_TAB, STAFF_TAB, tab_for
from .io_actions import IoActions
from .navigation import NavigationTree
from .page_stack import Pages, PageSlot, PageStack
from .pages import SHORT_TITLES
from .windows import WINDOWS, bring_to_front, default_year, live_windows, register, unregister

if TYPE_CHECKING:
    from PySide6.QtCore import QUrl   # (importing it makes PySide6 create its types and enums)

FILE_FILTER = "绩效自评文件 (*.jxzp);;所有文件 (*)"
#: the window's least size, and the size it asks for (a smaller screen starts it maximised)
MINIMUM_SIZE = (900, 600)
PREFERRED_SIZE = (1400, 900)
#: the 审核 panel's height when it lists findings (it shrinks to one line when all is clear)
FINDINGS_HEIGHT = 130

#: the tabs in order: (key, tab title, tooltip, module, class, extra constructor arguments);
#: a page (and its module) is built the first time it is shown or asked for
PAGE_SPECS: tuple[tuple[str, str, str, str, str, tuple], ...] = (
    (INFO_TAB, "基础信息", "", "gui.pages.info", "InfoPage", ()),
    (STAFF_TAB, "机构与人员", "", "gui.pages.staff", "StaffPage", ()),
    (BUDGET_TAB, "预算与执行", "", "gui.pages.budget", "BudgetPage", ()),
    *((f"section-{i}", f"{SECTIONS[i][0]}、{SHORT_TITLES[i]}", f"{SECTIONS[i][0]}、{SECTIONS[i][1]}",
       "gui.pages.section", "SectionPage", (i,)) for i in range(SECTION_COUNT)),
    (DEPT_TAB, "部门整体绩效指标", "", "gui.pages.indicators", "DeptIndicatorPage", ()),
    (PROJECTS_TAB, "项目", "", "gui.pages.projects", "ProjectsPage", ()),
)

def too_small_for(preferred: tuple[int, int], available: tuple[int, int]) -> bool:
    """Whether a screen's available area cannot hold a window of the preferred size."""
    return available[0] < preferred[0] or available[1] < preferred[1]


def rollover_report(old, year: Optional[int] = None):
    from model.rollover import roll_over
    return roll_over(old, year)


def same_path(a: Optional[Path], b: Optional[Path]) -> bool:
    if a is None or b is None:
        return False
    try:
        return os.path.normcase(str(Path(a).resolve())) == os.path.normcase(str(Path(b).resolve()))
    except OSError:
        return False


class MainWindow(QMainWindow):
    def __init__(self, doc: Optional[Document] = None, autosave_ms: Optional[int] = None,
                 findings_delay_ms: int = 120):
        super().__init__()
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.doc = doc or Document(new_report(default_year()))
        self.doc.setParent(self)
        interval = autosave_ms if autosave_ms is not None else max(5, settings.get("autosave/interval_s")) * 1000
        self.doc.set_autosave_interval(interval)
        self.setAcceptDrops(True)

        register(self)

        # -- pages and the navigation tree ----------------------------------------
        self.tabs = PageStack()
        self._slots: dict[str, PageSlot] = {}
        self._tab_tips: dict[str, str] = {}
        self._findings_shown: Optional[list] = None   # what the pages were last told
        self.pages = Pages(self)
        for key, title, tip, module, name, args in PAGE_SPECS:
            self._add_page(key, title, tip, module, name, args)
        self.nav = NavigationTree(self.doc, [(key, title, tip) for key, title, tip, *_ in PAGE_SPECS])
        self.nav.pageRequested.connect(self._show_page)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("navigationSplitter")
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.tabs)
        self.splitter.setCollapsible(0, False)
        self.splitter.setCollapsible(1, False)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([self.nav.sizeHint().width(), 1200])
        self.setCentralWidget(self.splitter)

        # -- 审核 dock and status bar ------------------------------------------
        self.findings = FindingsDock(self.doc, self, findings_delay_ms)
        self.findings.navigate.connect(self.navigate)
        self.findings.refreshed.connect(self._update_status)
        self.findings.refreshed.connect(self._mark_tabs)
        self.findings.refreshed.connect(self._fit_findings_dock)
        # settings kept back while the first file was opened are written after the first 审核 pass
        # (which follows the window's first paint)
        self.findings.refreshed.connect(settings.flush)
        self._findings_clear: Optional[bool] = None
        self._guide = None               # 帮助 › 使用说明, made when first asked for
        self.layout_restored = False     # a size remembered from an earlier session (``restore_layout``)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.findings)
        self.score_label = QLabel()
        self.grade_label = QLabel()
        self.errors_label = QLabel()
        self.warnings_label = QLabel()
        for w in (self.score_label, self.grade_label, self.errors_label, self.warnings_label):
            w.setContentsMargins(8, 0, 8, 0)
            self.statusBar().addPermanentWidget(w)

        self._build_actions()
        self._build_menus()
        self.io = IoActions(self)
        self.act_export, self.act_print, self.act_import = (
            self.io.actions["export"], self.io.actions["print"], self.io.actions["import"])
        self.tabs.currentChanged.connect(self._build_current)
        self._build_current(self.tabs.currentIndex())
        self.nav.select(self.tab_key(self.tabs.currentIndex()) or INFO_TAB)

        self.doc.pathChanged.connect(lambda *_: self._update_title())
        self.doc.modifiedChanged.connect(lambda *_: self._update_title())
        self.doc.inputError.connect(self._input_error)
        self.doc.changed.connect(self._outline_now)
        self.doc.autosaveFailed.connect(
            lambda msg: self.statusBar().showMessage(f"自动保存恢复文件失败：{msg}", 10000))
        self._update_title()
        # the status bar and tab marks follow the first 审核 pass, which runs right after the
        # window is first shown (``FindingsDock``): scores and checks are not needed to paint it
        # an explicit minimum keeps the layout from resizing the window behind the user's back
        self.setMinimumSize(*MINIMUM_SIZE)
        self.resize(*PREFERRED_SIZE)
        self.resizeDocks([self.findings], [FINDINGS_HEIGHT], Qt.Orientation.Vertical)

    # ----------------------------------------------------------------- building
    def _add_page(self, key: str, title: str, tooltip: str, module: str, name: str, args: tuple) -> None:
        window = weakref.ref(self)      # see ``Pages``
        slot = PageSlot(key, lambda: window()._make_page(module, name, args))
        self._slots[key] = slot
        self._tab_tips[key] = tooltip
        idx = self.tabs.addTab(slot, title)
        if tooltip:
            self.tabs.setTabToolTip(idx, tooltip)

    def _make_page(self, module: str, name: str, args: tuple) -> QWidget:
        page = getattr(importlib.import_module(module), name)(self.doc, *args)
        if name == "ProjectsPage":
            # the tree follows the project chosen in the page's own list
            page.list_view.selectionModel().currentChanged.connect(lambda *_: self._follow_page())
        if self._findings_shown is not None:
            show = getattr(page, "show_findings", None)
            if show is not None:
                show(self._findings_shown)
        return page

    def _build_current(self, index: int) -> None:
        slot = self.tabs.widget(index)
        if isinstance(slot, PageSlot) and slot.page is None:
            slot.build()
        self._follow_page()

    def _follow_page(self) -> None:
        """Select the navigation item of the page (and project) shown."""
        key = self.tab_key(self.tabs.currentIndex())
        if key is None:
            return
        project = -1
        if key == PROJECTS_TAB:
            page = self.pages.built().get(PROJECTS_TAB)
            project = page.current if page is not None else -1
        self.nav.select(key, project)

    def _show_page(self, key: str, project: int = -1) -> None:
        """What choosing a navigation item does: show its page (and project)."""
        if key not in self._slots:
            return
        page = self.pages[key]
        self.tabs.setCurrentWidget(page)
        if key == PROJECTS_TAB and project >= 0 and project != page.current:
            page.select_project(project)

    def _action(self, text: str, slot: Callable, shortcuts=(), icon: Optional[QStyle.StandardPixmap] = None,
                tip: str = "") -> QAction:
        a = QAction(text, self)
        seqs = [QKeySequence(s) for s in shortcuts]
        if seqs:
            a.setShortcuts(seqs)
            a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if icon is not None:
            a.setIcon(self.style().standardIcon(icon))
        shown = "，".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in seqs)
        a.setStatusTip(tip or text.replace("…", ""))
        a.setToolTip(f"{text.replace('…', '')}（{shown}）" if shown else text.replace("…", ""))
        a.triggered.connect(lambda *_: slot())
        self.addAction(a)
        return a

    def _build_actions(self) -> None:
        SP = QStyle.StandardPixmap
        SP_HELP = SP.SP_DialogHelpButton
        self.act_new = self._action("新建…", self.new_file, [QKeySequence.StandardKey.New], SP.SP_FileIcon,
                                    "新建一个自评文件（选择年度、单位和指标体系）")
        self.act_open = self._action("打开…", self.open_dialog, [QKeySequence.StandardKey.Open],
                                     SP.SP_DialogOpenButton, "打开一个自评文件（.jxzp）")
        self.act_rollover = self._action("从上年文件结转…", self.rollover_dialog, ["Ctrl+R"], None,
                                         "以上年度的自评文件为基础生成本年度文件")
        self.act_save = self._action("保存", self.save, [QKeySequence.StandardKey.Save],
                                     SP.SP_DialogSaveButton, "保存当前文件")
        self.act_save_as = self._action("另存为…", self.save_as, ["Ctrl+Shift+S"], None,
                                        "保存到另一个文件")
        self.act_close = self._action("关闭窗口", self.close, ["Ctrl+W"])
        self.act_quit = self._action("退出", self.quit_all, ["Ctrl+Q"])
        self.act_undo = self._action("撤销", self.doc.undo, ["Ctrl+Z"], SP.SP_ArrowBack)
        self.act_redo = self._action("重做", self.doc.redo, ["Ctrl+Y", "Ctrl+Shift+Z"], SP.SP_ArrowForward)
        self.act_check = self._action("审核", self.run_check, ["F5"], SP.SP_DialogApplyButton,
                                      "重新审核并显示审核面板")
        self.act_next_tab = self._action("下一页", lambda: self._step_tab(1), ["Ctrl+PgDown"])
        self.act_prev_tab = self._action("上一页", lambda: self._step_tab(-1), ["Ctrl+PgUp"])
        self.act_guide = self._action("使用说明", self.show_guide, ["F1"], SP_HELP,
                                      "第一步怎么做、导入上年文件、审核、导出和打印")
        self.act_about = self._action("关于", self.about, ["Ctrl+F1"])
        self.act_focus_nav = self._action("转到导航栏", self.focus_navigation, ["F6"], None,
                                          "把键盘焦点移到左侧的导航栏（上下键选择页面）")
        self.act_options = self._action("选项…", self.options_dialog, ["Ctrl+,"], None,
                                        "自动保存间隔、最近打开的文件、恢复文件和设置的保存位置")
        self.act_options.setMenuRole(QAction.MenuRole.PreferencesRole)
        stack = self.doc.undo_stack
        self.act_undo.setEnabled(stack.canUndo())
        self.act_redo.setEnabled(stack.canRedo())
        stack.canUndoChanged.connect(self.act_undo.setEnabled)
        stack.canRedoChanged.connect(self.act_redo.setEnabled)
        stack.undoTextChanged.connect(lambda t: self.act_undo.setText(f"撤销 {t}" if t else "撤销"))
        stack.redoTextChanged.connect(lambda t: self.act_redo.setText(f"重做 {t}" if t else "重做"))

    def _build_menus(self) -> None:
        mb = self.menuBar()
        m = mb.addMenu("文件(&F)")
        m.addActions([self.act_new, self.act_open])
        self.recent_menu = QMenu("最近打开的文件", self)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        m.addMenu(self.recent_menu)
        m.addAction(self.act_rollover)
        m.addSeparator()
        m.addActions([self.act_save, self.act_save_as])
        m.addSeparator()
        m.addActions([self.act_close, self.act_quit])
        m = mb.addMenu("编辑(&E)")
        m.addActions([self.act_undo, self.act_redo])
        m = mb.addMenu("审核(&C)")
        m.addAction(self.act_check)
        m.addAction("考核评分自查…").triggered.connect(lambda *_: self.self_check())
        m = mb.addMenu("视图(&V)")
        m.addActions([self.act_prev_tab, self.act_next_tab, self.act_focus_nav])
        dock_action = self.findings.toggleViewAction()
        dock_action.setText("审核面板")
        m.addAction(dock_action)
        m = mb.addMenu("工具(&T)")
        m.addAction("汇总…").triggered.connect(lambda *_: self.collect_window())
        m.addAction(self.act_options)
        m = mb.addMenu("帮助(&H)")
        m.addAction(self.act_guide)
        m.addSeparator()
        m.addAction(self.act_about)
        tb = self.addToolBar("常用")
        tb.setObjectName("mainToolbar")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        tb.addActions([self.act_new, self.act_open, self.act_save])
        tb.addSeparator()
        tb.addActions([self.act_undo, self.act_redo])
        tb.addSeparator()
        tb.addAction(self.act_check)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = settings.recent_files()
        for i, f in enumerate(files, 1):
            p = Path(f)
            name, folder = p.name.replace("&", "&&"), str(p.parent).replace("&", "&&")
            a = self.recent_menu.addAction(f"&{i} {name}    {folder}")
            a.triggered.connect(lambda *_, path=p: self.open_path(path))
        if not files:
            a = self.recent_menu.addAction("（无）")
            a.setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("清除列表").triggered.connect(
                lambda *_: settings.set("files/recent", []))

    # ----------------------------------------------------------------- title/status
    def display_name(self) -> str:
        return self.doc.path.name if self.doc.path else "未命名"

    def _update_title(self) -> None:
        ro = "（只读）" if self.doc.read_only else ""
        self.setWindowTitle(f"{self.display_name()}[*]{ro} - 绩效自评填报")
        self.setWindowModified(self.doc.modified)
        if self.doc.path:
            self.setWindowFilePath(str(self.doc.path))

    def _update_status(self) -> None:
        s = self.doc.summary()
        places = self.doc.scores().places
        dept = s.department
        if dept.execution.rate is None and not dept.rows:
            self.score_label.setText("自评得分：—")
            self.grade_label.setText("等级：—")
            self.score_label.setToolTip("尚未填写预算执行数和部门整体绩效指标")
        else:
            self.score_label.setText(f"自评得分：{fmt_decimal(dept.total, places)}")
            self.grade_label.setText(f"等级：{dept.grade}")
            self.score_label.setToolTip(
                f"预算执行率得分 {fmt_decimal(dept.execution.score, places)} ＋ 指标得分 "
                f"{fmt_decimal(dept.indicator_score, places)}")
        errors, warnings = s.count(ERROR), s.count(WARNING)
        self.errors_label.setText(f"错误 {errors}")
        self.warnings_label.setText(f"警告 {warnings}")
        self.errors_label.setStyleSheet("color: #c62828; font-weight: bold;" if errors else "")
        self.warnings_label.setStyleSheet("color: #ad6800;" if warnings else "")

    def _mark_tabs(self) -> None:
        """The pages hear of the findings; the navigation tree shows their counts."""
        findings = self.doc.summary().findings
        self._findings_shown = findings
        for page in self.pages.built().values():
            show = getattr(page, "show_findings", None)
            if show is not None:
                show(findings)
        self.nav.set_findings(findings)
        for key, slot in self._slots.items():
            errors, warnings = self.nav.counts(key)
            base = self._tab_tips.get(key, "")
            tip = f"{errors + warnings} 个问题（见审核面板）" if errors + warnings else ""
            self.tabs.setTabToolTip(self.tabs.indexOf(slot), "\n".join(t for t in (base, tip) if t))

    def _outline_now(self, path: str, structure: bool) -> None:
        """The page of an edited field re-outlines its fields at once (a few ms); the 审核 list,
        the counts and the status bar follow after the short pause (``FindingsDock``)."""
        if structure or self._findings_shown is None:
            return
        page = self.pages.built().get(tab_for(path) or "")
        show = getattr(page, "show_findings", None)
        if show is not None:
            show(self.doc.summary().findings)

    def _fit_findings_dock(self) -> None:
        """One line for 审核通过; the usual height again when findings come (the user may resize it)."""
        # what the panel shows decides (it may list more than the report's findings)
        clear = self.findings.stack.currentWidget() is self.findings.all_clear
        if clear == self._findings_clear:
            return
        self._findings_clear = clear
        dock = self.findings
        if clear:
            height = dock.minimumSizeHint().height()
        else:
            height = max(FINDINGS_HEIGHT, dock.height())
        self.resizeDocks([dock], [height], Qt.Orientation.Vertical)

    def _input_error(self, message: str) -> None:
        if message:
            self.statusBar().showMessage(f"输入有误，未保存：{message}", 8000)
        else:
            self.statusBar().clearMessage()

    # ----------------------------------------------------------------- navigation
    def tab_key(self, index: int) -> Optional[str]:
        slot = self.tabs.widget(index)
        return slot.key if isinstance(slot, PageSlot) else None

    def select_tab(self, name: str) -> bool:
        """Select a page by its key (“projects”), its title or a prefix of it (“项目”, “六”, “预算”)."""
        if name in self._slots:
            self.tabs.setCurrentWidget(self._slots[name])
            return True
        titles = [self.tabs.tabText(i) for i in range(self.tabs.count())]
        for test in (lambda t: t == name, lambda t: t.startswith(name), lambda t: name in t):
            for i, t in enumerate(titles):
                if test(t):
                    self.tabs.setCurrentIndex(i)
                    return True
        return False

    def navigate(self, where: str) -> bool:
        """Show the tab and the field of a finding's location."""
        key = tab_for(where)
        if key not in self._slots:
            return False
        page = self.pages[key]
        self.tabs.setCurrentWidget(page)
        focus = getattr(page, "focus_path", None)
        return bool(focus(where)) if focus else True

    def focus_navigation(self) -> None:
        self.nav.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if self.nav.currentItem() is not None:
            self.nav.scrollToItem(self.nav.currentItem())

    def _step_tab(self, step: int) -> None:
        n = self.tabs.count()
        if n:
            self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % n)

    def self_check(self):
        from .assessment_dialog import show_self_check   # 考核评分自查 (汇总: gui/collect_window.py)
        return show_self_check(self)

    def collect_window(self):
        from .collect_window import show_collect_window
        return show_collect_window(self)

    def run_check(self) -> None:
        self.findings.refresh()
        self.findings.show()
        self.findings.raise_()
        self.findings.view.setFocus()

    # ----------------------------------------------------------------- files
    def _is_empty(self) -> bool:
        return self.doc.path is None and not self.doc.modified

    def target_window(self) -> "MainWindow":
        """This window when it holds nothing worth keeping (untitled, unchanged), else a new one."""
        if self._is_empty():
            return self
        w = MainWindow(autosave_ms=self.doc.autosave_interval)
        if w.screen_too_small():
            w.setWindowState(w.windowState() | Qt.WindowState.WindowMaximized)
        bring_to_front(w)
        return w

    def screen_too_small(self) -> bool:
        """Whether the screen's free area is smaller than the window wants to be (1366×768,
        1920×1080 at 125 %): such a window starts maximised."""
        screen = self.screen()
        if screen is None:
            return False
        area = screen.availableGeometry()
        return too_small_for(PREFERRED_SIZE, (area.width(), area.height()))

    def start_dir(self) -> str:
        """Where file dialogs start: the folder of this document, else the last one used."""
        if self.doc.path:
            return str(self.doc.path.parent)
        last = settings.get("files/last_dir")
        return last if last and Path(last).is_dir() else str(Path.home())

    def new_file(self) -> Optional["MainWindow"]:
        r = self.doc.report
        answer = dialogs.ask_new_report(self, default_year(), r.info.unit_name)
        if answer is None:
            return None
        year, unit, profile = answer
        w = self.target_window()
        w.doc.new(new_report(year, unit, profile))
        w.tabs.setCurrentIndex(0)
        return w

    def open_dialog(self) -> None:
        from PySide6.QtWidgets import QFileDialog
        path, _ = QFileDialog.getOpenFileName(self, "打开自评文件", self.start_dir(), FILE_FILTER)
        if path:
            self.open_path(Path(path))

    def open_path(self, path: Path) -> Optional["MainWindow"]:
        """Open a file (asking first when another program has it open)."""
        path = Path(path)
        for w in live_windows():
            if same_path(w.doc.path, path):
                bring_to_front(w)
                return w
        if not path.is_file():
            settings.remove_recent_file(path)
            dialogs.show_error(self, "打开失败", f"找不到文件“{path}”。")
            return None
        read_only = False
        holder = lock_holder(path)
        if holder:
            choice = dialogs.ask_locked(self, path.name, holder)
            if choice == dialogs.CANCEL:
                return None
            read_only = choice == dialogs.READ_ONLY
        if not self._is_empty():
            # read first: a bad file never costs a new window (this window's document is
            # left as it was by a failed ``open_file``, so it needs no trial read)
            try:
                store.load(path)
            except store.StoreError as e:
                dialogs.show_error(self, "打开失败", str(e))
                return None
        w = self.target_window()
        try:
            w.doc.open_file(path, read_only=read_only)
        except store.StoreError as e:
            dialogs.show_error(self, "打开失败", str(e))
            return None
        # before the window's first paint (a file opened at start-up) the list is written after it
        settings.add_recent_file(path, last_dir=True, later=not self.findings.window_painted)
        return w

    def rollover_dialog(self) -> Optional["MainWindow"]:
        from PySide6.QtWidgets import QFileDialog
        path, _ = QFileDialog.getOpenFileName(self, "选择上年度自评文件", self.start_dir(), FILE_FILTER)
        if not path:
            return None
        return self.roll_over(Path(path))

    def roll_over(self, path: Path, year: Optional[int] = None) -> Optional["MainWindow"]:
        """The report of ``path`` rolled over to ``year`` (asked for when None) in this or a new window;
        None when the file cannot be read or the question is cancelled (nothing changes then)."""
        path = Path(path)
        try:
            old = store.load(path)
        except store.StoreError as e:
            dialogs.show_error(self, "结转失败", str(e))
            return None
        if year is None:
            year = dialogs.ask_rollover_year(self, old.info.year, old.info.unit_name, path.name)
            if year is None:
                return None
        from model.rollover import RolloverError
        try:
            new, _changes = rollover_report(old, year)
        except RolloverError as e:
            dialogs.show_error(self, "结转失败", str(e))
            return None
        w = self.target_window()
        w.doc.new(new)
        r = w.doc.report
        carried = [f"基础信息（年度由 {old.info.year} 改为 {r.info.year}，填报日期已清空）", "机构与人员"]
        if r.sections and r.sections[0].strip():
            carried.append("正文第一部分（部门基本情况）；第二至第十部分留待本年填写")
        carried.append(f"部门整体年度目标和绩效指标 {len(r.dept.indicators)} 项"
                       "（实际完成值、得分和偏差说明已清空）")
        if r.projects:
            carried.append(f"项目 {len(r.projects)} 个及其绩效指标（本年金额和完成情况已清空）")
        carried.append(f"{old.info.year} 年的决算数已转入“上年决算数”一列")
        from model.review import counts_by_kind
        dialogs.show_rollover_result(self, old.info.year, r.info.year, carried, counts_by_kind(r.review))
        return w

    def options_dialog(self):
        """工具 › 选项…: window-modal; returns the dialog (it stores its values on 确定)."""
        from .settings_dialog import show_options
        return show_options(self)

    def save(self) -> bool:
        if self.doc.path is None or self.doc.read_only:
            return self.save_as()
        try:
            self.doc.save()
        except store.StoreError as e:
            dialogs.show_error(self, "保存失败", str(e))
            return False
        settings.add_recent_file(self.doc.path)
        self._report_saved(self.doc.path)
        return True

    def _report_saved(self, path: Path) -> None:
        if self.doc.save_warning:      # saved, but without its .bak: never a silent 已保存
            self.statusBar().showMessage(f"已保存，但未能保留备份：{path}")
            dialogs.show_error(self, "未能保留备份", self.doc.save_warning)
        else:
            self.statusBar().showMessage(f"已保存：{path}", 5000)

    def suggested_name(self) -> str:
        if self.doc.path:
            return str(self.doc.path)
        info = self.doc.report.info
        name = f"{info.year}年度{info.unit_name}绩效自评.jxzp"
        return str(Path(self.start_dir()) / name)

    def save_as(self) -> bool:
        from PySide6.QtWidgets import QFileDialog
        path, _ = QFileDialog.getSaveFileName(self, "另存为", self.suggested_name(), FILE_FILTER)
        if not path:
            return False
        p = Path(path)
        if p.suffix.lower() != store.SUFFIX:
            p = p.with_name(p.name + store.SUFFIX)
        try:
            self.doc.save(p)
        except store.StoreError as e:
            dialogs.show_error(self, "保存失败", str(e))
            return False
        settings.add_recent_file(p, last_dir=True)
        self._update_title()
        self._report_saved(p)
        return True

    # ----------------------------------------------------------------- recovery
    def offer_recovery(self) -> list["MainWindow"]:
        """Offer back the work of sessions that ended without saving; returns the windows used."""
        from . import recovery
        used = []
        entries, moved = recovery.collect()
        for aside in moved:     # never deleted: the user is told where it went
            dialogs.show_error(self, "恢复文件无法读取", aside.message())
        for entry in entries:
            if any(same_path(w.doc.path, entry.original) for w in live_windows() if w is not self):
                continue
            choice = dialogs.ask_recover(self, entry.display_name, entry.saved_at.strftime("%Y-%m-%d %H:%M"))
            if choice == dialogs.RECOVER:
                try:
                    report = entry.load()
                except store.StoreError as e:
                    dialogs.show_error(self, "恢复失败", recovery.move_aside(entry.file, str(e)).message())
                    continue
                recovery.discard_entry(entry)
                w = self.target_window()
                w.doc.recover(report, entry.original)
                used.append(w)
            elif choice == dialogs.DISCARD:
                recovery.discard_entry(entry)
        return used

    # ----------------------------------------------------------------- closing
    def maybe_save(self) -> bool:
        """True when the window may close (saved, discarded or nothing to save)."""
        if not self.doc.modified:
            return True
        choice = dialogs.ask_save_changes(self, self.display_name())
        if choice == dialogs.SAVE:
            return self.save()
        return choice == dialogs.DISCARD

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if self.io.refuse_close() or not self.maybe_save():
            event.ignore()
            return
        settings.set_many({"window/geometry": self.saveGeometry(), "window/state": self.saveState()})
        self.doc.close()
        unregister(self)
        event.accept()

    def quit_all(self) -> None:
        for w in live_windows():
            if not w.close():
                return

    def restore_layout(self) -> None:
        geo = settings.get("window/geometry")
        if isinstance(geo, QByteArray) and not geo.isEmpty():
            self.layout_restored = self.restoreGeometry(geo)
        state = settings.get("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)

    def show_guide(self):
        """帮助 › 使用说明 (F1): the user guide beside the window (one per window; F1 again
        brings it to the front)."""
        if self._guide is None:
            from .help import GuideDialog
            self._guide = GuideDialog(self)
        self._guide.show()
        self._guide.raise_()
        self._guide.activateWindow()
        return self._guide

    def about(self) -> None:
        keys = ("F1 使用说明　Ctrl+F1 关于　Ctrl+N 新建　Ctrl+O 打开　Ctrl+S 保存　Ctrl+Shift+S 另存为　Ctrl+R 从上年文件结转\n"
                "Ctrl+I 导入上年 Excel/Word　Ctrl+E 导出　Ctrl+P 打印\n"
                "Ctrl+Z 撤销　Ctrl+Y / Ctrl+Shift+Z 重做　F5 审核　Ctrl+PgUp / Ctrl+PgDown 切换页面　F6 导航栏\n"
                "Enter 确认并到下一项　Esc 恢复输入框原值　Ctrl+, 选项　Ctrl+W 关闭窗口　Ctrl+Q 退出")
        from PySide6.QtWidgets import QMessageBox

        from .recovery_slot import recovery_dir
        QMessageBox.about(self, "关于 绩效自评填报",
                          "绩效自评填报\n\n部门整体支出绩效自评报告及附表的填报、审核与导出。\n"
                          "所有金额以万元为单位，得分与比率由程序计算。\n\n"
                          f"未保存的修改每 {self.doc.autosave_interval // 1000} 秒自动保存到恢复文件：\n"
                          f"{recovery_dir()}\n\n快捷键：\n{keys}")

    # ----------------------------------------------------------------- drag and drop
    @staticmethod
    def _dropped_files(urls: list[QUrl]) -> list[Path]:
        return [Path(u.toLocalFile()) for u in urls
                if u.isLocalFile() and u.toLocalFile().lower().endswith(store.SUFFIX)]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt API
        if event.mimeData().hasUrls() and self._dropped_files(event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt API
        files = self._dropped_files(event.mimeData().urls()) if event.mimeData().hasUrls() else []
        if not files:
            event.ignore()
            return
        event.acceptProposedAction()
        # open after the drop has finished (a modal question inside a drop is unfriendly)
        QTimer.singleShot(0, lambda: [self.open_path(f) for f in files])


__all__ = ["MainWindow", "WINDOWS", "live_windows", "default_year", "bring_to_front"]
