"""汇总: many units' report files in one local SQLite 汇总库 (SPEC §9).

``db`` is the 汇总库 (schema versioned, one row per unit and year, keyed by the file's hash);
``location`` finds its default place in the user's data folder and refuses network shares;
``sample`` draws the 抽查. Reading the files into it is ``importers.collection``; the 汇总表 is
``export.summary_table``; the window reaches all of it through ``gui.collect_session``; the
command is ``python main.py collect``. The 考核评分表 scoring itself is ``model.assessment``.
"""
