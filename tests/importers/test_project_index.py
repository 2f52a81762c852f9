"""``AnnexData.project_named``: the first project of a name, as a scan of the list finds it."""
from __future__ import annotations

from importers.tables.base import AnnexData
from model.report import Project, Report


def _scan(report, name):
    from importers.grid import key
    return next((p for p in report.projects if key(p.name) == key(name)), None)


def test_the_index_finds_what_a_scan_finds_as_the_list_grows():
    report = Report()
    data = AnnexData(report)
    names = ["道路养护", "“道路 养护”", "职工培训", "困难职工帮扶", "职工 培训", "劳模疗休养"]
    for i, name in enumerate(names):
        for probe in names + ["没有的项目", "道路养护 "]:
            assert data.project_named(probe) is _scan(report, probe), (i, probe)
        report.projects.append(Project(name=name))
    assert data.project_named("道路养护") is report.projects[0]          # the first of that name wins
    assert data.project_named("职工培训") is report.projects[2]


def test_a_list_changed_otherwise_is_indexed_again():
    report = Report(projects=[Project(name="甲"), Project(name="乙")])
    data = AnnexData(report)
    assert data.project_named("乙") is report.projects[1]
    report.projects.reverse()
    report.projects.append(Project(name="丙"))
    assert data.project_named("甲") is report.projects[1]
    report.projects[:] = [Project(name="甲")]
    assert data.project_named("甲") is report.projects[0]
    assert data.project_named("乙") is None
