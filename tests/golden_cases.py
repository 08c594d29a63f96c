"""The golden-output cases: every command in every format, in a pipe and on a terminal.

Each case is (name, argv, terminal). Terminal cases run with PLAN_FORCE_TTY=1, NO_COLOR=1
and COLUMNS=100; the others as into a pipe. tests/golden/NAME.out holds the exact stdout.
"""

FORMATS = ["plain", "tsv", "csv", "json", "jsonl", "markdown", "yaml"]


def _all_formats(name, argv):
    cases = [(f"{name}.{f}", [*argv, "--format", f], False) for f in FORMATS]
    cases.append((f"{name}.pipe", argv, False))
    cases.append((f"{name}.table", argv, True))
    return cases


CASES = [
    *_all_formats("agency-caizheng", ["agency", "财政厅"]),
    ("agency-caizheng-lead.pipe", ["agency", "财政厅", "--lead"], False),
    ("agency-caizheng-lead.table", ["agency", "财政厅", "--lead"], True),
    ("agency-fagai-direct.pipe", ["agency", "发改委", "--direct"], False),
    ("agency-fagai-direct.json", ["agency", "发改委", "--direct", "--format", "json"], False),
    ("agency-minwei.pipe", ["agency", "民委"], False),
    ("agency-minwei.table", ["agency", "民委"], True),
    ("agency-shuili.table", ["agency", "水利厅"], True),
    *_all_formats("targets", ["targets"]),
    ("targets-due-2025.pipe", ["targets", "--due", "2025"], False),
    ("targets-due-2024.pipe", ["targets", "--due", "2024"], False),
    ("targets-by-2022.pipe", ["targets", "--by", "2022"], False),
    ("targets-due-recurring.pipe", ["targets", "--due", "recurring"], False),
    ("targets-due-undated.pipe", ["targets", "--due", "undated"], False),
    ("targets-agency-shuili.pipe", ["targets", "--agency", "水利厅"], False),
    ("targets-measure-7.pipe", ["targets", "--measure", "7"], False),
    ("targets-section-4.pipe", ["targets", "--section", "4"], False),
    ("targets-due-2025.json", ["targets", "--due", "2025", "--format", "json"], False),
    *_all_formats("show-31", ["show", "31"]),
    ("show-19.pipe", ["show", "19"], False),
    ("show-19.table", ["show", "19"], True),
    ("show-7.json", ["show", "7", "--format", "json"], False),
    ("show-24.table", ["show", "24"], True),
    *_all_formats("measures", ["measures"]),
    ("measures-section-4.pipe", ["measures", "--section", "4"], False),
    ("measures-section-4.table", ["measures", "--section", "4"], True),
    *_all_formats("sections", ["sections"]),
    *_all_formats("agencies", ["agencies"]),
    *_all_formats("search-huanghe", ["search", "黄河"]),
    ("search-shuiziyuan.pipe", ["search", "水资源"], False),
    ("search-qukuailian.json", ["search", "区块链", "--format", "json"], False),
    *_all_formats("export", ["export"]),
    ("verify.pipe", ["verify"], False),
    *_all_formats("gaps", ["gaps"]),
    *_all_formats("matrix", ["matrix"]),
    ("matrix-section-4.pipe", ["matrix", "--section", "4"], False),
    ("matrix-section-4.table", ["matrix", "--section", "4"], True),
    ("matrix-agency-shuili.csv", ["matrix", "--agency", "水利厅", "--format", "csv"], False),
    *_all_formats("timeline", ["timeline"]),
]
