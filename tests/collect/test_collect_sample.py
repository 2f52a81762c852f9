"""抽查: the same seed draws the same units, whatever order the rows come in; the draw is recorded."""
from __future__ import annotations

import random
import sqlite3

from hypothesis import given, settings, strategies as st

from model.collection.db import Entry, SummaryDb
from model.collection.sample import pick
from tests.collect.collect_support import run_cli, save


def _entries(names, year=2024):
    return [Entry(n, year, "", None, None, None, "90.00", "优", 0, 0, f"/{n}", "jxzp", n) for n in names]


@settings(max_examples=15, deadline=None)
@given(st.sets(st.text("甲乙丙丁戊己庚辛", min_size=1, max_size=4), min_size=1, max_size=30),
       st.integers(1, 40), st.integers(0, 10**9), st.randoms(use_true_random=False))
def test_the_same_seed_draws_the_same_units_in_any_order(names, size, seed, shuffler):
    entries = _entries(sorted(names)) + _entries(["往年单位"], year=2023)
    first = pick(entries, size, seed)
    shuffled = list(entries)
    shuffler.shuffle(shuffled)
    second = pick(shuffled, size, seed)
    units = [e.unit for e in first.entries]
    assert units == [e.unit for e in second.entries]
    assert len(units) == min(size, len(names)) == len(set(units))
    assert set(units) <= set(names) and units == sorted(units)
    assert (first.seed, first.year, first.population) == (seed, 2024, len(names))
    # the documented recipe: random.Random(seed).sample over the sorted unit list
    pool = sorted(names)
    assert set(units) == {pool[i] for i in random.Random(seed).sample(range(len(pool)), min(size, len(pool)))}


def test_the_cli_prints_the_seed_records_the_draw_and_repeats_it(tmp_path, capsys):
    inbox = tmp_path / "in"
    inbox.mkdir()
    for i, unit in enumerate(("青溪县教育局", "青溪县卫健局", "青溪县文旅局", "青溪县农业农村局", "青溪县总工会")):
        save(inbox, f"{i}.jxzp", unit, seed=i)
    db = tmp_path / "d.sqlite"
    run_cli([inbox, "--db", db], capsys)
    code, lines, _ = run_cli(["--db", db, "--sample", "2", "--seed", "20250401"], capsys)
    assert code == 0
    assert lines[0] == "抽查：2024年度共 5 个单位，抽取 2 个，随机种子 20250401（用同一种子可重现本次抽取）"
    assert len(lines) == 3 and lines[1].startswith("  1. 青溪县")
    _, again, _ = run_cli(["--db", db, "--sample", "2", "--seed", "20250401"], capsys)
    assert again == lines
    _, unseeded, _ = run_cli(["--db", db, "--sample", "3"], capsys)
    seed = int(unseeded[0].split("随机种子 ")[1].split("（")[0])
    _, replay, _ = run_cli(["--db", db, "--sample", "3", "--seed", str(seed)], capsys)
    assert replay == unseeded
    with SummaryDb(db) as d:
        draws = d.draws()
    assert [(x["seed"], x["size"], x["year"]) for x in draws] == [
        (20250401, 2, 2024), (20250401, 2, 2024), (seed, 3, 2024), (seed, 3, 2024)]
    assert draws[0]["units"] == [line.split(". ")[1].split("（")[0] for line in lines[1:]]


def test_sampling_an_empty_database_says_so(tmp_path, capsys):
    code, lines, err = run_cli(["--db", tmp_path / "d.sqlite", "--sample", "2"], capsys)
    assert code == 2 and err == "错误：汇总库中还没有报告，无法抽查\n"
    con = sqlite3.connect(tmp_path / "d.sqlite")
    assert con.execute("SELECT COUNT(*) FROM draws").fetchone()[0] == 0
