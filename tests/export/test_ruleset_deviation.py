"""The printed 偏差原因 column says which rule of the rule set changed a score (issue 16, point 4)."""
from __future__ import annotations

from decimal import Decimal as D

from export.tables import build_annex3, build_annex4
from model.report import Indicator, Project, new_report
from model.scoring import score_report


def _cells(grid, col):
    return [c.text for c in grid.cells if c.col == col]


def test_deductions_caps_and_spreads_are_printed_beside_the_users_note():
    r = new_report(2024, "某单位", "yitihua")
    r.budget.full_year, r.budget.executed = D(100), D(75)
    over = Indicator("产出指标", "数量指标", "培训人次", "", "≥100", "130", D(50), note="参训人数超出预期")
    r.dept.indicators = [over, Indicator("效益指标", "社会效益指标", "覆盖率", "", "≥90%", "95%", D(30))]
    p = Project(name="培训项目", indicators=[Indicator("产出指标", "数量指标", "场次", "", "≥10", "10", D(50)),
                                          Indicator("效益指标", "社会效益指标", "满意", "", "≥1", "1", D(30))])
    p.total.budget, p.total.executed = D(10), D(10)
    r.projects = [p]
    scores = score_report(r)
    notes = _cells(build_annex3(r, scores=scores), 8)
    assert "参训人数超出预期\n偏离（超目标30%及以上）扣2分" in notes
    total = next(t for t in notes if t.startswith("自评等级："))
    # 7.5 + (48 + 30) × 90/80 = 7.5 + 87.75 = 95.25, capped at 89 by 执行率 75 %
    assert "满意度无指标，10分按比例分配至产出、效益（得分×90/80）" in total
    assert "执行率75.00%，总分封顶89分（原95.25分）" in total
    assert scores.department.total == D(89)
    # a project with no adjustment of its rows prints only what the user wrote (nothing) and its spread
    p_notes = _cells(build_annex4(r, 0, scores=scores), 8)
    assert not any("扣2分" in t for t in p_notes)
    assert any(t.startswith("自评等级：优\n满意度无指标") for t in p_notes)


def test_a_block_that_received_spread_weight_prints_it_and_the_table_adds_up():
    """满意度 has no indicator: its 10 points go to 产出 (50) and 效益 (30) in proportion, 10 × 50/80 =
    6.25 and 10 × 30/80 = 3.75; the printed 一级指标 cells say so, and with the execution's 10 they add
    up to the 总分 row's 100."""
    r = new_report(2024, "某单位", "yitihua")
    r.budget.full_year, r.budget.executed = D(100), D(100)
    r.dept.indicators = [Indicator("产出指标", "数量指标", "培训人次", "", "≥100", "100", D(50)),
                         Indicator("效益指标", "社会效益指标", "覆盖率", "", "≥90%", "95%", D(30))]
    scores = score_report(r)
    grid = build_annex3(r, scores=scores)
    labels = [c.text for c in grid.cells if c.col == 1 and c.text.endswith("）") and "指标" in c.text]
    assert "产出指标\n（56.25分，含分配6.25分）" in labels
    assert "效益指标\n（33.75分，含分配3.75分）" in labels
    assert scores.department.weight_total == D(100)
