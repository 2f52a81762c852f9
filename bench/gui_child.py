"""The GUI side of the benchmarks, run by ``bench/run.py`` in a fresh offscreen process.

    gui_child.py bare                 # a bare QApplication + QMainWindow
    gui_child.py ours FILE            # our main window with FILE open
    gui_child.py same                 # plain Qt: what ``ours`` shows at its first paint
    gui_child.py large FILE N         # ours with FILE, then N edits of indicator cells, then an
                                      # export of PDF + xlsx as the export dialog makes it
                                      # (--export-in-thread: by the worker thread, no process)
    gui_child.py paste FILE N [PROF]  # ours with FILE: N pastes of 100 indicator rows and their undo
    gui_child.py types                # what creating the Qt and QStyle Python types costs

Each mode prints one JSON line as soon as the window's first paint is done (``bare``/``ours``/
``same``: the parent times the process from spawn to that line) or when the edits are done
(``large``). ``maxrss_mb`` is the peak resident memory of this process (``VmHWM``).
``bare``, ``ours`` and ``same`` take ``--grab OUT.png``: after that line, the window is saved
as a PNG (to compare what they show).
"""
from __future__ import annotations

import time

T_START = time.perf_counter()

import json  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def maxrss_mb() -> float:
    """Peak resident memory of this process (``VmHWM``)."""
    from bench.procstat import status_mb
    return status_mb("VmHWM")


def emit(data: dict) -> None:
    data["maxrss_mb"] = maxrss_mb()
    sys.stdout.write(json.dumps(data) + "\n")
    sys.stdout.flush()


def wait_first_paint(app, win) -> None:
    """Return once the first Paint event of ``win`` has been delivered and the event loop has
    finished that paint pass (its children are painted in the same pass).

    The watch is a filter on the window alone: a filter on the application would send every
    event of every widget through Python, creating Python types (and their enums) for widget
    classes the program itself never touches, a cost that grows with the window's content
    and belongs to the measurement, not to the program."""
    from PySide6.QtCore import QEvent, QObject

    class PaintWatch(QObject):
        painted = False

        def eventFilter(self, obj, event):  # noqa: N802 - Qt API
            if not self.painted and event.type() == QEvent.Type.Paint:
                self.painted = True
            return False

    watch = PaintWatch()
    win.installEventFilter(watch)
    win.show()
    while not watch.painted:
        app.processEvents()
    app.processEvents()      # the rest of the same paint pass
    win.removeEventFilter(watch)


def bare() -> int:
    from PySide6.QtWidgets import QApplication, QMainWindow
    _lap("imports")
    app = QApplication([sys.argv[0]])
    _lap("application")
    win = QMainWindow()
    win.resize(1400, 900)
    _lap("window built")
    wait_first_paint(app, win)
    _lap("first paint")
    emit({"mode": "bare", "phases": PHASES})
    _grab(win)
    return 0


PHASES: dict[str, float] = {}


def _lap(name: str) -> None:
    PHASES[name] = round((time.perf_counter() - T_START) * 1000, 1)


def _open(path: str):
    from gui.app import setup_application
    from gui.mainwindow import MainWindow
    _lap("imports")
    app = setup_application()
    _lap("application")
    win = MainWindow()
    win.restore_layout()
    _lap("window built")
    opened = win.open_path(Path(path))
    if opened is not win:
        raise SystemExit(f"could not open {path}")
    win.doc.autosave_timer.stop()
    _lap("file open")
    return app, win


def ours(path: str) -> int:
    app, win = _open(path)
    wait_first_paint(app, win)
    _lap("first paint")
    emit({"mode": "ours", "phases": PHASES})
    _grab(win)
    win.doc.close()
    return 0



PASTE_BLOCK = "".join(f"产出指标\t数量指标\t粘贴指标{k}\t\t≥90%\t{80 + k % 20}%\t0.5\t\t\t\r\n" for k in range(100))


