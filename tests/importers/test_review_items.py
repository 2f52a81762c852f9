"""What an import lists under 请复核 becomes the report's review list, with places; 生成本年度报告
(import and roll-over in one step) keeps both lists; ``import --rollover`` on the command line."""
from __future__ import annotations

import json

import pytest

from model import paths, review, store
from model.checks import run_checks


def _review_findings(report):
    return [f for f in run_checks(report) if f.rule == review.RULE]


def _annex_case(tmp_path, variant, seed):
    from annex_layouts import make_case, write_case
    return write_case(make_case(variant, seed), tmp_path)


@pytest.mark.parametrize("variant,seed", [("annex2-only-project", 0), ("adjusted", 1), ("mixed", 3)])
def test_import_review_notes_become_entries_with_places(tmp_path, variant, seed):
    import importers
    path = _annex_case(tmp_path, variant, seed)
    result = importers.import_paths([path])
    r = result.report
    assert [it.text for it in r.review] == result.review        # every 请复核 line, in order
    assert all(it.kind.startswith("import.") for it in r.review)
    found = _review_findings(r)
    assert [f.message for f in found] == [review.PREFIX + t for t in result.review]
    for f in found:
        paths.get(r, f.where)
    if variant == "annex2-only-project":
        # the project without 附件4 points at that project
        it = next(it for it in r.review if it.kind == "import.project.no_annex4")
        i = int(it.where.split("[")[1].split("]")[0])
        assert it.where == f"projects[{i}].total.budget" and r.projects[i].name in it.text
    if variant == "adjusted":
        assert any(it.where in ("budget.additions", "budget.reductions") for it in r.review)
    # saved and loaded, the list is the same
    assert store.loads(store.dumps(r)).review == r.review


def test_import_with_rollover_has_both_lists(tmp_path):
    import importers
    path = _annex_case(tmp_path, "annex2-only-project", 0)
    result = importers.import_paths([path])
    new, lines = importers.roll_over_import(result)
    assert new.info.year == result.report.info.year + 1
    kinds = {it.kind.split(".")[0] for it in new.review}
    assert kinds == {"import", "rollover"}
    assert [it.text for it in new.review if it.kind.startswith("import.")] == result.review
    assert result.report.info.year == new.info.year - 1 and not any(
        it.kind.startswith("rollover.") for it in result.report.review)


def test_cli_import_rollover(tmp_path, capsys):
    import main
    path = _annex_case(tmp_path, "adjusted", 1)
    out = tmp_path / "本年.jxzp"
    assert main.main(["import", str(path), "-o", str(out), "--rollover"]) == 0
    text = capsys.readouterr().out
    r = store.load(out)
    assert f"已生成 {r.info.year} 年度报告" in text and f"待复核 {review.open_count(r)} 项" in text
    assert r.rolled_over_from == r.info.year - 1
    assert {it.kind.split(".")[0] for it in r.review} == {"import", "rollover"}
    assert json.loads(out.read_text(encoding="utf-8"))["report"]["review"]


def test_cli_rollover_says_how_many_carried_entries_wait_for_review(tmp_path, capsys):
    import main
    from pathlib import Path
    sample = Path(__file__).resolve().parents[2] / "resources" / "samples" / "示例-某县总工会-2024.jxzp"
    out = tmp_path / "2025.jxzp"
    assert main.main(["rollover", str(sample), "-o", str(out)]) == 0
    text = capsys.readouterr().out
    r = store.load(out)
    carried = [it for it in r.review if it.kind in ("rollover.amount", "rollover.target")]
    assert carried and f"另有 {len(carried)} 项沿用上年的上年决算数和年度指标值已记入复核清单" in text
    code = main.main(["check", str(out), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code in (0, 1)
    assert sum(1 for f in data["findings"] if f["rule"] == "review.item") == len(r.review)
