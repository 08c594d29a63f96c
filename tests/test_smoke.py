"""The first real test: the shipped plan loads and says what the document says of 财政厅."""

from plan_cli import query


def test_finance_department_leads_measure_31(shipped):
    unit, rows = query.agency(shipped, "财政厅", lead_only=True)
    assert unit.name == "自治区财政厅"
    assert [r["id"] for r in rows] == [31]
