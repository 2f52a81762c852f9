"""Properties: any grid reads without an exception; no paragraph of a report is ever lost."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importers.docx import Block, _run_in, numbering, split_sections
from importers.grid import SourceGrid
from importers.tables import complete, read_grids
from model import summary

LABELS = [
    "", "", "", "2024年度部门（单位）整体支出绩效自评表", "2024年度项目支出绩效自评表",
    "2024年度部门（单位）整体支出绩效评价基础数据表", "预算单位名称", "项目支出名称", "主管部门", "实施单位",
    "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", "年度资金总额", "其中：当年财政拨款",
    "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "偏差原因分析及改进措施", "产出指标（40分）",
    "成本指标 20", "数量指标", "预算执行率", "≥96%", "95%", "≤110.71 万元", "2024年12月31日之前完成", "32 名",
    "—", "0", "12.5", "189.67190.2", "-3", "1e400", "效果明显", "编制数", "实际在职人数", "2023年决算数",
    "2024年预算数", "2024年决算数", "一、部门基本支出", "“三公”经费", "3、专项资金（一个项目一行）",
    "政府采购金额", "总分", "100", "填表人：张三 联系电话：123", "单位：元", "按收入性质分：", "一般公共预算：5",
    "批复规模（㎡）", "厉行节约保障措施", "预期目标", "实际完成情况", "年度总体目标",
]


@st.composite
def grids(draw):
    nrows = draw(st.integers(1, 14))
    ncols = draw(st.integers(1, 9))
    cells = [[draw(st.sampled_from(LABELS)) for _ in range(ncols)] for _ in range(nrows)]
    anchors = [[(r, c) for c in range(ncols)] for r in range(nrows)]
    # a few merged ranges
    for _ in range(draw(st.integers(0, 3))):
        r0, c0 = draw(st.integers(0, nrows - 1)), draw(st.integers(0, ncols - 1))
        r1, c1 = draw(st.integers(r0, nrows - 1)), draw(st.integers(c0, ncols - 1))
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                cells[r][c] = cells[r0][c0]
                anchors[r][c] = (r0, c0)
    return SourceGrid("表", cells, anchors)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(grids(), min_size=1, max_size=3))
def test_any_grid_reads_and_scores(gs):
    data = read_grids(gs)
    complete(data)
    assert all(isinstance(line, str) and line for line in data.lines("taken") + data.lines("skipped") + data.lines("review"))
    summary.summarize(data.report)


PARAGRAPHS = [
    "一、部门概况", "部门（单位）基本情况", "二、一般公共预算支出情况", "项目支出情况", "（一）基本支出情况",
    "政府性基金预算支出情况。", "六、部门整体支出绩效情况", "1．预算执行率100%", "四、存在的主要问题与不足",
    "五、产生问题的主要原因", "下一步改进措施", "九、绩效自评结果拟应用和公开情况", "十、其他需要说明的情况",
    "七、工会经费收缴情况", "附件4", "目录", "本会全年支出252.65万元。", "无。", "我会无此项支出",
    "一是开展慰问活动。", "2024年度某县总工会部门整体支出绩效自评报告", "某县总工会", "2025年3月1日",
    "按照通知要求，现报告如下：", "（二）加强预算管理。", "十、其他需要说明的情况：无。",
    "三、政府性基金预算支出情况：本单位无此项支出。", "（二）存在问题：经费不足。",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PARAGRAPHS), st.sampled_from(["", "Heading 1", "Normal"]),
                          st.booleans()), max_size=30))
def test_no_paragraph_is_lost(items):
    blocks = [Block(text=t, style=s, bold=b) for t, s, b in items]
    out = split_sections(blocks)
    lines = {line for s in out.sections for line in s.split("\n")}
    headings = {h for hs in out.headings for h in hs}
    notes = out.taken + out.skipped
    for t, _, _ in items:
        head, tail = _run_in(t)
        assert (t in lines or numbering(t)[1] in lines or t in headings
                or (tail and tail in lines and head in headings | lines)
                or any(t in n for n in notes)), (t, out)
