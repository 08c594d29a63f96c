"""The supervision loop (issue 14), through the real `main`: forms out to two units, their
answers read back, the roll-up, the history and the late measures as of any date, the 通报,
and malformed forms refused whole with the row named."""

from __future__ import annotations

import json
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest
from openpyxl import load_workbook

from plan_cli.core.ledger import HEADER

FINANCE, WATER = "自治区财政厅", "自治区水利厅"


@pytest.fixture
def office(tmp_path, monkeypatch, plan) -> Path:
    """A library of the shipped plan, today 2020-12-15, and forms for 财政厅 and 水利厅."""
    monkeypatch.setenv("PLAN_HOME", str(tmp_path / "library"))
    monkeypatch.setenv("PLAN_TODAY", "2020-12-15")
    r = plan("forms", "--unit", "财政厅", "--unit", "水利厅", "--output-dir", str(tmp_path / "out"))
    assert r.status == 0, r.stderr
    return tmp_path


def fill(form: Path, out: Path, answers: dict[int, tuple], date: str | None = None) -> Path:
    """A unit's answers: measure -> (完成状态, 进展情况, 存在问题, 下步打算)."""
    wb = load_workbook(form)
    ws = wb["进展填报"]
    if date:
        ws["B3"] = date
    for row in ws.iter_rows(min_row=5):
        if row[1].value in answers:
            for cell, value in zip(row[5:9], answers[row[1].value], strict=False):
                cell.value = value
    wb.save(out)
    return out


def form_of(office: Path, unit: str) -> Path:
    return office / "out" / f"{unit}-进展填报.xlsx"


def _json(r):
    assert r.status == 0, r.stderr
    return json.loads(r.stdout)


# --- forms out ---------------------------------------------------------------------------


def test_a_form_per_unit_with_the_measures_it_answers_for(office, plan):
    path = form_of(office, FINANCE)
    assert sorted(p.name for p in (office / "out").iterdir()) == sorted(
        [f"{FINANCE}-进展填报.xlsx", f"{WATER}-进展填报.xlsx"]
    )
    ws = load_workbook(path)["进展填报"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][0] == f"填报单位：{FINANCE}" and rows[2][0] == "填报日期："
    assert rows[3] == HEADER
    asked = _json(plan("agency", "财政厅", "--format", "json"))
    assert [(r[0], r[1]) for r in rows[4:]] == [(a["plan"], a["id"]) for a in asked]
    roles = {r[1]: r[3] for r in rows[4:]}
    assert (roles[31], roles[1], roles[45]) == ("牵头", "参与", "全体")
    deadline = {r[1]: r[4] for r in rows[4:]}
    assert deadline[2] == "2020"  # from its targets' due dates


def test_a_form_lists_its_statuses_and_locks_the_task_columns(office):
    wb = load_workbook(form_of(office, FINANCE))
    ws = wb["进展填报"]
    [choice] = ws.data_validations.dataValidation
    assert choice.type == "list" and choice.formula1 == '"未启动,推进中,已完成"'
    assert str(choice.sqref).startswith("F5:F")
    assert ws.protection.sheet is True and not ws.protection.password
    assert ws["C5"].protection.locked and not ws["F5"].protection.locked
    assert not ws["B3"].protection.locked  # 填报日期
    assert wb["_form"].sheet_state == "veryHidden"


def test_forms_are_chinese_whatever_the_locale_and_never_clobber(office, plan):
    r = plan("forms", "--unit", "财政厅", "--output-dir", str(office / "out"))
    assert r.status == 2 and "--force" in r.stderr
    r = plan(
        "forms",
        "--unit",
        "财政厅",
        "--output-dir",
        str(office / "out"),
        "--force",
        env={"LANG": "C.UTF-8"},
    )
    assert r.status == 0
    assert load_workbook(form_of(office, FINANCE))["进展填报"]["A4"].value == "方案"