def paste_undo(app, win, editor, settle, repaint_all, rows: int, times: int, profile=None, cpu=None):
    """Paste 100 indicator rows below the table (one undo step), then undo it, ``times`` times;
    each timed until the scores, the 审核 list and the repaint are finished. ``profile``: a
    ``cProfile.Profile`` enabled around the timed spans only; ``cpu``: a list that gets the
    process CPU time of each (paste, undo), less disturbed by other processes than the wall time."""
    model, view = editor.model, editor.view
    paste, undo = [], []

    def timed(action) -> tuple[float, float]:
        """(wall, CPU) seconds of ``action`` until the scores, the 审核 list and the repaint are done."""
        if profile is not None:
            profile.enable()
        c0, t0 = time.process_time(), time.perf_counter()
        action()
        app.processEvents()
        win.findings.refresh()
        repaint_all()
        t1, c1 = time.perf_counter(), time.process_time()
        if profile is not None:
            profile.disable()
        return t1 - t0, c1 - c0

    for k in range(times):
        view.setCurrentIndex(model.index(model.rowCount() - 1, 0))
        steps = win.doc.undo_stack.index()
        block = PASTE_BLOCK.replace("粘贴指标", f"粘贴指标{k}-")     # new text each time
        wall_p, cpu_p = timed(lambda b=block: view.paste(b))
        if model.rowCount() != rows + 99 or win.doc.undo_stack.index() != steps + 1:
            raise SystemExit(f"paste not applied as one step: {model.rowCount()} rows (were {rows}), "
                             f"{win.doc.undo_stack.index() - steps} undo steps")
        settle()
        wall_u, cpu_u = timed(win.doc.undo)
        if model.rowCount() != rows:
            raise SystemExit(f"undo of the paste left {model.rowCount()} rows (were {rows})")
        settle()
        paste.append(wall_p)
        undo.append(wall_u)
        if cpu is not None:
            cpu.append((cpu_p, cpu_u))
    return paste, undo


