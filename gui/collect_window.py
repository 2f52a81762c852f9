"""工具 › 汇总…: the 汇总库 as a table — sort, filter, search, open a unit's report read-only,
compare a unit across years, export the 汇总表, 抽查, review with the 考核评分表, add files.

The window never touches the database or files itself: ``gui.collect_session.CollectSession``
does (adding files runs in a worker thread with its own connection).
"""
from __future__ import annotations

from decimal import Decimal
from typing import Optional

from PySide6.QtCore import QThread, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog,
                               QHBoxLayout, QHeaderView, QInputDialog, QLabel, QLineEdit, QMainWindow, QMessageBox,
                               QPlainTextEdit, QSplitter, QTableView, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from model.collection.db import DbError
from gui.collect_session import CollectSession
from model.scoring_rows import grade_cutoffs

from .tables.collect_table import CollectFilter, CollectTableModel

ALL_YEARS, ALL_GRADES = "全部年度", "全部等级"
COLLECT_FILTER = "自评文件 (*.jxzp *.xlsx *.xlsm *.docx)"


class CollectWorker(QThread):
    """Runs ``session.add(paths)`` off the GUI thread; one ``line`` per file, then ``done``."""
    line = Signal(str)
    done = Signal(list)
    failed = Signal(str)

    def __init__(self, session: CollectSession, paths: list[str], parent=None):
        super().__init__(parent)
        self.session, self.paths = session, paths

    def run(self) -> None:
        try:
            lines = self.session.add(self.paths, self.line.emit)
        except DbError as e:
            self.failed.emit(str(e))
            return
        except Exception as e:  # never a traceback from the thread: the files collected so far stay
            self.failed.emit(f"收录中断（{type(e).__name__}），已收录的文件保留在汇总库中")
            return
        self.done.emit(lines)


class CompareDialog(QDialog):
    """One unit's reports side by side, one column per year."""
    ROWS = (("全年预算数", lambda e: e.budget or "—"), ("全年执行数", lambda e: e.executed or "—"),
            ("执行率", lambda e: f"{e.rate}%" if e.rate is not None else "—"),
            ("自评得分", lambda e: e.score or "—"), ("等级", lambda e: e.grade),
            ("错误/警告", lambda e: f"{e.errors} / {e.warnings}"), ("项目数", lambda e: str(e.project_count)))

    def __init__(self, parent, unit: str, entries: list):
        super().__init__(parent)
        self.setWindowTitle(f"历年对比 — {unit}")
        entries = sorted(entries, key=lambda e: e.year)
        lay = QVBoxLayout(self)
        self.table = QTableWidget(len(self.ROWS), len(entries), self)
        self.table.setHorizontalHeaderLabels([f"{e.year}年度" for e in entries])
        self.table.setVerticalHeaderLabels([r[0] for r in self.ROWS])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for c, e in enumerate(entries):
            for r, (_label, get) in enumerate(self.ROWS):
                item = QTableWidgetItem(get(e))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        lay.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(560, 320)


