"""GUI test setup: user data (settings, recovery files) in a temporary folder."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from model.report import Indicator, Project, Report, new_report


@pytest.fixture(autouse=True)
def _user_data_dir(qapp, tmp_path_factory, monkeypatch):
    # every GUI test has its QApplication, whichever test a parallel worker happens to run first
    # (a Document's timers made without one print a Qt warning, which fails the test)
    data = tmp_path_factory.mktemp("userdata")
    monkeypatch.setenv("JXZP_DATA_DIR", str(data))
    from PySide6.QtCore import QStandardPaths
    QStandardPaths.setTestModeEnabled(True)
    yield data
    from gui import settings
    settings.flush()            # what a window kept back for after its first paint (see set_later)


class DialogLog:
    """What the (replaced) dialogs were asked; tests set the answers."""

    def __init__(self):
        self.calls: list[tuple] = []
        self.errors: list[str] = []
        self.save_changes = "discard"
        self.locked = "cancel"
        self.recover = "later"
        self.new_report = None
        self.rollover_year = "proposed"   # 结转为: "proposed" (old year + 1), a year, or None (取消)
        self.open_file = ""      # what QFileDialog.getOpenFileName returns
        self.save_file = ""      # what QFileDialog.getSaveFileName returns


@pytest.fixture(autouse=True)
def dialogs(monkeypatch):
    """No real dialog ever opens in a test: every question gets a scripted answer."""
    from gui import dialogs as d
    log = DialogLog()

    def record(name, answer):
        def fn(parent, *args):
            log.calls.append((name, *args))
            return answer() if callable(answer) else answer
        return fn

    monkeypatch.setattr(d, "ask_save_changes", record("save_changes", lambda: log.save_changes))
    monkeypatch.setattr(d, "ask_locked", record("locked", lambda: log.locked))
    monkeypatch.setattr(d, "ask_recover", record("recover", lambda: log.recover))
    monkeypatch.setattr(d, "ask_new_report", record("new_report", lambda: log.new_report))
    monkeypatch.setattr(d, "show_rollover_result", record("rollover_result", None))

    def ask_rollover_year(parent, old_year, unit, file_name=""):
        log.calls.append(("rollover_year", old_year, unit, file_name))
        return old_year + 1 if log.rollover_year == "proposed" else log.rollover_year

    monkeypatch.setattr(d, "ask_rollover_year", ask_rollover_year)
    monkeypatch.setattr(d, "show_error", lambda parent, title, message: log.errors.append(message))
    from PySide6.QtWidgets import QFileDialog

    def get_open(*args, **kwargs):
        log.calls.append(("open_dialog",))
        return (str(log.open_file) if log.open_file else "", "")

    def get_save(*args, **kwargs):
        log.calls.append(("save_dialog",))
        return (str(log.save_file) if log.save_file else "", "")

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(get_open))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(get_save))
    return log


def build_sample_report() -> Report:
    """A small, consistent report used by the GUI tests and the screenshots."""
    r = new_report(2024, "某县总工会")
    i = r.info
    i.competent_dept, i.unit_nature, i.preparer = "某县总工会", "群团组织", "李明"
    i.phone, i.fill_date, i.head = "0731-84512345", "2025-03-10", "王强"
    s = r.staff
    s.internal_units = "办公室、财务室、组织宣传部、权益保障部"
    s.admin_posts, s.institution_posts, s.actual_staff = 6, 2, 7
    s.retirees, s.official_cars = 5, 1
    b = r.budget
    b.initial, b.additions, b.executed = D("180.07"), D("73.72"), D("252.65")
    b.sources["general"].initial, b.sources["general"].budget = D("180.07"), D("253.79")
    b.sources["general"].executed = D("252.65")
    b.basic.budget, b.basic.executed = D("198.60"), D("198.35")
    b.personnel.budget, b.personnel.executed = D("170.10"), D("170.10")
    b.public.budget, b.public.executed = D("28.50"), D("28.25")
    b.project_spending.budget, b.project_spending.executed = D("55.19"), D("54.30")
    r.dept.goal = "围绕职工服务中心工作，完成职工技能培训、困难职工帮扶和工会组建任务。"
    r.dept.indicators = [
        Indicator("成本指标", "经济成本指标", "公用经费控制数", "≤", "≤28.5万元", "28.25万元", D("20")),
        Indicator("产出指标", "数量指标", "职工技能培训人次", "≥", "≥800人次", "860人次", D("20")),
        Indicator("产出指标", "质量指标", "培训合格率", "≥", "≥95%", "97%", D("10")),
        Indicator("产出指标", "时效指标", "帮扶资金发放及时率", "=", "100%", "100%", D("10")),
        Indicator("效益指标", "社会效益指标", "困难职工帮扶覆盖率", "≥", "≥90%", "92%", D("20")),
        Indicator("满意度指标", "服务对象满意度指标", "职工满意度", "≥", "≥90%", "94%", D("10")),
    ]
    p = Project(name="困难职工帮扶", competent_dept="某县总工会", implementer="某县总工会")
    p.total.initial, p.total.budget, p.total.executed = D("30"), D("35.19"), D("34.30")
    p.fiscal.budget, p.fiscal.executed = D("35.19"), D("34.30")
    p.indicators = [
        Indicator("产出指标", "数量指标", "帮扶困难职工人数", "≥", "≥120人", "126人", D("40")),
        Indicator("效益指标", "社会效益指标", "帮扶对象生活改善", "定性", "效果明显", "效果明显", D("30"),
                  grade="达成年度指标"),
        Indicator("满意度指标", "服务对象满意度指标", "帮扶对象满意度", "≥", "≥90%", "95%", D("20")),
    ]
    q = Project(name="职工技能培训", category="专项资金")
    q.total.budget, q.total.executed = D("20"), D("20")
    r.projects = [p, q]
    r.sections[0] = "某县总工会是全县职工的群众组织，负责维护职工合法权益、组织职工参加经济建设。"
    r.sections[6] = "个别项目预算执行进度偏慢，年中追加预算占比较高。"
    return r


@pytest.fixture
def sample_report() -> Report:
    return build_sample_report()
