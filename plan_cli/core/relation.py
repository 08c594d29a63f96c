"""THE responsibility relation: who answers for each measure, in which role.

Computed once, when a plan is compiled, as rows (measure, unit, role); the store keeps them
in its `responsibilities` table and every count, filter, summary line and matrix cell reads
that table. Nothing else in the program decides a role.

The roles:
  lead          the first unit of the measure's 责任单位 list (牵头), or the units the plan
                names as leads when it names several (or none: shared duty)
  participant   any other unit of the list (参与)
  collective    not named, but a collective in the list names every unit of its kind:
                自治区政府各部门〔单位〕 names every department (全体). A unit named in its own
                right, or as lead, is never also counted as collective for that measure.
                A collective that names nobody in particular (自治区政府相关部门) reaches no one.
  unknown       the source lost the measure's unit list: one row with no unit. Unknown is
                never shown or counted as "not involved".
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import NamedTuple

from plan_cli.core.model import Measure

LEAD, PARTICIPANT, COLLECTIVE, UNKNOWN = "lead", "participant", "collective", "unknown"
ROLES = (LEAD, PARTICIPANT, COLLECTIVE)

# How the document's readers name the roles: the cells of the 分工表 and the terminal's role
# column. These are the document's own words, the same in every language. 未知 fills every
# cell of a measure whose unit list is lost: unknown, which is not "not involved".
ROLE_WORDS = {LEAD: "牵头", PARTICIPANT: "参与", COLLECTIVE: "全体", UNKNOWN: "未知"}


class Responsibility(NamedTuple):
    measure: int
    unit: str | None  # None for an unknown list
    role: str


def responsibilities(
    measures: Sequence[Measure], members: dict[str, list[str]]
) -> Iterator[Responsibility]:
    """The relation for a plan's measures, in measure order; within a measure, the units as
    listed, then the members of each collective in registry order.

    `members` maps a collective's name to the units it names all of (Registry.members).
    """
    for m in measures:
        if not m.units:
            yield Responsibility(m.id, None, UNKNOWN)
            continue
        named, leading = set(m.units), set(m.leading)
        for name in m.units:
            yield Responsibility(m.id, name, LEAD if name in leading else PARTICIPANT)
        for name in m.units:
            for member in members.get(name, ()):
                if member not in named:
                    named.add(member)
                    yield Responsibility(m.id, member, COLLECTIVE)