def _project_grid(path: str):
    """Our window with ``path`` open on the 项目支出 page (the middle project), settled."""
    from PySide6.QtWidgets import QAbstractItemView

    from gui.locations import PROJECTS_TAB
    app, win = _open(path)
    wait_first_paint(app, win)
    win.select_tab(PROJECTS_TAB)
    page = win.pages[PROJECTS_TAB]
    page.select_project(len(win.doc.report.projects) // 2)
    for _ in range(5):
        app.processEvents()
    editor = page.editor
    model, view = editor.model, editor.view
    findings_timer = win.findings.timer

    def settle() -> None:
        # let the deferred 审核 refresh run outside the measured span, as it does between keys
        deadline = time.perf_counter() + 5
        while findings_timer.isActive() and time.perf_counter() < deadline:
            app.processEvents()
        app.processEvents()

    settle()
    rows = model.rowCount()
    findings_view = win.findings.findChild(QAbstractItemView)

    def repaint_all() -> None:
        view.viewport().repaint()
        if findings_view is not None:
            findings_view.viewport().repaint()

    return app, win, editor, settle, repaint_all, rows


def paste_only(path: str, n: int, profile_out: str = "") -> int:
    """``paste FILE N [PROFILE]``: only the paste of 100 rows and its undo, ``N`` times (the
    first of each is dropped: it warms the caches); with ``PROFILE`` a cProfile of the timed
    spans is written there."""
    app, win, editor, settle, repaint_all, rows = _project_grid(path)
    prof = None
    if profile_out:
        import cProfile
        prof = cProfile.Profile()
    cpu: list = []
    paste, undo = paste_undo(app, win, editor, settle, repaint_all, rows, n + 1, prof, cpu)
    if prof is not None:
        prof.dump_stats(profile_out)
    emit({"mode": "paste", "paste": statistics.median(paste[1:]), "undo": statistics.median(undo[1:]),
          "paste_cpu": statistics.median(c for c, _ in cpu[1:]), "undo_cpu": statistics.median(c for _, c in cpu[1:]),
          "pastes": paste, "undos": undo, "rows": rows, "findings": len(win.doc.summary().findings)})
    win.doc.close()
    return 0


def large(path: str, n: int, in_thread: bool = False) -> int:
    from PySide6.QtCore import Qt

    from gui.tables.indicators import COL_ACTUAL
    app, win, editor, settle, repaint_all, rows = _project_grid(path)
    model, view = editor.model, editor.view

    typing, refresh, cycle = [], [], []
    for i in range(n + 2):
        index = model.index((i * 5) % rows, COL_ACTUAL)
        text = f"{70 + i % 30}%"
        t0 = time.perf_counter()
        ok = model.setData(index, text, Qt.ItemDataRole.EditRole)
        app.processEvents()
        view.viewport().repaint()
        t1 = time.perf_counter()
        if not ok or model.data(index) != text:
            raise SystemExit(f"edit not applied: {model.data(index)!r} != {text!r}")
        t2 = time.perf_counter()
        win.findings.refresh()
        t3 = time.perf_counter()
        settle()
        # the whole cycle: keystroke → scores, the 审核 list and the repaint of both all finished
        index = model.index((i * 5 + 2) % rows, COL_ACTUAL)
        t4 = time.perf_counter()
        model.setData(index, f"{60 + i % 30}%", Qt.ItemDataRole.EditRole)
        app.processEvents()
        win.findings.refresh()
        repaint_all()
        t5 = time.perf_counter()
        settle()
        if i >= 2:             # the first edits warm the caches
            typing.append(t1 - t0)
            refresh.append(t3 - t2)
            cycle.append(t5 - t4)
    paste, undo = paste_undo(app, win, editor, settle, repaint_all, rows, 3)
    # export PDF + xlsx the way the export dialog does (gui.fileio.ExportThread: a snapshot of the
    # report, written by the export process, or by the thread where there is none), the window's
    # event loop running meanwhile; memory before, after (given back?) and peak, the wall time
    # from 导出 to the outcome, and the longest the event loop went without running a 10 ms timer
    import gc
    import tempfile

    from PySide6.QtCore import QEventLoop, QTimer

    from gui.fileio import ExportPlan, ExportThread
    if in_thread:       # as before the export process: written by the worker thread itself
        ExportThread.use_process = False
    gc.collect()
    app.processEvents()
    before = rss_mb()
    ticks = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    with tempfile.TemporaryDirectory() as tmp:
        plan = ExportPlan(Path(tmp), "out", ("pdf", "xlsx"))
        loop = QEventLoop()
        outcomes = []
        t0 = time.perf_counter()
        thread = ExportThread(win.doc.report, plan, None, scores=win.doc.scores())
        thread.done.connect(outcomes.append)
        thread.done.connect(loop.quit)
        ticks.append(t0)
        timer.start()
        thread.start()
        loop.exec()
        export_s = time.perf_counter() - t0
        timer.stop()
        thread.join()
        if not outcomes or not outcomes[0].ok:
            raise SystemExit(f"export failed: {outcomes and outcomes[0].error}")
        mode = getattr(thread, "mode", None) or "thread"
        child_peak = getattr(thread, "child_peak_mb", None)
        thread.deleteLater()
        del thread
    app.processEvents()
    gc.collect()
    app.processEvents()
    after = rss_mb()
    stall = max((b - a for a, b in zip(ticks, ticks[1:])), default=0.0)
    emit({"mode": "large", "typing": typing, "findings_refresh": statistics.median(refresh),
          "cycle": statistics.median(cycle), "paste": statistics.median(paste), "undo": statistics.median(undo),
          "rows": rows, "rss_before_export_mb": before, "rss_after_export_mb": after,
          "export_s": export_s, "export_mode": mode, "export_child_peak_mb": child_peak,
          "export_max_stall_s": stall})
    win.doc.close()
    return 0


def rss_mb() -> float:
    """Resident memory now (``VmRSS``)."""
    from bench.procstat import status_mb
    return status_mb("VmRSS")


# --------------------------------------------------------------------------- same

def same() -> int:
    """A plain PySide6 window, none of our code: what ``ours`` shows at its first paint with the
    typical report (menus, tool bar, the navigation tree beside the pages, the 基础信息 form,
    the 审核 panel before its first pass, the status bar), the same texts, icons and fonts, built
    the ordinary way."""
    from PySide6.QtCore import QDate, Qt
    from PySide6.QtGui import QFont, QIcon, QKeySequence
    from PySide6.QtWidgets import (QAbstractItemView, QApplication, QComboBox, QDateEdit, QDockWidget,
                                   QFormLayout, QFrame, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                                   QMainWindow, QMenu, QScrollArea, QSpinBox, QSplitter, QStackedWidget,
                                   QStyle, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)
    _lap("imports")
    app = QApplication([sys.argv[0]])
    font = QFont()
    font.setFamilies(["Microsoft YaHei UI", "Microsoft YaHei", "微软雅黑", "SimSun", "宋体", "Noto Sans CJK SC",
                      "Source Han Sans SC", "思源黑体", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "文泉驿正黑",
                      "PingFang SC", "Heiti SC", "AR PL UMing CN"])
    font.setPointSize(10)
    app.setFont(font)
    _lap("application")

    win = QMainWindow()
    win.setWindowTitle("typical.jxzp - 绩效自评填报")
    style = win.style()
    SP = QStyle.StandardPixmap
    grey = "color: palette(placeholder-text);"

    # -- actions, menus, tool bar
    def action(text, keys=(), icon=None):
        a = win.addAction(text) if icon is None else win.addAction(icon, text)
        a.setShortcuts([QKeySequence(k) for k in keys])
        return a

    new = action("新建…", [QKeySequence.StandardKey.New], style.standardIcon(SP.SP_FileIcon))
    open_ = action("打开…", [QKeySequence.StandardKey.Open], style.standardIcon(SP.SP_DialogOpenButton))
    rollover = action("从上年文件结转…", ["Ctrl+R"])
    import_ = action("导入上年 Excel/Word…", ["Ctrl+I"])
    save = action("保存", [QKeySequence.StandardKey.Save], style.standardIcon(SP.SP_DialogSaveButton))
    save_as = action("另存为…", ["Ctrl+Shift+S"])
    export = action("导出…", ["Ctrl+E"], QIcon.fromTheme(QIcon.ThemeIcon.DocumentSend,
                                                        style.standardIcon(SP.SP_FileLinkIcon)))
    print_ = action("打印…", ["Ctrl+P"], QIcon.fromTheme(QIcon.ThemeIcon.DocumentPrint,
                                                       style.standardIcon(SP.SP_FileDialogDetailedView)))
    close = action("关闭窗口", ["Ctrl+W"])
    quit_ = action("退出", ["Ctrl+Q"])
    undo = action("撤销", ["Ctrl+Z"], style.standardIcon(SP.SP_ArrowBack))
    redo = action("重做", ["Ctrl+Y", "Ctrl+Shift+Z"], style.standardIcon(SP.SP_ArrowForward))
    undo.setEnabled(False)
    redo.setEnabled(False)
    check = action("审核", ["F5"], style.standardIcon(SP.SP_DialogApplyButton))
    options = action("选项…", ["Ctrl+,"])
    prev_tab = action("上一页", ["Ctrl+PgUp"])
    next_tab = action("下一页", ["Ctrl+PgDown"])
    focus_nav = action("转到导航栏", ["F6"])
    guide = action("使用说明", ["F1"], style.standardIcon(SP.SP_DialogHelpButton))
    about = action("关于", ["Ctrl+F1"])

    bar = win.menuBar()
    m = bar.addMenu("文件(&F)")
    m.addActions([new, open_])
    m.addMenu(QMenu("最近打开的文件", win))
    m.addActions([rollover, import_])
    m.addSeparator()
    m.addActions([save, save_as])
    m.addSeparator()
    m.addActions([export, print_])
    m.addSeparator()
    m.addActions([close, quit_])
    bar.addMenu("编辑(&E)").addActions([undo, redo])
    m = bar.addMenu("审核(&C)")
    m.addAction(check)
    m.addAction("考核评分自查…")
    view_menu = bar.addMenu("视图(&V)")
    view_menu.addActions([prev_tab, next_tab, focus_nav])
    m = bar.addMenu("工具(&T)")
    m.addAction("汇总…")
    m.addAction(options)
    m = bar.addMenu("帮助(&H)")
    m.addAction(guide)
    m.addSeparator()
    m.addAction(about)

    tools = win.addToolBar("常用")
    tools.setMovable(False)
    tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    tools.addActions([new, open_, save])
    tools.addSeparator()
    tools.addActions([export, print_])
    tools.addSeparator()
    tools.addActions([undo, redo])
    tools.addSeparator()
    tools.addAction(check)

    # -- the pages (one shown at a time) and the navigation tree on their left; the first page
    #    holds the 基础信息 form
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    body = QWidget()
    body.setStyleSheet("\n".join(
        f'QLineEdit[finding="{sev}"], QPlainTextEdit[finding="{sev}"], QComboBox[finding="{sev}"], '
        f'QAbstractSpinBox[finding="{sev}"] {{ border: 2px solid {color}; }}'
        for sev, color in (("error", "#c62828"), ("warning", "#e0a000"))))
    row = QHBoxLayout(body)
    row.setContentsMargins(24, 16, 24, 16)
    column = QWidget()
    column.setMaximumWidth(820)
    outer = QVBoxLayout(column)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.setSpacing(12)
    row.addWidget(column, 1)
    row.addStretch(0)
    scroll.setWidget(body)

    heading = QLabel("基础信息")
    f = heading.font()
    f.setPointSizeF(f.pointSizeF() * 1.35)
    f.setBold(True)
    heading.setFont(f)
    outer.addWidget(heading)
    hint = QLabel("报告封面、附表表头和落款使用的信息。带 * 的项目为必填。")
    hint.setWordWrap(True)
    hint.setStyleSheet(grey)
    outer.addWidget(hint)

    unit = QGroupBox("预算单位")
    form = QFormLayout(unit)
    people = QGroupBox("填报人与落款")
    form2 = QFormLayout(people)
    for fl in (form, form2):
        fl.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        fl.setHorizontalSpacing(16)
        fl.setVerticalSpacing(8)
    year = QSpinBox()
    year.setRange(1900, 2200)
    year.setSuffix(" 年度")
    year.setValue(2024)
    code = QLineEdit()
    code.setPlaceholderText("可不填")
    nature = QComboBox()
    nature.setEditable(True)
    nature.addItems(["行政单位", "参公事业单位", "全额事业单位", "差额事业单位", "自收自支事业单位", "群团组织", "其他"])
    nature.setCurrentIndex(-1)
    nature.lineEdit().setPlaceholderText("从列表中选择，或直接输入")
    method = QComboBox()
    method.setEditable(True)
    method.addItems(["单位自评", "部门评价", "第三方评价"])
    profile = QWidget()
    v = QVBoxLayout(profile)
    v.setContentsMargins(0, 0, 0, 0)
    v.setSpacing(4)
    profile_box = QComboBox()
    profile_box.addItems(["湖南（含成本指标）", "财政部通用", "四川（10 + 90 自主分配）", "一体化（严格）"])
    v.addWidget(profile_box)
    # the rule set's weights, then its special rules, one a line
    weights = QLabel("\n".join([
        "预算执行率 10 分，成本指标 20 分，产出指标 40 分，效益指标 20 分，满意度指标 10 分，合计 100 分",
        "“=”指标：按偏离目标的比例扣分",
        "超额完成：超过目标 20% 以上须说明原因，不扣分",
        "执行率低于 100% 须说明原因（执行率分母为全年预算数）",
        "得分保留 2 位小数，执行率保留 2 位小数"]))
    weights.setWordWrap(True)
    weights.setStyleSheet(grey)
    weights.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    v.addWidget(weights)
    form.addRow("评价年度 *", year)
    form.addRow("预算单位名称 *", QLineEdit("青溪县总工会"))
    form.addRow("预算编码", code)
    competent = QLineEdit()
    competent.setPlaceholderText("一级预算单位填本单位名称")
    form.addRow("主管部门", competent)
    form.addRow("单位性质", nature)
    form.addRow("评价方式", method)
    form.addRow("指标体系", profile)
    places = QComboBox()
    places.addItems(["按指标体系（2 位）", "2 位", "1 位", "整数"])
    form.addRow("得分小数位", places)
    outer.addWidget(unit)
    phone = QLineEdit("0737-1234567")
    phone.setPlaceholderText("如：0731-12345678 或 13812345678")
    date = QDateEdit()
    date.setCalendarPopup(True)
    date.setDisplayFormat("yyyy年M月d日")
    date.setMinimumDate(QDate(1900, 1, 1))
    date.setSpecialValueText("（未填写）")
    date.setDate(QDate(2025, 3, 20))
    form2.addRow("填表人 *", QLineEdit("李明"))
    form2.addRow("联系电话 *", phone)
    form2.addRow("填报日期 *", date)
    head = QLineEdit()
    head.setPlaceholderText("可不填")
    form2.addRow("单位负责人", head)
    outer.addWidget(people)
    outer.addStretch(1)
    # one label width for both forms, so that their fields line up
    labels = [fl.itemAt(i, QFormLayout.ItemRole.LabelRole).widget()
              for fl in (form, form2) for i in range(fl.rowCount())]
    width = max(lab.sizeHint().width() for lab in labels)
    for lab in labels:
        lab.setMinimumWidth(width)

    pages = QStackedWidget()
    pages.addWidget(scroll)
    tree = QTreeWidget()
    tree.setHeaderHidden(True)
    tree.setColumnCount(1)
    tree.setIndentation(14)
    tree.setUniformRowHeights(True)
    tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)
    tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    top = [QTreeWidgetItem([t]) for t in ("基础信息", "机构与人员", "预算与执行", "正文", "部门整体绩效指标", "项目")]
    tree.addTopLevelItems(top)
    top[3].addChildren([QTreeWidgetItem([t]) for t in (
        "一、基本情况", "二、公共预算", "三、政府性基金", "四、国有资本", "五、社保基金", "六、绩效情况",
        "七、问题原因", "八、改进措施", "九、结果应用", "十、其他情况")])
    top[5].addChildren([QTreeWidgetItem([f"{i}. {name}"]) for i, name in enumerate(
        ("项目1：保障经费服务落实", "项目2：阵地慰问管理权益", "项目3：竞赛保障覆盖职工", "项目4：服务竞赛活动保障",
         "项目5：工会落实慰问培训"), 1)])
    for _ in range(16):
        pages.addWidget(QWidget())
    tree.expandAll()
    tree.setCurrentItem(top[0])
    # wide enough for a page title with a count and an icon, within 170…230 pixels
    metrics = tree.fontMetrics()
    titles = [item.text(0) for item in top] + [top[3].child(i).text(0) for i in range(top[3].childCount())]
    widest = max(metrics.horizontalAdvance(f"{t}（99）") for t in titles)
    width = widest + style.pixelMetric(QStyle.PixelMetric.PM_SmallIconSize) + 2 * tree.indentation() + 24
    split = QSplitter(Qt.Orientation.Horizontal)
    split.addWidget(tree)
    split.addWidget(pages)
    split.setCollapsible(0, False)
    split.setCollapsible(1, False)
    split.setStretchFactor(0, 0)
    split.setStretchFactor(1, 1)
    split.setSizes([max(170, min(width, 230)), 1200])
    win.setCentralWidget(split)

    # -- the 审核 dock, before its first pass (which follows the first paint)
    dock = QDockWidget("审核", win)
    box = QWidget()
    lay = QVBoxLayout(box)
    lay.setContentsMargins(4, 2, 4, 4)
    lay.addWidget(QLabel())
    pending = QLabel("正在审核…")
    pending.setAlignment(Qt.AlignmentFlag.AlignCenter)
    pending.setEnabled(False)
    stack = QStackedWidget()
    stack.addWidget(pending)
    lay.addWidget(stack)
    dock.setWidget(box)
    win.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    dock_action = dock.toggleViewAction()
    dock_action.setText("审核面板")
    view_menu.addAction(dock_action)

    # -- status bar: score, grade and counts come with the first 审核 pass
    status = win.statusBar()
    for _ in range(4):
        lab = QLabel()
        lab.setContentsMargins(8, 0, 8, 0)
        status.addPermanentWidget(lab)

    win.setMinimumSize(900, 600)
    win.resize(1400, 900)
    win.resizeDocks([dock], [130], Qt.Orientation.Vertical)
    _lap("window built")
    wait_first_paint(app, win)
    _lap("first paint")
    emit({"mode": "same", "phases": PHASES})
    _grab(win)
    return 0


