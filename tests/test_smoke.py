"""The first real test: the shipped plan loads and says what the document says of 财政厅."""

from plan_cli.core import query


def test_finance_department_leads_measure_31(shipped_store):
    answer = query.agency(shipped_store, "财政厅", lead_only=True)
    assert [s.held.name for s in answer.summaries] == ["自治区财政厅"]
    assert [r["id"] for r in answer.rows] == [31]
