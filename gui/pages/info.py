"""基础信息: the unit, the year, who fills in the form, and the rule set (指标体系)."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QVBoxLayout, QWidget

from model import profiles
from model.profiles.describe import change_lines, rule_lines, weight_text
from model.report import SCORE_PLACES, UNIT_NATURES

from ..document import Document
from ..date_field import DateTextEdit
from ..widgets import ComboEdit, IntSpinEdit, TextLineEdit, wheel_only_when_focused
from .base import FormPage, note_label

EVALUATION_METHODS = ("单位自评", "部门评价", "第三方评价")
_PLACE_NAMES = {2: "2 位", 1: "1 位", 0: "整数"}


class ScorePlacesBox(QComboBox):
    """得分小数位: the rule set's own precision (None) or 2 / 1 / 0 decimals; an undoable edit."""

    PATH = "score_places"

    def __init__(self, doc: Document, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.doc = doc
        self.addItem("", None)
        for places in sorted(SCORE_PLACES, reverse=True):
            self.addItem(_PLACE_NAMES.get(places, f"{places} 位"), places)
        self.setToolTip("得分、小计、总分在表格、审核和导出中保留的小数位数；"
                        "有的县区打印 1 位小数（如 9.8、98.7）或整数")
        wheel_only_when_focused(self)
        self.activated.connect(self._chosen)
        doc.changed.connect(lambda path, _s: self.refresh() if path in (self.PATH, "profile") else None)
        doc.reset.connect(self.refresh)
        self.refresh()

    def _chosen(self, index: int) -> None:
        self.doc.set_value(self.PATH, self.itemData(index), "修改得分小数位")

    def refresh(self) -> None:
        own = profiles.get_profile(self.doc.report.profile).settings.score_places
        self.setItemText(0, f"按指标体系（{own} 位）")
        idx = self.findData(self.doc.report.score_places) if self.doc.report.score_places is not None else 0
        self.setCurrentIndex(max(idx, 0))


def confirm_profile_change(parent: QWidget, old: str, new: str, details: str = "") -> bool:
    """Ask before switching the rule set, saying what changes (module function so tests can replace it)."""
    from PySide6.QtWidgets import QMessageBox
    box = QMessageBox(QMessageBox.Icon.Question, "更改指标体系",
                      f"确定将指标体系由“{old}”改为“{new}”吗？\n\n"
                      "一级指标的分值将按新的指标体系审核，已填写的指标不会删除，可撤销。", parent=parent)
    if details:
        box.setInformativeText("更改后：\n" + details)
    yes = box.addButton("更改", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is yes


class InfoPage(FormPage):
    title = "基础信息"

    def __init__(self, doc: Document, parent: Optional[QWidget] = None):
        super().__init__(doc, parent)
        self.heading("基础信息", "报告封面、附表表头和落款使用的信息。带 * 的项目为必填。")

        unit = QGroupBox("预算单位")
        form = QFormLayout(unit)
        self._form_style(form)
        self.year = self.register("info.year", IntSpinEdit(doc, "info.year", 1900, 2200, "年度"))
        self.year.setSuffix(" 年度")
        self.year.setToolTip("被评价的预算年度，如 2024（上一自然年）")
        form.addRow("评价年度 *", self.year)
        self.unit_name = self.register("info.unit_name", TextLineEdit(doc, "info.unit_name", "单位名称"))
        self.unit_name.setPlaceholderText("如：某某县总工会")
        form.addRow("预算单位名称 *", self.unit_name)
        self.budget_code = self.register("info.budget_code", TextLineEdit(doc, "info.budget_code", "预算编码"))
        self.budget_code.setPlaceholderText("可不填")
        form.addRow("预算编码", self.budget_code)
        self.competent = self.register("info.competent_dept", TextLineEdit(doc, "info.competent_dept", "主管部门"))
        self.competent.setPlaceholderText("一级预算单位填本单位名称")
        form.addRow("主管部门", self.competent)
        self.nature = self.register("info.unit_nature", ComboEdit(doc, "info.unit_nature", UNIT_NATURES, "单位性质"))
        self.nature.lineEdit().setPlaceholderText("从列表中选择，或直接输入")
        form.addRow("单位性质", self.nature)
        self.method = self.register("info.evaluation_method",
                                    ComboEdit(doc, "info.evaluation_method", EVALUATION_METHODS, "评价方式"))
        form.addRow("评价方式", self.method)

        # the weight profile: shown, changed only after a confirmation
        prof_row = QWidget()
        h = QVBoxLayout(prof_row)
        h.setContentsMargins(0, 0, 0, 0)
        h.setSpacing(4)
        self.profile_box = QComboBox()
        for p in profiles.list_profiles():
            self.profile_box.addItem(p.name if p.builtin else f"{p.name}（用户规则集）", p.id)
            idx = self.profile_box.count() - 1
            self.profile_box.setItemData(idx, "\n".join([weight_text(p), *rule_lines(p), f"来源：{p.source_label}"]),
                                         Qt.ItemDataRole.ToolTipRole)
        self.profile_box.setToolTip("评分规则集：一级指标及其分值、计分和审核的特殊规则。"
                                    f"可在 {profiles.user_dir()} 中放入自己的规则集文件（重启后生效）")
        wheel_only_when_focused(self.profile_box)
        h.addWidget(self.profile_box)
        self.register("profile", self.profile_box)
        self.profile_weights = note_label("")
        h.addWidget(self.profile_weights)
        errors = profiles.load_errors()
        self.profile_errors = note_label("以下规则集文件有误，未使用：\n" + "\n".join(errors) if errors else "")
        self.profile_errors.setVisible(bool(errors))
        h.addWidget(self.profile_errors)
        form.addRow("指标体系", prof_row)
        self.profile_box.activated.connect(self._profile_chosen)
        self.score_places = self.register("score_places", ScorePlacesBox(doc))
        form.addRow("得分小数位", self.score_places)

        self.outer.addWidget(unit)

        people = QGroupBox("填报人与落款")
        form2 = QFormLayout(people)
        self._form_style(form2)
        self.preparer = self.register("info.preparer", TextLineEdit(doc, "info.preparer", "填表人"))
        self.preparer.setPlaceholderText("填表人姓名（印在附件表的表尾）")
        form2.addRow("填表人 *", self.preparer)
        self.phone = self.register("info.phone", TextLineEdit(doc, "info.phone", "联系电话"))
        self.phone.setPlaceholderText("如：0731-12345678 或 13812345678")
        form2.addRow("联系电话 *", self.phone)
        self.fill_date = self.register("info.fill_date", DateTextEdit(doc, "info.fill_date", "填报日期"))
        form2.addRow("填报日期 *", self.fill_date)
        self.head = self.register("info.head", TextLineEdit(doc, "info.head", "单位负责人"))
        self.head.setPlaceholderText("可不填")
        form2.addRow("单位负责人", self.head)
        self.outer.addWidget(people)
        self.outer.addStretch(1)
        self.align_forms(form, form2)

        order = [self.year, self.unit_name, self.budget_code, self.competent, self.nature, self.method,
                 self.profile_box, self.score_places, self.preparer, self.phone, self.fill_date, self.head]
        for a, b in zip(order, order[1:]):
            QWidget.setTabOrder(a, b)
        doc.changed.connect(lambda path, _s: self._show_profile() if path == "profile" else None)
        doc.reset.connect(self._show_profile)
        self._show_profile()

    @staticmethod
    def _form_style(form: QFormLayout) -> None:
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(8)

    def _show_profile(self) -> None:
        pid = self.doc.report.profile
        idx = self.profile_box.findData(pid)
        if idx < 0:
            idx = self.profile_box.findData(profiles.DEFAULT_PROFILE)
        self.profile_box.setCurrentIndex(idx)
        p = profiles.get_profile(pid)
        self.profile_weights.setText("\n".join([weight_text(p), *rule_lines(p)]))

    def _profile_chosen(self, index: int) -> None:
        new_id = self.profile_box.itemData(index)
        old_id = self.doc.report.profile
        if new_id == old_id:
            return
        from model.skeleton import skeleton_for_switch
        old, new = profiles.get_profile(old_id).name, profiles.get_profile(new_id).name
        lines = change_lines(self.doc.report, new_id)
        skeleton = skeleton_for_switch(self.doc.report, new_id)
        if skeleton is not None:
            lines.append(f"部门整体绩效指标尚未填写：改用“{new}”的指标框架（{len(skeleton)} 行）")
        if confirm_profile_change(self, old, new, "\n".join(lines)):
            with self.doc.macro("更改指标体系"):
                self.doc.set_value("profile", new_id, "更改指标体系")
                if skeleton is not None:
                    self._replace_skeleton(new_id, skeleton)
        self._show_profile()

    def _replace_skeleton(self, new_id: str, skeleton) -> None:
        """The unfilled department table replaced by the new rule set's skeleton (inside the
        caller's undo step)."""
        path = "dept.indicators"
        for i in reversed(range(len(self.doc.report.dept.indicators))):
            self.doc.remove_item(path, i, "删除空行")
        for i, row in enumerate(skeleton):
            self.doc.insert_item(path, i, row, "指标框架")
        weight = profiles.get_profile(new_id).execution_weight
        if self.doc.report.dept.execution_weight != weight:
            self.doc.set_value("dept.execution_weight", weight, "预算执行率分值")