def test_forms_for_every_unit_skip_collectives_and_head_several_plans_in_chinese(
    tmp_path, monkeypatch, plan
):
    monkeypatch.setenv("PLAN_HOME", str(tmp_path / "library"))
    examples = Path(__file__).parent.parent / "examples"
    assert plan("add", str(examples / "nx2017.yaml")).status == 0
    out = tmp_path / "out"
    assert plan("forms", "--output-dir", str(out), env={"LANG": "C.UTF-8"}).status == 0
    names = {p.name.removesuffix("-进展填报.xlsx") for p in out.iterdir()}
    collectives = {
        a["unit"] for a in _json(plan("agencies", "--format", "json")) if a["kind"] == "collective"
    }
    assert collectives and not names & collectives  # a collective's members get the forms
    assert FINANCE in names
    head = load_workbook(out / f"{FINANCE}-进展填报.xlsx")["进展填报"]["A1"].value
    titles = {p["id"]: p["title"] for p in _json(plan("plans", "--format", "json"))}
    assert head == f"{titles['nx2020']}等2个方案"  # 财政厅 answers in both plans


def test_a_unit_of_two_provinces_gets_a_form_in_each(tmp_path, monkeypatch, plan):
    # 省财政厅 of 浙江 and 省财政厅 of 湖南 are two units: a form each, and a report from one
    # never lands on the other's plan
    monkeypatch.setenv("PLAN_HOME", str(tmp_path / "library"))
    monkeypatch.setenv("PLAN_TODAY", "2020-12-15")
    examples = Path(__file__).parent.parent / "examples"
    assert plan("add", str(examples / "zj2019.yaml")).status == 0
    other = tmp_path / "hn"
    other.mkdir()
    text = (examples / "zj2019.yaml").read_text(encoding="utf-8")
    (other / "hn2019.yaml").write_text(
        text.replace("浙江", "湖南").replace("id: zj2019", "id: hn2019"), encoding="utf-8"
    )
    shutil.copy(examples / "zj2019.txt", other / "zj2019.txt")
    assert plan("add", str(other / "hn2019.yaml")).status == 0
    out = tmp_path / "out"
    assert plan("forms", "--unit", "省财政厅", "--output-dir", str(out)).status == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == ["省财政厅（浙江省）-进展填报.xlsx", "省财政厅（湖南省）-进展填报.xlsx"]
    for name, place in (("浙江省", "zj2019"), ("湖南省", "hn2019")):
        rows = load_workbook(out / f"省财政厅（{name}）-进展填报.xlsx")["进展填报"]
        assert {r[0] for r in rows.iter_rows(min_row=5, values_only=True)} == {place}
    hunan = fill(out / "省财政厅（湖南省）-进展填报.xlsx", tmp_path / "h.xlsx", {1: ("已完成",)})
    assert plan("collect", str(hunan)).status == 0
    assert _json(plan("history", "zj2019:1", "--format", "json")) == []
    assert [h["plan"] for h in _json(plan("history", "hn2019:1", "--format", "json"))] == ["hn2019"]
    md = tmp_path / "通报.md"
    assert plan("brief", "--output", str(md)).status == 0
    silent = md.read_text(encoding="utf-8").split("## 四、未报送单位")[1].split("##")[0]
    named = silent.strip().removesuffix("。").split("；")
    assert "省财政厅（浙江省）" in named and "省财政厅（湖南省）" not in named


# --- reports in, roll-up, history, deadlines -----------------------------------------------


def test_one_round(office, plan):
    fin = fill(
        form_of(office, FINANCE),
        office / "a.xlsx",
        {
            31: ("已完成", "民生实事全部办结", None, None),
            2: ("推进中", "资金已下达", "进度偏慢", "加快拨付"),
        },
        "2020-11-30",
    )
    water = fill(form_of(office, WATER), office / "b.xlsx", {26: ("未启动",)}, "2020-11-20")
    r = plan("collect", str(fin), str(water))
    assert r.status == 0, r.stderr
    assert r.stdout.splitlines() == [
        f"{fin}: 2 reports recorded",
        f"{water}: 1 report recorded",
    ]
    rows = {x["id"]: x for x in _json(plan("progress", "--format", "json"))}
    assert list(rows[31]) == [
        "plan",
        "id",
        "title",
        "lead",
        "status",
        "reports",
        "units",
        "last_report",
        "due",
        "overdue",
        "due_soon",
    ]
    assert rows[31]["status"] == "done"  # its lead reported it done
    assert rows[2]["status"] == "in_progress"  # a participant reported progress
    assert rows[26]["status"] == "not_started"  # its lead reported not started
    assert rows[1]["status"] == "unreported"
    assert (rows[2]["reports"], rows[2]["last_report"]) == (1, "2020-11-30")
    # 2 is due 2020 (its targets): 2020-12-31 is within 30 days of 2020-12-15
    assert (rows[2]["due"], rows[2]["overdue"], rows[2]["due_soon"]) == ("2020-12-31", False, True)
    late = _json(plan("overdue", "--format", "json", "--as-of", "2021-01-05"))
    assert {(x["id"], x["grade"]) for x in late} >= {(2, "overdue"), (3, "overdue")}
    assert 31 not in {x["id"] for x in late}  # done is never late
    assert 26 not in {x["id"] for x in late}  # due 2025: neither late nor soon
    history = _json(plan("history", "2", "--format", "json"))
    assert [(h["date"], h["unit"], h["status"], h["problems"]) for h in history] == [
        ("2020-11-30", FINANCE, "in_progress", "进度偏慢")
    ]


