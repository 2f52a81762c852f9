"""预算与执行: totals, by source, by nature, itemised 人员经费/公用经费, the 附件2 control rows,
楼堂馆所 and 厉行节约保障措施. Every rate comes from ``model.ratios`` / ``model.scoring``."""
from __future__ import annotations

from decimal import Decimal
from html import escape
from typing import Optional

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QGridLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QMenu, QMessageBox,
                               QToolButton, QVBoxLayout, QWidget)

from model import ratios
from model.numbers import NumberError, fmt_money, fmt_rate, normalize, parse_decimal
from model.report import CONTROL_ROWS, SOURCES

from ..document import Document
from ..balances import balance_findings
from ..tables.amounts import AmountColumn, AmountRow, AmountsTableModel, LineItemsModel
from ..tables.delegates import MoneyDelegate
from ..tables.view import GridView
from ..widgets import MoneyEdit, ParsedLineEdit, PlainTextEdit, ValueLabel, fmt_money_edit
from .base import FormPage, note_label

ROW_HEIGHT = 28
MISMATCH = "color: #B3261E;"
OK = "color: #2E7D32;"

PERSONNEL_NAMES = ("基本工资", "津贴补贴", "奖金", "绩效工资", "机关事业单位基本养老保险缴费", "职业年金缴费",
                   "职工基本医疗保险缴费", "其他社会保障缴费", "住房公积金", "其他工资福利支出",
                   "退休费", "生活补助", "医疗费补助")
PUBLIC_NAMES = ("办公费", "印刷费", "水费", "电费", "邮电费", "物业管理费", "差旅费", "维修（护）费",
                "培训费", "会议费", "公务接待费", "公务用车运行维护费", "其他交通费用", "工会经费",
                "福利费", "其他商品和服务支出")

NATURE_ROWS = (("basic", "基本支出"), ("personnel", "其中：人员经费"), ("public", "公用经费"),
               ("project_spending", "项目支出"))
#: 基本支出/人员经费/公用经费/项目支出: 附件2 prints 年初 as its 本年预算数, 附件3 both
NATURE_COLUMNS = (AmountColumn("上年决算数", "prior"),
                  AmountColumn("年初预算数", "initial", tip="年初批复的预算数，附件2“本年预算数”列打印此数"),
                  AmountColumn("全年预算数", "budget", tip="含年中追加、调减和上年结转，附件3 执行率按此计算"),
                  AmountColumn("全年执行数", "executed"))
#: the 附件2 control rows: their 本年预算数 is the 年初 budget (SPEC §5.1)
CONTROL_COLUMNS = (AmountColumn("上年决算数", "prior"),
                   AmountColumn("本年预算数（年初）", "initial", tip="附件2“本年预算数”列：年初预算数"),
                   AmountColumn("本年决算数", "executed"))
#: where the 审核 rule locates each 按收入性质分 column's total (``balance.sources.*``)
SOURCE_TOTALS = {"budget.full_year": "budget", "budget.initial": "initial", "budget.executed": "executed",
                 "budget.prior_executed": "prior"}
SOURCE_COLUMNS = (AmountColumn("上年决算数", "prior"),
                  AmountColumn("年初预算数", "initial", tip="附件3“按收入性质分”的年初预算数"),
                  AmountColumn("全年预算数", "budget"),
                  AmountColumn("执行数", "executed"),
                  AmountColumn("执行率", compute=lambda v: fmt_rate(ratios.ratio(v.get("executed"), v.get("budget"))),
                               tip="执行数 ÷ 全年预算数"))


def parse_area(text: str) -> Optional[Decimal]:
    """An area in ㎡: “1200”, “1,200㎡”, “1200平方米”. Empty → None."""
    t = normalize(text or "")
    for unit in ("平方米", "㎡", "m2", "m²", "平米"):
        if t.endswith(unit):
            t = t[: -len(unit)].strip()
            break
    if t in ("", "-", "—", "/", "无"):
        return None
    value = parse_decimal(t)
    if value < 0:
        raise NumberError(f"面积“{text.strip()}”不能为负数")
    return value


def _d(v: Optional[Decimal]) -> Decimal:
    return v if v is not None else Decimal(0)


