"""汇总: many units' report files in one local SQLite 汇总库 (SPEC §9).

``collect.run`` reads and checks files and upserts them (``collect.db``); ``collect.sample``
draws the 抽查; ``collect.workbook`` writes the 汇总表; ``collect.cli`` is the ``collect``
command; ``collect.location`` finds the default database and refuses network shares.
The 考核评分表 scoring itself is pure and lives in ``model.assessment``.
"""