def test_any_past_state_is_reproduced(office, plan):
    first = fill(form_of(office, FINANCE), office / "q1.xlsx", {31: ("未启动",)}, "2020-08-31")
    later = fill(form_of(office, FINANCE), office / "q4.xlsx", {31: ("已完成",)}, "2020-11-30")
    assert plan("collect", str(first), str(later)).status == 0

    def status(as_of: str) -> str:
        rows = _json(plan("progress", "--as-of", as_of, "--format", "json"))
        return next(x["status"] for x in rows if x["id"] == 31)

    assert (status("2020-08-30"), status("2020-09-01"), status("2020-12-01")) == (
        "unreported",
        "not_started",
        "done",
    )
    assert [h["status"] for h in _json(plan("history", "31", "--format", "json"))] == [
        "not_started",
        "done",
    ]


def test_collecting_again_records_nothing_twice(office, plan):
    fin = fill(form_of(office, FINANCE), office / "a.xlsx", {31: ("已完成",)}, "2020-11-30")
    assert plan("collect", str(fin)).status == 0
    r = plan("collect", str(fin))
    assert (r.status, r.stdout.strip()) == (0, f"{fin}: collected before; nothing recorded twice")
    assert len(_json(plan("history", "31", "--format", "json"))) == 1


def test_the_date_is_given_else_the_forms_else_today(office, plan):
    fin = fill(form_of(office, FINANCE), office / "a.xlsx", {31: ("推进中",)})
    assert plan("collect", str(fin)).status == 0
    assert _json(plan("history", "31", "--format", "json"))[0]["date"] == "2020-12-15"
    other = fill(form_of(office, FINANCE), office / "b.xlsx", {31: ("已完成",)}, "2020-10-01")
    assert plan("collect", str(other), "--date", "2020-12-01").status == 0
    assert [h["date"] for h in _json(plan("history", "31", "--format", "json"))] == [
        "2020-12-01",
        "2020-12-15",
    ]


def test_a_renamed_form_is_still_the_units(office, plan):
    renamed = fill(form_of(office, WATER), office / "随便起的名字.xlsx", {26: ("推进中",)})
    assert plan("collect", str(renamed)).status == 0
    assert _json(plan("history", "26", "--format", "json"))[0]["unit"] == WATER


# --- malformed forms ----------------------------------------------------------------------


def test_a_malformed_form_is_refused_whole_with_the_row_named(office, plan):
    bad = fill(
        form_of(office, WATER),
        office / "bad.xlsx",
        {26: ("推进中",), 25: ("完成了",)},
    )
    good = fill(form_of(office, FINANCE), office / "good.xlsx", {31: ("已完成",)})
    r = plan("collect", str(bad), str(good))
    assert r.status == 3
    assert f"{bad}: row " in r.stderr and "完成了" in r.stderr and "refused whole" in r.stderr
    assert r.stdout.strip() == f"{good}: 1 report recorded"  # the other workbook is taken
    assert _json(plan("history", "26", "--format", "json")) == []  # nothing of the bad one


def test_a_row_for_a_measure_the_unit_does_not_answer_for_is_refused(office, plan):
    path = fill(form_of(office, WATER), office / "x.xlsx", {26: ("推进中",)})
    wb = load_workbook(path)
    wb["进展填报"]["B5"] = 31  # 水利厅 does not answer for 31
    wb["进展填报"]["F5"] = "推进中"
    wb.save(path)
    r = plan("collect", str(path))
    assert r.status == 3 and "row 5" in r.stderr and "31" in r.stderr