class CollectWindow(QMainWindow):
    def __init__(self, session: CollectSession, opener=None, parent=None):
        super().__init__(parent)
        self.session = session
        self.opener = opener          # a main window: ``target_window()`` gives the one to open into
        self.worker: Optional[CollectWorker] = None
        self.setWindowTitle(f"汇总 — {session.db_path}")
        self.model = CollectTableModel(parent=self)
        self.proxy = CollectFilter(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView(self)
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.doubleClicked.connect(lambda *_: self.open_selected())
        header = self.view.horizontalHeader()
        header.setResizeContentsPrecision(200)      # measure the first rows only: fast with 1 000 units
        header.setMinimumSectionSize(60)

        self.year_box = QComboBox()
        self.grade_box = QComboBox()
        self.grade_box.addItems([ALL_GRADES] + [g for g, _low in grade_cutoffs()])
        self.errors_box = QCheckBox("只看有错误的")
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索单位或主管部门")
        self.search.setClearButtonEnabled(True)
        for signal in (self.year_box.currentIndexChanged, self.grade_box.currentIndexChanged,
                       self.errors_box.toggled, self.search.textChanged):
            signal.connect(self.apply_filter)
        bar = QHBoxLayout()
        for w in (QLabel("年度："), self.year_box, QLabel("等级："), self.grade_box, self.errors_box, self.search):
            bar.addWidget(w)
        self.count_label = QLabel()
        bar.addWidget(self.count_label)

        self.log = QPlainTextEdit(self)
        self.log.setReadOnly(True)
        self.log.setPlaceholderText("添加文件后，这里逐个列出收录、更新或跳过的文件及原因。")
        split = QSplitter(Qt.Orientation.Vertical, self)
        top = QWidget()
        lay = QVBoxLayout(top)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(bar)
        lay.addWidget(self.view)
        split.addWidget(top)
        split.addWidget(self.log)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        self.setCentralWidget(split)

        tb = self.addToolBar("汇总")
        tb.setMovable(False)
        self.actions_by_name = {}
        for name, text, slot, tip in (
                ("add_files", "添加文件…", self.add_files_dialog, "选择 .jxzp 或上年 Excel/Word 文件收录到汇总库"),
                ("add_folder", "添加文件夹…", self.add_folder_dialog, "收录文件夹（含子文件夹）中的全部自评文件"),
                ("open", "打开（只读）", self.open_selected, "在编辑窗口中以只读方式打开所选单位的报告"),
                ("compare", "历年对比", self.compare_selected, "所选单位各年度的执行率、得分并列比较"),
                ("review", "考核评分…", self.review_selected, "按考核评分表查看自动评分并人工评分"),
                ("sample", "抽查…", self.sample_dialog, "按随机种子抽取单位（同一种子结果相同）"),
                ("export", "导出汇总表…", self.export_dialog, "把当前显示的报告导出为 Excel 汇总表")):
            a = tb.addAction(text)
            a.setToolTip(tip)
            a.triggered.connect(lambda *_, s=slot: s())
            self.actions_by_name[name] = a
        self.resize(1200, 720)
        self.reload()

    # ----------------------------------------------------------------- data
    def reload(self) -> None:
        try:
            entries = self.session.entries()
        except DbError as e:
            self._error(str(e))
            entries = []
        self.model.set_entries(entries)
        years = sorted({e.year for e in entries}, reverse=True)
        current = self.year_box.currentText()
        self.year_box.blockSignals(True)
        self.year_box.clear()
        self.year_box.addItems([ALL_YEARS] + [str(y) for y in years])
        index = self.year_box.findText(current)
        self.year_box.setCurrentIndex(max(0, index))
        self.year_box.blockSignals(False)
        self.apply_filter()
        self.view.resizeColumnsToContents()
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    def apply_filter(self, *_args) -> None:
        year_text = self.year_box.currentText()
        grade = self.grade_box.currentText()
        self.proxy.set_filter(int(year_text) if year_text.isdigit() else None,
                              "" if grade == ALL_GRADES else grade, self.errors_box.isChecked(),
                              self.search.text())
        self.count_label.setText(f"显示 {self.proxy.rowCount()} / 共 {self.model.rowCount()} 份")

    def selected_entry(self):
        rows = self.view.selectionModel().selectedRows()
        index = rows[0] if rows else self.view.currentIndex()
        if not index.isValid():
            return None
        return self.model.entry(self.proxy.mapToSource(index).row())

    def _need_selection(self):
        e = self.selected_entry()
        if e is None:
            QMessageBox.information(self, "汇总", "请先在表中选择一个单位。")
        return e

    def _error(self, message: str) -> None:
        self.log.appendPlainText(f"错误：{message}")
        self.statusBar().showMessage(message, 15000)

    # ----------------------------------------------------------------- adding files
    def add_files_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "选择要汇总的自评文件", "", COLLECT_FILTER)
        if paths:
            self.add_paths(paths)

    def add_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "选择存放自评文件的文件夹")
        if folder:
            self.add_paths([folder])

    def add_paths(self, paths: list[str]) -> Optional[CollectWorker]:
        if self.worker is not None and self.worker.isRunning():
            QMessageBox.information(self, "汇总", "上一批文件还在收录中，请稍候。")
            return None
        self.worker = CollectWorker(self.session, [str(p) for p in paths], self)
        # bound methods of this window (not lambdas): the slots run in the GUI thread
        self.worker.line.connect(self.log.appendPlainText)
        self.worker.done.connect(self._collected)
        self.worker.failed.connect(self._error)
        self.worker.finished.connect(self._worker_finished)
        self._enable_adding(False)
        self.statusBar().showMessage("正在收录文件…")
        self.worker.start()
        return self.worker

    def _collected(self, lines: list) -> None:
        self.reload()
        if lines:
            self.statusBar().showMessage(lines[-1], 15000)

    def _worker_finished(self) -> None:
        self._enable_adding(True)

    def _enable_adding(self, enabled: bool) -> None:
        for name in ("add_files", "add_folder"):
            self.actions_by_name[name].setEnabled(enabled)

    # ----------------------------------------------------------------- a unit
    def open_entry(self, entry):
        """Open the report stored for ``entry`` read-only in an editor window (a copy from the 汇总库)."""
        from model import store
        try:
            path = self.session.copy_for_reading(entry)
        except DbError as e:
            QMessageBox.warning(self, "打开失败", str(e))
            return None
        if self.opener is None:
            QMessageBox.information(self, "打开", f"报告副本已保存在：{path}")
            return None
        target = self.opener.target_window()
        try:
            target.doc.open_file(path, read_only=True)
        except store.StoreError as e:
            QMessageBox.warning(self, "打开失败", str(e))
            return None
        target.statusBar().showMessage(f"汇总库中的副本（只读）：{entry.year}年度“{entry.unit}”，"
                                       f"原文件 {entry.path}", 15000)
        target.show()
        return target

    def open_selected(self):
        e = self._need_selection()
        return self.open_entry(e) if e is not None else None

    def compare_selected(self) -> Optional[CompareDialog]:
        e = self._need_selection()
        if e is None:
            return None
        dlg = CompareDialog(self, e.unit, [x for x in self.model.entries() if x.unit == e.unit])
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        return dlg

    def review_selected(self):
        from .assessment_dialog import AssessmentDialog
        e = self._need_selection()
        if e is None:
            return None
        try:
            results, reviews = self.session.assessment(e)
        except DbError as err:
            QMessageBox.warning(self, "考核评分", str(err))
            return None
        dlg = AssessmentDialog(self, f"考核评分 — {e.year}年度 {e.unit}", results,
                               {k: v[0] for k, v in reviews.items()}, editable=True)
        dlg.accepted.connect(lambda: self._save_reviews(e, dlg.values()))
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        return dlg

    def _save_reviews(self, entry, scores: dict[str, Optional[Decimal]]) -> None:
        try:
            self.session.save_reviews(entry, scores)
        except DbError as e:
            QMessageBox.warning(self, "考核评分", f"评分未能保存：{e}")
            return
        self.statusBar().showMessage(f"已保存 {entry.unit} 的考核评分", 8000)

    # ----------------------------------------------------------------- 抽查 and export
    def sample_dialog(self) -> None:
        size, ok = QInputDialog.getInt(self, "抽查", "抽取单位数：", 5, 1, 10000)
        if not ok:
            return
        seed_text, ok = QInputDialog.getText(self, "抽查", "随机种子（留空则随机生成，记下后可重现）：")
        if not ok:
            return
        seed = int(seed_text) if seed_text.strip().isdigit() else None
        year_text = self.year_box.currentText()
        self.draw(size, seed, int(year_text) if year_text.isdigit() else None)

    def draw(self, size: int, seed: Optional[int] = None, year: Optional[int] = None):
        try:
            result = self.session.sample(size, seed, year)
        except DbError as e:
            QMessageBox.warning(self, "抽查", str(e))
            return None
        for line in result.lines():
            self.log.appendPlainText(line)
        chosen = {(e.unit, e.year) for e in result.entries}
        self.view.clearSelection()
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        for r in range(self.proxy.rowCount()):
            e = self.model.entry(self.proxy.mapToSource(self.proxy.index(r, 0)).row())
            if (e.unit, e.year) in chosen:
                self.view.selectRow(r)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.statusBar().showMessage(result.lines()[0], 20000)
        return result

    def export_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "导出汇总表", "汇总表.xlsx", "Excel 文件 (*.xlsx)")
        if path:
            self.export(path)

    def export(self, path: str) -> bool:
        from export import ExportError
        entries = self.proxy.visible_entries()
        try:
            self.session.export_xlsx(entries, path)
        except ExportError as e:
            QMessageBox.warning(self, "导出失败", str(e))
            return False
        self.statusBar().showMessage(f"已导出汇总表（{len(entries)} 份报告）：{path}", 15000)
        return True

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self.worker is not None and self.worker.isRunning():
            self.worker.wait()
        super().closeEvent(event)


_OPEN: list[CollectWindow] = []


def show_collect_window(window, session: Optional[CollectSession] = None) -> CollectWindow:
    """工具 › 汇总…: the 汇总 window over the default 汇总库 (one per process)."""
    _OPEN[:] = [w for w in _OPEN if w.isVisible()]
    if _OPEN and session is None:
        w = _OPEN[0]
    else:
        w = CollectWindow(session or CollectSession.default(), window)
        w.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        _OPEN.append(w)
    w.show()
    return w
