"""Coverage-guided fuzzing with atheris (optional; not part of the test suite).

    pip install atheris
    python tests/reliability/fuzz_atheris.py store   -atheris_runs=20000
    python tests/reliability/fuzz_atheris.py numbers -atheris_runs=200000
    python tests/reliability/fuzz_atheris.py import  -atheris_runs=2000

Targets: ``store`` (bytes as a .jxzp file), ``numbers`` (text into every parser),
``import`` (bytes mutated into a valid workbook or Word file, then imported).
Anything other than a result or the program's own Chinese-worded error is a crash
that atheris reports with the input that caused it.
"""
from __future__ import annotations

import io
import os
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "reliability"), str(ROOT / "tests" / "importers")]

import atheris  # noqa: E402

with atheris.instrument_imports():
    import importers
    from model import numbers, store

from fuzz_support import is_chinese  # noqa: E402


def _store(data: bytes) -> None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return
    try:
        store.loads(text)
    except store.StoreError as e:
        assert is_chinese(str(e)), str(e)


def _numbers(data: bytes) -> None:
    text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(400)
    for parse in (numbers.parse_decimal, numbers.parse_money, numbers.parse_int, numbers.parse_quantity):
        try:
            parse(text)
        except numbers.NumberError as e:
            assert is_chinese(str(e)), str(e)
    numbers.parse_date(text, 2024)
    numbers.years_mentioned(text)


_FOLDER = Path(tempfile.mkdtemp(prefix="jxzp-atheris-"))
_VALID: list[tuple[str, bytes]] = []


def _valid_files() -> list[tuple[str, bytes]]:
    if not _VALID:
        from import_fixtures import build_report_numbered, build_workbook
        for p in (build_workbook(_FOLDER / "a.xlsx"), build_report_numbered(_FOLDER / "b.docx")):
            _VALID.append((p.suffix, p.read_bytes()))
    return _VALID


def _import(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    suffix, valid = _valid_files()[fdp.ConsumeIntInRange(0, 1)]
    with zipfile.ZipFile(io.BytesIO(valid)) as z:
        names = [n for n in z.namelist() if n.endswith(".xml")]
        member = names[fdp.ConsumeIntInRange(0, len(names) - 1)]
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as w:
            for n in z.namelist():
                w.writestr(n, fdp.ConsumeBytes(fdp.remaining_bytes()) if n == member else z.read(n))
    path = _FOLDER / f"fuzz{suffix}"
    path.write_bytes(out.getvalue())
    try:
        importers.import_paths([str(path)], year=2024)
    except importers.ImportError_ as e:
        assert is_chinese(str(e)), str(e)


TARGETS = {"store": _store, "numbers": _numbers, "import": _import}

if __name__ == "__main__":
    target = sys.argv.pop(1) if len(sys.argv) > 1 and sys.argv[1] in TARGETS else "store"
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    atheris.Setup(sys.argv, TARGETS[target])
    atheris.Fuzz()