@pytest.mark.parametrize(
    ("content", "words"),
    [(b"not a workbook", "not an Excel workbook"), (None, "not a progress form")],
)
def test_what_is_not_a_form_is_refused(office, plan, content, words):
    path = office / "x.xlsx"
    if content is None:
        from openpyxl import Workbook

        Workbook().save(path)
    else:
        path.write_bytes(content)
    r = plan("collect", str(path))
    assert r.status == 3 and words in r.stderr


def _zj_form(tmp_path, monkeypatch, plan) -> tuple[Path, Path]:
    """A library of the shipped plan and zj2019, and 大数据局's blank form for zj2019."""
    library = tmp_path / "library"
    monkeypatch.setenv("PLAN_HOME", str(library))
    examples = Path(__file__).parent.parent / "examples"
    assert plan("add", str(examples / "zj2019.yaml")).status == 0
    out = tmp_path / "out"
    r = plan("forms", "--unit", "大数据局", "--plan", "zj2019", "--output-dir", str(out))
    assert r.status == 0
    [form] = list(out.iterdir())
    return library, form


def _lead_swapped(text: str) -> str:
    """zj2019's text with measure 1 led by 省财政厅, not 省大数据局: another version."""
    text = text.replace(
        'units_source: "省大数据局、省财政厅"', 'units_source: "省财政厅、省大数据局"'
    )
    return text.replace("units: [省大数据局, 省财政厅]", "units: [省财政厅, 省大数据局]")


def test_a_form_of_another_plan_version_is_refused(tmp_path, monkeypatch, plan):
    library, form = _zj_form(tmp_path, monkeypatch, plan)
    filled = fill(form, tmp_path / "f.xlsx", {1: ("推进中",)})
    text = (library / "zj2019.yaml").read_text("utf-8")
    (library / "zj2019.yaml").write_text(text.replace("统筹政务云建设", "统筹政务云"), "utf-8")
    assert plan("validate", "--plan", "zj2019").status == 0
    # a title corrected: who answers for what is the same, so the form still holds
    assert plan("collect", "--date", "2020-01-01", str(filled)).status == 0
    swapped = _lead_swapped(text)
    (library / "zj2019.yaml").write_text(swapped, "utf-8")
    assert plan("validate", "--plan", "zj2019").status == 0
    again = fill(form, tmp_path / "g.xlsx", {1: ("已完成",)})
    r = plan("collect", str(again))  # 省大数据局 no longer leads measure 1
    assert r.status == 3 and "another version of plan zj2019" in r.stderr


def test_a_report_dated_before_the_plan_or_in_the_future_is_refused(office, plan):
    early = fill(form_of(office, FINANCE), office / "a.xlsx", {31: ("推进中",)}, "2020-07-01")
    r = plan("collect", str(early))
    assert r.status == 3 and "before plan nx2020 was issued (2020-07-22)" in r.stderr
    late = fill(form_of(office, FINANCE), office / "b.xlsx", {31: ("推进中",)}, "2020-12-16")
    r = plan("collect", str(late))  # today is 2020-12-15
    assert r.status == 3 and "2020-12-16 is in the future" in r.stderr
    assert _json(plan("history", "31", "--format", "json", "--as-of", "2021-01-01")) == []


def test_words_without_a_status_are_not_dropped(office, plan):
    path = fill(form_of(office, FINANCE), office / "a.xlsx", {31: (None, "已办结大半")})
    r = plan("collect", str(path))
    assert r.status == 3 and "filled in but 完成状态 empty" in r.stderr
    assert r.stderr.splitlines()[-1] == "plan: 1 workbook refused whole: nothing of it is recorded"
    assert len(r.stderr.splitlines()) == 2  # the problem, then the count: each once


@pytest.mark.parametrize("typed", ["2020/11/30", "2020.11.30", "2020年11月30日"])
def test_dates_are_read_as_offices_write_them(office, plan, typed):
    path = fill(form_of(office, FINANCE), office / "a.xlsx", {31: ("推进中",)}, typed)
    assert plan("collect", str(path)).status == 0
    assert _json(plan("history", "31", "--format", "json"))[0]["date"] == "2020-11-30"
    before, after = (
        _json(plan("progress", "--as-of", day, "--format", "json"))[30]["status"]
        for day in (typed.replace("30", "29"), typed)
    )
    assert (before, after) == ("unreported", "in_progress")