# --------------------------------------------------------------------------- types

def types() -> int:
    """After the bare window's imports, the time PySide6 takes to create the Python types of the
    ``Qt`` namespace and of ``QStyle`` (with every enum they hold), which it does at their first
    use: any window with a dock, an alignment, a shortcut context or a standard icon pays it."""
    from PySide6.QtWidgets import QApplication, QMainWindow  # noqa: F401 - what bare imports
    t0 = time.perf_counter()
    from PySide6.QtCore import Qt
    Qt.AlignmentFlag.AlignCenter
    t1 = time.perf_counter()
    from PySide6.QtWidgets import QStyle
    QStyle.StandardPixmap.SP_FileIcon
    t2 = time.perf_counter()
    emit({"mode": "types", "qt": t1 - t0, "qstyle": t2 - t1})
    return 0


GRAB: list[str] = []


def _grab(win) -> None:
    """With ``--grab OUT.png``: save the window as shown (after the timed line)."""
    if GRAB:
        if not win.grab().save(GRAB[0], "PNG"):
            raise SystemExit(f"could not write {GRAB[0]}")


def main(argv: list[str]) -> int:
    if "--grab" in argv:
        i = argv.index("--grab")
        GRAB.append(argv[i + 1])
        del argv[i:i + 2]
    mode = argv[0]
    if mode == "bare":
        return bare()
    if mode == "ours":
        return ours(argv[1])
    if mode == "same":
        return same()
    if mode == "large":
        return large(argv[1], int(argv[2]), in_thread="--export-in-thread" in argv)
    if mode == "types":
        return types()
    if mode == "paste":
        return paste_only(argv[1], int(argv[2]), argv[3] if len(argv) > 3 else "")
    raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
