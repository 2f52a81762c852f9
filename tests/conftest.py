import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Under CI the property tests draw the same examples every run (the ones developers ran with
# CI=true before submitting), so a landing never depends on the luck of the draw; elsewhere they
# explore afresh each run, and any failure they find is pinned with @example.
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    _hypothesis_settings.load_profile("ci")


import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _user_data_dir(tmp_path_factory, monkeypatch):
    """User data (rule sets, settings, recovery files) in a temporary folder, never the real one.
    tests/gui/conftest.py extends this with Qt's test mode for QStandardPaths."""
    data = tmp_path_factory.mktemp("userdata")
    monkeypatch.setenv("JXZP_DATA_DIR", str(data))
    yield data