def _red(text: str) -> str:
    return f"<span style='{MISMATCH}'>{escape(text)}</span>"


def fit_table_height(view: GridView, rows: int) -> None:
    view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setFixedHeight(view.horizontalHeader().sizeHint().height() + ROW_HEIGHT * rows
                        + 2 * view.frameWidth() + 2)


def money_view(model, label_width: int = 200, parent=None) -> GridView:
    view = GridView(parent)
    view.setModel(model)
    view.setItemDelegate(MoneyDelegate(view))
    view.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
    hh = view.horizontalHeader()
    hh.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    if label_width:
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        hh.resizeSection(0, label_width)
    return view


class TableBox(QGroupBox):
    """A titled money table with its message line (refused input) and notes below."""

    def __init__(self, title: str, model, rows: int, label_width: int = 200, parent=None):
        super().__init__(title, parent)
        self.model = model
        self.view = money_view(model, label_width, self)
        if isinstance(model, AmountsTableModel):
            self.view.verticalHeader().hide()
        fit_table_height(self.view, rows)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(MISMATCH)
        self.message.hide()
        model.inputRejected.connect(self._show_message)
        model.totalsChanged.connect(self.message.hide)
        self.view.message.connect(self._show_message)
        self.lay = QVBoxLayout(self)
        self.lay.addWidget(self.view)
        self.lay.addWidget(self.message)

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))