def test_a_form_sent_again_with_one_answer_changed_adds_only_that_answer(office, plan):
    first = fill(form_of(office, FINANCE), office / "a.xlsx", {31: ("推进中",), 2: ("推进中",)})
    assert plan("collect", str(first)).status == 0
    wb = load_workbook(first)
    ws = wb["进展填报"]
    for row in ws.iter_rows(min_row=5):
        if row[1].value == 31:
            row[6].value = "已完成过半"  # 进展情况 of measure 31 only
    wb.save(office / "b.xlsx")
    r = plan("collect", str(office / "b.xlsx"))
    assert (r.status, r.stdout.strip()) == (0, f"{office / 'b.xlsx'}: 1 report recorded")
    assert len(_json(plan("history", "2", "--format", "json"))) == 1


def test_a_measure_reported_twice_on_one_form_is_refused(office, plan):
    path = fill(form_of(office, FINANCE), office / "a.xlsx", {31: ("推进中",)})
    wb = load_workbook(path)
    ws = wb["进展填报"]
    ws.append(["nx2020", 31, "", "", "", "已完成"])
    wb.save(path)
    r = plan("collect", str(path))
    assert r.status == 3 and "measure nx2020:31 is already reported in row" in r.stderr


def test_a_date_typed_as_digits_is_read_and_excel_errors_are_one_line(office, plan):
    path = fill(form_of(office, FINANCE), office / "a.xlsx", {31: ("推进中",)}, "20201130")
    assert plan("collect", str(path)).status == 0
    assert _json(plan("history", "31", "--format", "json"))[0]["date"] == "2020-11-30"
    bad = fill(form_of(office, FINANCE), office / "b.xlsx", {2: ("推进中",)}, "#VALUE!")
    r = plan("collect", str(bad))
    assert r.status == 3 and "not a date Excel can read" in r.stderr
    assert all(line.startswith("plan: ") for line in r.stderr.splitlines())


def test_excel_lock_files_beside_the_forms_are_skipped(office, plan):
    filled = fill(form_of(office, FINANCE), office / "a.xlsx", {31: ("推进中",)})
    lock = office / "~$a.xlsx"
    lock.write_bytes(b"\x00" * 165)
    r = plan("collect", str(filled), str(lock))
    assert r.status == 0 and f"{lock}: skipped" in r.stdout


def test_a_blank_form_records_nothing_and_says_so(office, plan):
    r = plan("collect", str(form_of(office, FINANCE)))
    assert r.status == 0
    assert r.stdout.strip() == f"{form_of(office, FINANCE)}: no report filled in; nothing recorded"


def test_reports_stay_with_their_plan_when_another_takes_its_id(tmp_path, monkeypatch, plan):
    # zj2019 reported on, removed, and another plan added under the id zj2019: the old
    # reports are not this plan's, and nothing says they are
    _library, form = _zj_form(tmp_path, monkeypatch, plan)
    examples = Path(__file__).parent.parent / "examples"
    filled = fill(form, tmp_path / "f.xlsx", {1: ("已完成",)}, "2020-01-01")
    assert plan("collect", str(filled)).status == 0
    assert len(_json(plan("history", "zj2019:1", "--format", "json"))) == 1
    assert plan("remove", "zj2019").status == 0
    other = tmp_path / "other"
    other.mkdir()
    text = (examples / "zj2019.yaml").read_text(encoding="utf-8")
    swapped = _lead_swapped(text)
    (other / "zj2019.yaml").write_text(swapped, encoding="utf-8")
    shutil.copy(examples / "zj2019.txt", other / "zj2019.txt")
    assert plan("add", str(other / "zj2019.yaml")).status == 0
    assert _json(plan("history", "zj2019:1", "--format", "json")) == []
    row = next(
        r for r in _json(plan("progress", "--format", "json", "--plan", "zj2019")) if r["id"] == 1
    )
    assert row["status"] == "unreported"


