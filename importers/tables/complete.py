"""After every table is read: the rule set, the county's score precision, the printed
scores, and what the tables imply but do not print."""
from __future__ import annotations

from decimal import Decimal
from typing import Optional

from model import links
from model.numbers import round_half_up
from model.profiles import Profile, get_profile, profile_for, with_places
from model.report import GRADES, Indicator
from model.scoring import DATE, QUALITATIVE, execution_score, score_indicator, score_table

from .base import AnnexData, show
from .common import FOOTER_FIELDS

_AMOUNT_NAMES = {"prior": "上年决算数", "initial": "年初预算数", "budget": "全年预算数", "executed": "全年执行数"}


def settle_footer(data: AnnexData) -> None:
    """填表人, 填报日期, 联系电话 from the tables' footers: the first table's, and one review line
    per field when the tables differ (they are often filled in on different days)."""
    info = data.report.info
    for attr, label in FOOTER_FIELDS:
        seen = data.footer.get(attr, [])
        if not seen:
            continue
        if not getattr(info, attr):
            setattr(info, attr, seen[0][0])
        others = list(dict.fromkeys(v for v, _ in seen if v != getattr(info, attr)))
        if others:
            data.review(f"各表的“{label}”不一致（另有{'、'.join(f'“{v}”' for v in others[:5])}），"
                        f"已采用“{getattr(info, attr)}”，请核对", "footer.differs")


def settle_profile(data: AnnexData) -> None:
    votes = data.profile_votes
    if not votes:
        return
    chosen = max(set(votes), key=votes.count)
    data.report.profile = chosen
    if len(set(votes)) > 1:
        data.review("各指标表使用的指标体系不一致（有的含一级“成本指标”，有的没有），"
                    f"已按多数采用“{get_profile(chosen).name}”，请核对", "profile.mixed")


def _places(value: Decimal) -> int:
    return max(0, -value.as_tuple().exponent) if value.is_finite() else 0


def infer_precision(data: AnnexData, profile: Profile) -> Optional[int]:
    """The precision the county printed its scores with: 1 for 9.8 / 98.7, 0 for whole points,
    None (the rule set's own) for the usual two decimals or when nothing says otherwise.

    One decimal is taken when no printed score has more and at least one has exactly one;
    whole points only when some row's rule score is not whole and was printed rounded to it.
    """
    printed = [v for _, v in data.printed_scores]
    if not printed:
        return None
    most = max(_places(v) for v in printed)
    if most >= profile.settings.score_places:
        return None
    if most == 1:
        return 1
    # whole points: only with evidence that rounding happened
    exact = with_places(profile, 4).settings
    for ts in data.typed_scores:
        res = score_indicator(ts.indicator, exact, data.report.year)
        if res.kind in (QUALITATIVE, DATE):
            continue
        if res.computed != round_half_up(res.computed, 0) and round_half_up(res.computed, 0) == ts.typed:
            return 0
    return None


def apply_scores(data: AnnexData, profile: Profile) -> None:
    """Keep each printed 得分: as the grade it implies, or as a manual score when it differs
    from the rule's score at the county's precision."""
    settings = profile.settings
    places = settings.score_places
    manual: dict[str, list[Indicator]] = {}
    for ts in data.typed_scores:
        ind, typed = ts.indicator, ts.typed
        res = score_indicator(ind, settings, data.report.year)
        if res.kind in (QUALITATIVE, DATE) and (res.kind == QUALITATIVE or res.computed != round_half_up(typed, places)) \
                and ind.weight:
            frac = typed / ind.weight
            for grade in GRADES:
                band = settings.band(grade)
                if band and band.contains(frac):
                    ind.grade = grade
                    break
            res = score_indicator(ind, settings, data.report.year)
        if res.computed != round_half_up(typed, places):
            ind.manual_score = typed
            manual.setdefault(ts.table, []).append(ind)
    for table, inds in manual.items():
        names = "、".join(f"“{i.name or '（无名称）'}”{show(i.manual_score)}" for i in inds[:8])
        more = f"等 {len(inds)} 条" if len(inds) > 8 else ""
        data.review(f"{table}：{names}{more}的得分与按规则计算的不同，已作为手工得分保留", "score.manual", inds[0])


def check_printed(data: AnnexData, profile: Profile) -> None:
    """A printed 执行率得分 or 总分 that the rules do not give is listed for review."""
    rep = data.report
    places = profile.settings.score_places
    b = rep.budget
    for kind, label, typed, project in data.printed_totals:
        if kind == "dept_exec":
            computed = execution_score(rep.dept.execution_weight, b.full_year_budget(), b.executed, places)
        elif kind == "project_exec":
            computed = execution_score(project.execution_weight, project.total.budget, project.total.executed, places)
        elif kind == "dept_total":
            computed = score_table(rep.dept.indicators, rep.dept.execution_weight, b.full_year_budget(), b.executed,
                                   profile, rep.year).total
        else:
            computed = score_table(project.indicators, project.execution_weight, project.total.budget,
                                   project.total.executed, profile, rep.year).total
        if round_half_up(typed, places) != computed:
            what = "总分" if kind.endswith("total") else "得分"
            data.review(f"{label}填的是 {show(typed)}，按规则计算为 {computed}，导入后以计算值为准",
                        f"score.printed_{what}")