class LineItemsBox(TableBox):
    """人员经费 or 公用经费 明细 with add (common names offered) and remove."""

    def __init__(self, title: str, model: LineItemsModel, names: tuple[str, ...], parent=None):
        super().__init__(title, model, max(model.rowCount(), 4), 0, parent)
        hh = self.view.horizontalHeader()
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2):
            hh.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            hh.resizeSection(col, 78)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.add_button = QToolButton(self)
        self.add_button.setText("添加明细")
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        menu = QMenu(self.add_button)
        for n in names:
            menu.addAction(n, lambda n=n: self.add(n))
        self.add_button.setMenu(menu)
        self.add_button.clicked.connect(lambda: self.add(""))
        self.add_button.setToolTip("添加一行明细；点右侧箭头可选常用科目")
        self.remove_button = QToolButton(self)
        self.remove_button.setText("删除所选")
        self.remove_button.clicked.connect(self.remove_selected)
        self.remove_button.setToolTip("删除表中选中的明细行（已填写时先确认，可撤销）")
        self.sum_note = QLabel(self)
        self.sum_note.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        self.lay.addLayout(row)
        self.lay.addWidget(self.sum_note)
        self.lay.addStretch(1)
        model.totalsChanged.connect(self.refresh)
        model.modelReset.connect(self.refresh)
        self.refresh()

    def add(self, name: str) -> None:
        row = self.model.add_item(name=name)
        self.view.select_cell(row, 1 if name else 0)

    def remove_selected(self) -> None:
        rows = sorted({r for r, _c in self.view.selected_cells() if r < self.model.sum_row})
        if not rows:
            return
        items = self.model.items()
        filled = [items[r] for r in rows if items[r].name or items[r].budget is not None or items[r].executed is not None]
        if filled:
            answer = QMessageBox.question(
                self, "删除明细", f"确定删除所选的 {len(rows)} 行明细吗？（可用“撤销”恢复）",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.model.remove_items(rows)

    def refresh(self) -> None:
        fit_table_height(self.view, min(max(self.model.rowCount(), 4), 12))
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        mism = self.model.mismatches()
        if not self.model.items():
            self.sum_note.setText("未填写明细（可选）。")
            self.sum_note.setStyleSheet("")
        elif mism:
            self.sum_note.setText("\n".join(mism.values()))
            self.sum_note.setStyleSheet(MISMATCH)
        else:
            self.sum_note.setText(f"明细合计与{self.model.total_label}一致。")
            self.sum_note.setStyleSheet(OK)


class BudgetPage(FormPage):
    title = "预算与执行"
    max_width = 1100   # tables of four or five money columns

    def __init__(self, doc: Document, parent: Optional[QWidget] = None):
        super().__init__(doc, parent)
        self.heading("预算与执行", "金额单位：万元。执行率、控制率等比率自动计算；合计与总数不一致时以红色提示。")
        b = "budget"

        # ---------------------------------------------------------- totals
        totals = QGroupBox("全年预算与执行（部门整体）")
        g = QGridLayout(totals)
        fields = (("initial", "年初预算数"), ("additions", "年中追加数"), ("reductions", "年中调减数"),
                  ("carryover", "上年结转数"), ("full_year", "全年预算数"), ("executed", "全年执行数"),
                  ("prior_executed", "上年决算支出"))
        self.money: dict[str, MoneyEdit] = {}
        for i, (key, label) in enumerate(fields):
            edit = MoneyEdit(doc, f"{b}.{key}", label)
            edit.setMinimumWidth(120)
            self.money[key] = self.register(f"{b}.{key}", edit)
            r, c = divmod(i, 4)
            g.addWidget(QLabel(label), r * 2, c)
            g.addWidget(edit, r * 2 + 1, c)
        self.full_year_note = QLabel()
        self.full_year_note.setWordWrap(True)
        g.addWidget(self.full_year_note, 4, 0, 1, 4)
        self.rates_label = ValueLabel(doc, self._rates_text)
        g.addWidget(self.rates_label, 5, 0, 1, 4)
        self.outer.addWidget(totals)

        # ---------------------------------------------------------- by source
        src_rows = [AmountRow(label, f"{b}.sources.{key}") for key, label in SOURCES]
        self.sources_model = AmountsTableModel(
            doc, src_rows, SOURCE_COLUMNS, "合计", sum_findings=self._source_findings, watch=(b,),
            label_header="收入性质",
            parent=self)
        self.sources_box = TableBox("按收入性质分", self.sources_model, len(src_rows) + 1, 220)
        self.sources_note = QLabel()
        self.sources_note.setWordWrap(True)
        self.sources_box.lay.addWidget(self.sources_note)
        self.outer.addWidget(self.sources_box)

        # ---------------------------------------------------------- by nature
        nat_rows = [AmountRow(label, f"{b}.{key}") for key, label in NATURE_ROWS]
        self.nature_model = AmountsTableModel(doc, nat_rows, NATURE_COLUMNS, watch=(b,),
                                              label_header="支出性质", parent=self)
        self.nature_box = TableBox("按支出性质分", self.nature_model, len(nat_rows), 220)
        self.nature_note = QLabel()
        self.nature_note.setWordWrap(True)
        self.nature_note.setTextFormat(Qt.TextFormat.RichText)
        self.nature_box.lay.addWidget(self.nature_note)
        self.nature_box.lay.addWidget(note_label(
            "年初预算数打印在附件2的“本年预算数”列；全年预算数（含年中追加、调减）用于附件3的执行率。"
            "两者不同是正常的。"))
        self.outer.addWidget(self.nature_box)

        # ---------------------------------------------------------- itemised
        items = QWidget()
        il = QHBoxLayout(items)
        il.setContentsMargins(0, 0, 0, 0)
        self.personnel_model = LineItemsModel(doc, f"{b}.personnel_items", f"{b}.personnel", "人员经费", parent=self)
        self.public_model = LineItemsModel(doc, f"{b}.public_items", f"{b}.public", "公用经费", parent=self)
        self.personnel_box = LineItemsBox("人员经费明细", self.personnel_model, PERSONNEL_NAMES)
        self.public_box = LineItemsBox("公用经费明细", self.public_model, PUBLIC_NAMES)
        il.addWidget(self.personnel_box)
        il.addWidget(self.public_box)
        self.outer.addWidget(items)

        # ---------------------------------------------------------- 附件2 control rows
        ctl_rows = [AmountRow(label, f"{b}.controls.{key}") for key, label in CONTROL_ROWS]
        self.controls_model = AmountsTableModel(doc, ctl_rows, CONTROL_COLUMNS, watch=(b,),
                                                label_header="经费控制情况（附件2）", parent=self)
        self.controls_box = TableBox("经费控制情况（“三公”经费、政府采购、基本支出预算调整）", self.controls_model,
                                     len(ctl_rows), 260)
        self.controls_note = ValueLabel(doc, self._controls_text)
        self.controls_note.setWordWrap(True)
        self.controls_note.setTextFormat(Qt.TextFormat.RichText)
        self.controls_box.lay.addWidget(note_label("“部门基本支出”“公用经费”“部门项目支出”各行取自上面的按支出性质分和项目"
                                                   "（本年预算数列打印年初预算数），此处只填写其余各行。"))
        self.controls_box.lay.addWidget(self.controls_note)
        self.outer.addWidget(self.controls_box)

        # ---------------------------------------------------------- buildings
        bld = QGroupBox("楼堂馆所控制情况（本年完工项目）")
        bg = QGridLayout(bld)
        for i, (key, label) in enumerate((("approved_area", "批复规模（㎡）"), ("actual_area", "实际规模（㎡）"),
                                          ("budget_investment", "预算投资（万元）"),
                                          ("actual_investment", "实际投资（万元）"))):
            if "area" in key:
                edit = ParsedLineEdit(doc, f"{b}.buildings.{key}", parse_area, fmt_money_edit, label)
                edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                edit.setPlaceholderText("㎡")
            else:
                edit = MoneyEdit(doc, f"{b}.buildings.{key}", label)
            self.money[key] = self.register(f"{b}.buildings.{key}", edit)
            bg.addWidget(QLabel(label), 0, i)
            bg.addWidget(edit, 1, i)
        self.buildings_label = ValueLabel(doc, lambda: (
            f"规模控制率：{fmt_rate(self.doc.scores().ratios.scale_control)}　　"
            f"投资概算控制率：{fmt_rate(self.doc.scores().ratios.investment_control)}"))
        bg.addWidget(self.buildings_label, 2, 0, 1, 4)
        bg.addWidget(note_label("没有本年完工的楼堂馆所项目时不填，控制率显示为“—”。"), 3, 0, 1, 4)
        self.outer.addWidget(bld)

        # ---------------------------------------------------------- savings
        sav = QGroupBox("厉行节约保障措施")
        sl = QVBoxLayout(sav)
        self.savings_edit = self.register(f"{b}.savings_measures",
                                          PlainTextEdit(doc, f"{b}.savings_measures", "厉行节约保障措施"))
        self.savings_edit.setPlaceholderText("写明本单位落实厉行节约、压减一般性支出和“三公”经费的制度与措施。")
        self.savings_edit.setMinimumHeight(90)
        sl.addWidget(self.savings_edit)
        self.outer.addWidget(sav)
        self.outer.addStretch(1)

        self.tables = {f"{b}.sources": (self.sources_box.view, [k for k, _ in SOURCES]),
                       f"{b}.controls": (self.controls_box.view, [k for k, _ in CONTROL_ROWS])}
        doc.changed.connect(self._on_changed)
        doc.reset.connect(self.refresh_notes)
        self.refresh_notes()

    # ------------------------------------------------------------ computed texts
    def _source_findings(self) -> dict[str, str]:
        """Column attr → the 审核 message where the sources do not add up to the total. The
        全年预算数 check is located at 年初预算数 while 全年预算数 is not typed; its message
        names the figure it checks."""
        out: dict[str, str] = {}
        for f in balance_findings(self.doc, "balance.sources."):
            attr = SOURCE_TOTALS.get(f.where)
            if f.where == "budget.initial" and f.message.startswith("全年预算数"):
                attr = "budget"
            if attr is not None:
                out.setdefault(attr, f.message)
        return out

    def _rates_text(self) -> str:
        scores = self.doc.scores()      # the rates 附件3, 审核 and the exports print
        return (f"执行率（全年执行数 ÷ 全年预算数）：{scores.department.execution.rate_text}　　"
                f"预算调整率（（追加 + 调减）÷ 年初预算）：{fmt_rate(scores.ratios.budget_adjustment)}")

    def _controls_text(self) -> str:
        r = self.doc.report
        rs = self.doc.scores().ratios
        lines = [
            f"公用经费控制率：{fmt_rate(rs.public_funds_control)}　"
            f"“三公”经费控制率：{fmt_rate(rs.three_public_control)}　"
            f"“三公”经费变动率：{fmt_rate(rs.three_public_change)}　"
            f"政府采购执行率：{fmt_rate(rs.procurement)}",
        ]
        note = ratios.three_public_change_note(r)
        if note:
            lines.append(note)
        lines += [_red(f.message) for f in balance_findings(self.doc, "balance.three_public")]
        lines += [_red(f.message) for f in balance_findings(self.doc, "balance.cars")]
        return "<br>".join(lines)

    def refresh_notes(self) -> None:
        bud = self.doc.report.budget
        derived = bud.derived_full_year()
        edit = self.money["full_year"]
        edit.setPlaceholderText(f"{fmt_money_edit(derived)}（按各项计算）" if derived is not None else "万元")
        full_year = balance_findings(self.doc, "balance.full_year")
        if full_year:
            self.full_year_note.setText("\n".join(f.message for f in full_year))
            self.full_year_note.setStyleSheet(MISMATCH)
        elif bud.full_year is None and derived is not None:
            self.full_year_note.setText(f"全年预算数未单独填写，按 年初预算 + 追加 − 调减 + 结转 计算为 "
                                        f"{fmt_money(derived)} 万元。")
            self.full_year_note.setStyleSheet("color: palette(placeholder-text);")
        else:
            self.full_year_note.setText("")
        # an empty note would leave a blank line under the fields
        self.full_year_note.setVisible(bool(self.full_year_note.text()))
        # by source
        mism = self.sources_model.sum_mismatches()
        if mism:
            self.sources_note.setText("\n".join(mism.values()))
            self.sources_note.setStyleSheet(MISMATCH)
        else:
            self.sources_note.setText("")
        self.sources_note.setVisible(bool(mism))
        # by nature
        lines = []
        proj = self.doc.report.projects
        attrs = [c.attr for c in NATURE_COLUMNS]
        sums = {a: sum((_d(getattr(p.total, a)) for p in proj), Decimal(0)) for a in attrs}
        if proj:
            text = f"各项目合计（共 {len(proj)} 个）：" + "，".join(
                f"{c.header} {fmt_money(sums[c.attr])}" for c in NATURE_COLUMNS)
            differs = balance_findings(self.doc, "balance.projects")
            lines.append(_red(f"{text}（与项目支出不一致）") if differs else escape(text))
            lines += [_red(f.message) for f in differs]
        for rule in ("balance.basic", "balance.executed"):
            lines += [_red(f.message) for f in balance_findings(self.doc, rule)]
        self.nature_note.setText("<br>".join(lines))
        self.nature_note.setVisible(bool(lines))

    def _on_changed(self, path: str, structure: bool) -> None:
        if path.startswith("budget") or (path == "projects" and structure) or (
                path.startswith("projects[") and ".total." in path):
            self.refresh_notes()

    # ------------------------------------------------------------ navigation
    def focus_path(self, path: str) -> bool:
        for prefix, (view, keys) in self.tables.items():
            if path.startswith(prefix + "."):
                rest = path[len(prefix) + 1:].split(".")
                if rest[0] in keys:
                    cols = [c.attr for c in view.model().columns]
                    col = 1 + cols.index(rest[1]) if len(rest) > 1 and rest[1] in cols else 1
                    self.ensureWidgetVisible(view)
                    return view.select_cell(keys.index(rest[0]), col)
        for key, _label in NATURE_ROWS:
            prefix = f"budget.{key}"
            if path == prefix or path.startswith(prefix + "."):
                rest = path[len(prefix) + 1:]
                cols = [c.attr for c in NATURE_COLUMNS]
                col = 1 + cols.index(rest) if rest in cols else 1
                view = self.nature_box.view
                self.ensureWidgetVisible(view)
                return view.select_cell([k for k, _ in NATURE_ROWS].index(key), col)
        for list_path, box in (("budget.personnel_items", self.personnel_box), ("budget.public_items", self.public_box)):
            if path == list_path or path.startswith(list_path + "["):
                self.ensureWidgetVisible(box)
                rest = path[len(list_path):]
                if rest.startswith("["):
                    row = int(rest[1:].split("]")[0])
                    attr = rest.split(".")[-1] if "." in rest else "name"
                    cols = [c.attr for c in box.model.columns]
                    return box.view.select_cell(row, cols.index(attr) if attr in cols else 0)
                box.view.setFocus()
                return True
        if path == "budget.buildings":
            path = "budget.buildings.approved_area"
        return super().focus_path(path)