def test_two_collects_at_once_both_land(office):
    from plan_cli.core import ledger
    from plan_cli.core.library import open_library

    paths = [
        fill(form_of(office, FINANCE), office / "a.xlsx", {31: ("推进中",)}, "2020-10-01"),
        fill(form_of(office, WATER), office / "b.xlsx", {26: ("推进中",)}, "2020-10-01"),
    ]
    results = []

    def run(path):
        results.append(ledger.collect(open_library(), [path]))

    threads = [threading.Thread(target=run, args=(p,)) for p in paths]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(len(r.taken) for r in results) == [1, 1]
    db = sqlite3.connect(office / "library" / "ledger.sqlite")
    assert db.execute("SELECT COUNT(*) FROM reports").fetchone() == (2,)


# --- the 通报, the export -----------------------------------------------------------------


def test_the_brief_as_markdown_and_word(office, plan):
    fin = fill(form_of(office, FINANCE), office / "a.xlsx", {31: ("已完成",)}, "2020-11-30")
    assert plan("collect", str(fin)).status == 0
    md = office / "通报.md"
    assert plan("brief", "--output", str(md), "--as-of", "2021-01-05").status == 0
    text = md.read_text(encoding="utf-8")
    assert "（截至2021年1月5日）" in text and "已完成1项" in text
    assert "## 二、逾期任务" in text and "| nx2020 | 2 |" in text  # due 2020, not done
    assert FINANCE not in text.split("## 四、未报送单位")[1].split("##")[0]
    assert WATER in text.split("## 四、未报送单位")[1].split("##")[0]
    doc = office / "通报.docx"
    assert plan("brief", "--output", str(doc)).status == 0
    import docx

    d = docx.Document(str(doc))
    assert d.paragraphs[0].text.endswith("落实情况通报") and len(d.tables) >= 2
    assert plan("brief", "--output", str(office / "x.pdf")).status == 2


def test_a_plan_issued_after_the_date_has_no_progress_yet(office, plan):
    examples = Path(__file__).parent.parent / "examples"
    assert plan("add", str(examples / "nx2017.yaml")).status == 0  # issued 2017-05-10
    plans = {
        r["plan"] for r in _json(plan("progress", "--format", "json", "--as-of", "2019-01-01"))
    }
    assert plans == {"nx2017"}
    plans = {
        r["plan"] for r in _json(plan("progress", "--format", "json", "--as-of", "2020-12-01"))
    }
    assert plans == {"nx2017", "nx2020"}


def test_the_brief_lists_units_not_collectives_as_not_reported(office, plan):
    md = office / "通报.md"
    assert plan("brief", "--output", str(md)).status == 0
    silent = md.read_text(encoding="utf-8").split("## 四、未报送单位")[1].split("##")[0].strip()
    named = silent.removesuffix("。").split("；")
    assert FINANCE in named and WATER in named
    assert "自治区政府各部门〔单位〕" not in named and "自治区政府相关部门" not in named


def test_the_sqlite_export_holds_the_reports(office, plan):
    fin = fill(form_of(office, FINANCE), office / "a.xlsx", {31: ("已完成", "办结")}, "2020-11-30")
    assert plan("collect", str(fin)).status == 0
    out = office / "lib.db"
    assert plan("export", "--output", str(out)).status == 0
    rows = sqlite3.connect(out).execute("SELECT * FROM reports").fetchall()
    assert rows == [("nx2020", 31, FINANCE, "2020-11-30", "done", "办结", None, None)]


def test_a_terminal_reads_the_statuses_in_chinese(office, plan):
    shutil.copy(form_of(office, FINANCE), office / "x.xlsx")
    r = plan("progress", env={"PLAN_FORCE_TTY": "1", "NO_COLOR": "1", "COLUMNS": "160"})
    assert r.status == 0 and "未报送" in r.stdout
    assert r.stdout.splitlines()[0].startswith("49 measures: 0 done")


def test_a_narrow_terminal_never_breaks_a_date(office, plan):
    env = {"PLAN_FORCE_TTY": "1", "NO_COLOR": "1", "COLUMNS": "80"}
    r = plan("progress", "--as-of", "2020-12-15", env=env)
    assert r.status == 0 and "2025-12-31" in r.stdout and "2020-12-31" in r.stdout


def test_forms_into_a_file_is_refused_in_one_line(office, plan):
    path = office / "x.xlsx"
    path.write_bytes(b"mine")
    r = plan("forms", "--unit", "财政厅", "--output-dir", str(path))
    assert r.status == 4 and "not a folder" in r.stderr and path.read_bytes() == b"mine"