def complete(data: AnnexData) -> None:
    """Fill what the annex tables imply but do not print, and say so.

    - the rule set (by the indicator tables' blocks) and the county's score precision;
    - printed 得分 kept as grades or manual scores, printed totals compared;
    - 人员经费 = 基本支出 − 公用经费 (附件2 prints only 基本支出 and 公用经费);
    - the gap between 全年预算数 and 年初预算数 becomes 年中追加数 (or 调减数): the
      tables do not say how much of it was 上年结转, so this is listed for review;
    - 上年决算支出 = 上年基本支出 + 上年项目支出 (附件2's 上年决算数 column);
    - projects follow the order of their 附件4 tables;
    - 部门整体 indicators that are ratios of the imported figures are linked (``settle_links``).
    """
    rep = data.report
    settle_footer(data)
    settle_profile(data)
    profile = get_profile(rep.profile)
    places = infer_precision(data, profile)
    if places is not None:
        rep.score_places = places
        data.take(f"附件表中的得分保留 {places} 位小数" if places else "附件表中的得分为整数",
                  "score.precision")
    profile = profile_for(rep)
    apply_scores(data, profile)
    check_printed(data, profile)
    if data.annex4_order:
        # projects in the order of their 附件4 tables; those only in 附件2 follow
        rank = {pid: i for i, pid in enumerate(data.annex4_order)}
        rep.projects.sort(key=lambda p: rank.get(id(p), len(rank)))
    with_table = set(data.annex4_order)
    for p in rep.projects:
        t = p.total
        if id(p) not in with_table and t.budget is None:
            # 附件2's figure is the 年初 budget: the 全年预算数 is not in these tables
            data.review(f"项目“{p.name}”只在附件2中列出，没有附件4：请在“项目”页补填全年预算数（附件2的"
                        f"{show(t.initial) if t.initial is not None else '—'} 万元是年初预算数）和绩效指标",
                        "project.no_annex4", p)
    b = rep.budget
    if b.prior_executed is None and b.basic.prior is not None and b.project_spending.prior is not None:
        b.prior_executed = b.basic.prior + b.project_spending.prior
    derived = []
    for attr in ("prior", "initial", "budget", "executed"):
        basic, public = getattr(b.basic, attr), getattr(b.public, attr)
        if basic is not None and public is not None and getattr(b.personnel, attr) is None \
                and not b.personnel_items:
            setattr(b.personnel, attr, basic - public)
            derived.append(f"{_AMOUNT_NAMES[attr]} {show(basic - public)}")
    if derived:
        data.review("附件表没有单列人员经费，已按“基本支出 − 公用经费”推算：" + "、".join(derived) + " 万元",
                    "derived.personnel")
    if b.initial is not None and b.full_year is not None and b.additions is None and b.reductions is None \
            and b.carryover is None and b.full_year != b.initial:
        gap = b.full_year - b.initial
        if gap > 0:
            b.additions = gap
            data.review(f"全年预算数比年初预算数多 {show(gap)} 万元，已记为“年中追加数”；"
                        "其中如有上年结转，请在“预算与执行”中调整", "derived.additions")
        else:
            b.reductions = -gap
            data.review(f"全年预算数比年初预算数少 {show(-gap)} 万元，已记为“年中调减数”，请核对", "derived.reductions")
    settle_links(data)


def settle_links(data: AnnexData) -> None:
    """部门整体 indicators named like a linkable ratio (公用经费控制率 …) are linked when their printed
    实际完成值 is the one the imported budget figures give; a different value stays typed and
    unlinked, and is listed for review."""
    rep = data.report
    linked = []
    for i, v in links.linkable_rows(rep, rep.dept.indicators):
        ind = rep.dept.indicators[i]
        if not ind.actual.strip() or v.rate is None:
            continue
        if links.agrees(v, ind.actual):
            ind.link = v.spec.id
            linked.append(ind.name.strip())
        else:
            data.review(f"{links.disagreement(ind.name, ind.actual, v)}（{v.explanation()}），"
                        "已保留填报值，未关联预算数据，请核对", "link.disagrees")
    if linked:
        data.take(f"部门整体指标{'、'.join(f'“{n}”' for n in linked)}的实际完成值与预算数据计算值一致，"
                  "已关联，今后随预算数据自动计算", "link.linked")
