"""Small report files for the 汇总 tests."""
from __future__ import annotations

import os
from pathlib import Path

from bench.generate import make_report
from model import store


def report_for(unit: str, year: int = 2024, seed: int = 0, dept: str = "青溪县总工会"):
    r = make_report(1, 4, 4, 40, seed=seed)
    r.info.unit_name = unit
    r.info.year = year
    r.info.competent_dept = dept
    return r


def save(folder: Path, name: str, unit: str, year: int = 2024, seed: int = 0, **kw) -> Path:
    path = Path(folder) / name
    store.save(report_for(unit, year, seed, **kw), path, keep_backup=False)
    return path


def run_cli(argv, capsys) -> tuple[int, list[str], str]:
    import main
    code = main.main(["collect", *map(os.fspath, argv)])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err
