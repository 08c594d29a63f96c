"""A responsibility as plans write it: who leads, who takes part, a person, a deadline.

The phrases read here, each found in published plans:

    责任单位：A、B、C                      the first named leads
    牵头单位：A；责任单位：B、C            labelled parts (also 〔〕, also parts split by ，)
    牵头单位：A、B；配合单位：C            several leads under one label
    A牵头，B、C和D及E配合                  inline roles; 和 及 与 separate names, 等 ends a list
    A、B负责，C参与                         the units that answer (负责) lead, the others join
    配合单位：B、C                          supporting units only: the lead is named elsewhere
    A牵头，B、C等按职责分工负责            A等有关部门 is A and the collective 有关部门
    A、B、C按职责分工负责                  shared duty: no lead
    由省发展改革委牵头实施                  a lead alone
    分管省领导：张三                        a person: `leader`, never a unit

Names are kept as written, with one exception the documents themselves make: a prefix
written once for a list (自治区发展改革委、财政厅; 省发展改革委、科技厅) belongs to each
member that is a bare department name (财政厅 → 自治区财政厅). Whatever this cannot read for
sure goes into `review`, never into a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# A name that ends like this is a unit (or a collective of units). 市, 县 and 区 alone are
# not: 各市、县（区）人民政府 is one name, not 各市 and 县（区）人民政府.
UNIT_END = re.compile(
    r"(厅|局|委|委员会|办|办公室|院|部|署|会|政府|中心|公司|集团|银行|支行|分行|行|部门|单位|"
    r"管委会|海关|法院|检察院|总队|支队|大队|所|站|社|联|团委|妇联|科协|总工会|小组|机构|"
    r"企业|学校|高校|大学|学院|医院|党委|党组|组织部|宣传部|统战部|政法委|编办|台|馆|队|处|室|司|"
    r"乡镇|街道|镇|乡|社区|开发区|园区|新区|高新区|经开区|示范区|专班|园|科|股|"
    r"廳|辦|會|門|處|隊|館|區|鎮|鄉)$"  # the same endings in traditional characters
)
# Prefixes a list writes once for its members.
CARRIED = re.compile(r"^(自治区|省|市|区|县|州|盟|旗)")
# A bare department name: what a carried prefix applies to (贸促会, 科协, 妇联 are the
# province's as 财政厅 is).
_BARE_DEPARTMENT = re.compile(
    r"^[\u4e00-\u9fff〔〕（）()]{1,16}(厅|局|委|委员会|办|办公室|会|联|协)$"
)
_OWN_PLACE = re.compile(
    r"^(各|有关|相关|全省|全市|全区|国家|中国|中央|人民银行|国务院|"
    r"北京|天津|河北|山西|内蒙古|辽宁|吉林|黑龙江|上海|江苏|浙江|安徽|福建|江西|山东|河南|湖北|"
    r"湖南|广东|广西|海南|重庆|四川|贵州|云南|西藏|陕西|甘肃|青海|宁夏|新疆|兵团|"
    r"[\u4e00-\u9fff]{1,6}?(省|市|州|县|区|盟|旗)(?!场|域|级|政))"
)

# The labels that name units (牵头单位：, 主要协作单位：, 责任科室：) and a deadline (完成时限：),
# once for every reader of them: labelled lines, inline labels, unclosed brackets, verify.
UNIT_LABEL = (
    r"(?:主要)?(?:牵头|协同|配合|参与|协办|协作|参加|相关|主责|责任)(?:责任)?"
    r"(?:单位|部门|科室|处室|股室)"
)
DEADLINE_WORDS = r"完成时限|完成时间|时间要求|时限要求"
# the plan's own note on how its lists read: (列第一位的为牵头单位), (首位单位为牵头单位)
LIST_NOTE = r"(?:列(?:在)?第一位(?:的|者)?|首位单位)[为爲]"
LEAD_LABEL = re.compile(
    r"(牵头(?:责任)?(?:单位|部门|科室|处室|股室)|主责(?:单位|部门)|牵头)\s*[:：]"
)
OTHER_LABEL = re.compile(
    r"((?:主要)?(?:协同|配合|参与|协办|责任|协作|参加|相关)(?:责任)?(?:单位|部门|科室|处室|股室)|"
    r"部门分工|责任分工)"
    r"\s*[:：]"
)
LEADER_LABEL = re.compile(
    r"(?:分管|牵头负责|联系|责任|牵头)?[\u4e00-\u9fff]{0,4}?"
    r"(?:领导|负责同志|责任人|省长|市长|主席|区长|县长|州长|秘书长)\s*[:：]\s*(?P<person>.+)$"
)
# Words after a list that say what the units do, not who they are.
_ROLE_TAIL = re.compile(
    r"(按职责分工负责|按职责分工落实|按照职责分工负责|按职能分工负责|按职责负责|分别负责|共同负责|"
    r"负责落实|组织实施|牵头实施|牵头负责|牵头落实|牵头|配合实施|配合落实|配合|参与|协同|"
    r"负责|落实|实施|推进|办理)$"
)
_SHARED = re.compile(
    r"按职责分工负责|按照职责分工负责|按职能分工负责|分别负责|共同负责|按职责分工落实|按职责负责"
)
_MARKED = re.compile(r"[（(]牵头[）)]")
_GENERIC = {"人民政府", "政府", "党委", "党委政府", "管委会"}  # a level's bodies, named by kind
_SEPARATORS = re.compile(r"[、，,；;和及与]")
_BRACKETED = re.compile(
    r"[（(〔【\[](?:[^（）()〔〕【】\[\]]|[（(〔][^（）()〔〕]*[）)〕])*[）)〕】\]]"
)


@dataclass
class Responsibility:
    leads: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)  # leads first, then the others, in order
    written: dict[str, str] = field(default_factory=dict)  # unit -> the name as written
    leader: str | None = None
    deadline: str = ""  # a deadline written inside the phrase (年内持续推进), as written
    same_below: bool = False  # 下同: the units hold for the tasks below that name none
    below: list[str] = field(default_factory=list)  # 下同 on one part: its units, for all below
    below_text: str = ""  # that part as written, 下同 included
    supporting: bool = False  # only 配合单位 named: no lead here (a heading may name it)
    first_leads: bool = False  # a plain list (责任单位：A、B): A leads by convention only
    review: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.units)


def is_unit_name(name: str) -> bool:
    """Whether a name ends like a unit's (厅, 局, 人民政府 …), a bracket after it aside:
    省自然资源厅（省林业局）."""
    bare = re.sub(r"[（(〔][^（）()〔〕]*[）)〕]$", "", name)
    collective = bool(re.fullmatch(r"各(?:地|级|方)", bare))  # 各地、各部门配合
    return (bool(UNIT_END.search(bare)) or collective) and len(bare) >= 2


def _protect(text: str) -> tuple[str, dict[str, str]]:
    """Bracketed parts of names hidden from splitting: 各市、县（市、区）人民政府."""
    kept: dict[str, str] = {}

    def keep(m: re.Match) -> str:
        key = f"\x00{len(kept)}\x00"
        kept[key] = m.group(0)
        return key

    return re.sub(r"[（(〔\[][^（）()〔〕\[\]]{0,24}[）)〕\]]", keep, text), kept


def _restore(text: str, kept: dict[str, str]) -> str:
    for key, value in kept.items():
        text = text.replace(key, value)
    return text


def split_names(text: str) -> tuple[list[str], list[str]]:
    """The unit names of a list as written, and review notes. 、，和及与 separate names when
    both sides are names (工业和信息化厅 stays whole); 等 ends a list and `A等有关部门` is A
    and 有关部门; what follows a name that says what it does (牵头, 配合) is dropped."""
    review: list[str] = []
    protected, kept = _protect(re.sub(r"\s*\n\s*", "、", text.strip()).strip("。；;，,、"))
    while (shorter := _ROLE_TAIL.sub("", protected).strip()) != protected:
        protected = shorter
    protected = re.sub(r"等(?=(?:有关|相关)(?:部门|单位))", "、", protected)
    protected = re.sub(r"等(?=[，,；;])", "", protected)  # A、B等，各县政府: 等 ends a group
    protected = re.sub(r"等(?:[\u4e00-\u9fff]{0,6}(?:部门|单位))?$", "", protected)
    parts = [p.strip() for p in re.split(r"(、|，|,|；|;|和|及|与)", protected)]
    names: list[str] = []
    pending = ""
    prev_sep = ""
    for part in parts:
        if not part:
            continue
        if re.fullmatch(r"、|，|,|；|;|和|及|与", part):
            prev_sep = part
            if pending:
                pending += part
            continue
        if pending.rstrip("、，,；;").startswith("各") and part.startswith("各"):
            names.append(_restore(pending.rstrip("、，,；;和及与"), kept))  # 各地、各部门: two
            pending = ""
        if names and not pending and part in _GENERIC and prev_sep in ("和", "及", "与"):
            names[-1] += prev_sep + part  # 各县（市、区）党委和人民政府: one name, the 和 its own
            continue
        candidate = pending + part
        candidate_clean = _ROLE_TAIL.sub("", candidate).strip()
        if is_unit_name(_restore(candidate_clean, kept)):
            names.append(_restore(candidate_clean, kept))
            pending = ""
        else:
            pending = candidate
    if pending:
        rest = _restore(_ROLE_TAIL.sub("", pending.strip("、，,；;和及与")), kept).strip()
        if len(rest) < 2:  # 责任单位：区 (a page cut short): no name at all
            if rest:
                review.append(f"'{rest}' is too short to be a unit's name: left out")
        elif rest:
            if is_unit_name(rest):
                names.append(rest)
            elif len(rest) <= 3:  # 市税务局、市协 (a page cut short): no name at all
                review.append(f"'{rest}' is too short to be a unit's name: left out")
            else:
                names.append(rest)
                review.append(f"'{rest}' is read as a unit, but it does not end like one")
    # a connective inside a name (工业和信息化厅) was re-joined above; a name that still holds
    # one is kept whole and noted
    return names, review


# Party organs: a place of their own, not a prefix for the list (自治区党委宣传部、网信办: is
# it 自治区党委网信办 or 自治区网信办? The list does not say, so 网信办 stays as written).
_PARTY = ("自治区党委", "省委", "市委", "区委", "县委", "州委", "盟委", "旗委")
_WORDS = ("市场", "区域", "县域", "省级", "市级", "区级", "县级", "市政")  # words, not a place


def _has_own_prefix(name: str) -> bool:
    """省委网信办, 市住建局: the name begins with a place; 市场监管厅 begins with a word."""
    return bool(CARRIED.match(name)) and not name.startswith(_WORDS)


def carry_prefix(names: list[str]) -> tuple[list[str], dict[str, str]]:
    """A prefix written once for a list, carried to each bare department name after it:
    自治区发展改革委、财政厅 → 自治区发展改革委, 自治区财政厅. Returns the names and, for each
    carried one, the name as written."""
    out: list[str] = []
    written: dict[str, str] = {}
    prefix = None
    for name in names:
        m = CARRIED.match(name)
        if name.startswith(_PARTY):  # neither sets the list's prefix nor ends it
            out.append(name)
            continue
        if m and _has_own_prefix(name):
            prefix = m.group(1)
            out.append(name)
            continue
        if (
            prefix
            and _BARE_DEPARTMENT.match(name)
            and not _OWN_PLACE.match(name)
            and not _has_own_prefix(name)
        ):
            full = prefix + name
            written[full] = name
            out.append(full)
            continue
        if _OWN_PLACE.match(name) or not _BARE_DEPARTMENT.match(name):
            prefix = prefix if not _OWN_PLACE.match(name) else None
        out.append(name)
    return out, written


# The role words of a text in traditional characters, read as their simplified forms; the
# names around them stay as written (省財政廳 is kept so).
_TRADITIONAL_ROLES = {
    "責任單位": "责任单位",
    "牽頭單位": "牵头单位",
    "配合單位": "配合单位",
    "協同單位": "协同单位",
    "參與單位": "参与单位",
    "按職責分工負責": "按职责分工负责",
    "分別負責": "分别负责",
    "共同負責": "共同负责",
    "牽頭": "牵头",
    "負責": "负责",
    "參與": "参与",
    "協同": "协同",
}
_TRADITIONAL = re.compile("|".join(sorted(_TRADITIONAL_ROLES, key=len, reverse=True)))


def parse(phrase: str) -> Responsibility:
    """A responsibility phrase, brackets taken off: 责任单位：A、B / 牵头单位：A；责任单位：B /
    A牵头，B配合 / A、B按职责分工负责 / 分管省领导：张三."""
    r = Responsibility()
    text = _TRADITIONAL.sub(lambda m: _TRADITIONAL_ROLES[m.group(0)], phrase.strip())
    if text[:1] in "（(〔【[" and text[-1:] in "）)〕】]" and _BRACKETED.fullmatch(text):
        text = text[1:-1].strip()  # a whole phrase in brackets; never a name's own 〔单位〕
    text = re.sub(r"。(?=.)", "；", text)  # A牵头，B配合。C负责落实，下同: two parts
    text = re.sub(r"★\s*([^、，,；;★]+)", r"\1（牵头）", text)  # ★A、B: ★ marks who leads
    # (列第一位的为牵头单位，下同): the plan's own rule for its lists, which is ours
    text = re.sub(r"分别(?=牵头)", "", text)  # A、B分别牵头: both lead
    text = re.sub(
        rf"[（(][^（）()]{{0,20}}?{LIST_NOTE}[^（）()]*(?:[）)]|$)",
        "",
        text,
    ).strip()
    if m := re.search(r"[，,；;]?\s*下同\s*$", text):
        written = text
        text = text[: m.start()]
        segments = re.split(r"[；;]", text)
        if len(segments) == 1:
            clauses = re.split(r"[，,]", text)
            if (
                len(clauses) > 1
                and re.search(r"落实|负责", clauses[-1])
                and "牵头" not in clauses[-1]
            ):
                segments = ["，".join(clauses[:-1]), clauses[-1]]
                text = "；".join(segments)
        if len(segments) > 1:  # 下同 ends one part: that part holds for the tasks below
            r.below = carry_prefix(split_names(segments[-1])[0])[0]
            r.below_text = re.split(r"[；;]", written)[-1].strip()
        else:
            r.same_below = True
    text, r.deadline = _take_deadlines(text)
    rest = []
    for segment in re.split(r"([；;])", text):
        m = LEADER_LABEL.match(segment.strip())
        person = m.group("person").strip().strip("。，, ") if m else ""
        if person and not is_unit_name(person):
            r.leader = person  # a person, never a unit
        else:
            rest.append(segment)
    text = "".join(rest).strip("；; ")
    parts = _labelled_parts(text)
    if not parts and (LEAD_LABEL.search(text) or OTHER_LABEL.search(text)):
        text = ""  # 部门分工： with nothing after it (a page cut short): no units
        r.review.append("a label names no unit")
    leads: list[str] = []
    others: list[str] = []
    if parts:
        has_lead_label = any(kind == "lead" for kind, _body in parts)
        for kind, body in parts:
            inline_leads, names, shared, notes = _inline_or_list(body)
            r.review += notes
            if kind == "lead":
                leads += inline_leads + names
            elif kind == "support":  # 配合单位: they support; whoever leads is not here
                others += inline_leads + names
            elif has_lead_label:
                others += inline_leads + names
            elif inline_leads:  # 部门分工：A牵头，B配合
                leads += inline_leads
                others += names
            elif shared or leads:
                others += names
            else:  # 责任单位 alone: the first named leads
                leads += names[:1]
                others += names[1:]
                r.first_leads = True
    else:
        inline_leads, names, shared, notes = _inline_or_list(text)
        r.review += notes
        if inline_leads:
            leads, others = inline_leads, names
        elif shared:
            others = names
        else:  # a bare list: the first named leads
            leads, others = names[:1], names[1:]
            r.first_leads = True
            if len(names) > 1 and re.search(r"负责$", text):
                r.review.append(
                    f"{'、'.join(names)} answer together (负责): {names[0]}, named first, is "
                    "read as the lead; list them all under leads: if they lead together"
                )
    r.supporting = bool(parts) and all(kind == "support" for kind, _body in parts)
    carried, written = carry_prefix(leads + others)
    leads = carried[: len(leads)]
    units = list(dict.fromkeys(carried))
    r.leads = list(dict.fromkeys(leads))
    r.units = r.leads + [u for u in units if u not in r.leads]
    r.written = written
    return r


_DEADLINE_PART = re.compile(
    r"(\d{4}年|年内|年底|今年|持续推进|长期坚持|持续开展|持续实施|常态化|每年|每季度|十[二三四五]五|"
    r"月底|月前|前完成|上半年|下半年|季度)"
)


def _take_deadlines(text: str) -> tuple[str, str]:
    """The phrase without its parts that state a deadline (国务院各部门分别负责，年内持续推进),
    and those parts."""
    kept, taken = [], []
    for part in re.split(r"([，,；;])", text):
        if part in "，,；;":
            kept.append(part)
        elif _DEADLINE_PART.search(part) and not is_unit_name(_ROLE_TAIL.sub("", part.strip())):
            taken.append(part.strip())
        else:
            kept.append(part)
    return "".join(kept).strip("，,；; "), "，".join(taken)


_SUPPORT_WORDS = ("协同", "配合", "参与", "协办", "协作", "参加", "主要协")


def _labelled_parts(text: str) -> list[tuple[str, str]]:
    """(lead | support | other, body) for each labelled part: 牵头单位：A；配合单位：B；
    责任单位：C (责任 may lead; 配合, 协同, 参与 … never do)."""
    marks = []
    for m in LEAD_LABEL.finditer(text):
        marks.append((m.start(), m.end(), "lead"))
    for m in OTHER_LABEL.finditer(text):
        if not any(a <= m.start() < b for a, b, _k in marks):
            kind = "support" if m.group(1).startswith(_SUPPORT_WORDS) else "other"
            marks.append((m.start(), m.end(), kind))
    marks.sort()
    parts = []
    for i, (_start, end, kind) in enumerate(marks):
        stop = marks[i + 1][0] if i + 1 < len(marks) else len(text)
        body = text[end:stop].strip().strip("；;，,。 ")
        if body:
            parts.append((kind, body))
    return parts


def _inline_or_list(text: str) -> tuple[list[str], list[str], bool, list[str]]:
    """(leads named inline with 牵头, the other names, shared duty, review notes)."""
    review: list[str] = []
    if _MARKED.search(text):  # A、B（牵头）、C: a mark in a 分工表 cell says who leads
        names, notes = split_names(_MARKED.sub("", text))
        leads = [n for n in names if re.search(re.escape(n) + r"\s*[（(]牵头[）)]", text)]
        return leads, [n for n in names if n not in leads], False, review + notes
    shared = bool(_SHARED.search(text)) and "牵头" not in text
    text = re.sub(r"^由", "", text.strip())
    m = re.search(r"^(.+?)牵头(?:实施|负责|落实)?(?:[，,；;]\s*(.*))?$", text)
    if m and "牵头单位" not in m.group(1):
        leads, notes = split_names(m.group(1))
        review += notes
        others, notes = split_names(m.group(2) or "")
        review += notes
        return leads, others, False, review
    m = re.search(r"^(.+?)负责[，,；;]\s*(.+?)(?:配合|参与|协助|协同|协办)(?:实施|落实)?$", text)
    if m and _SHARED.search(m.group(1) + "负责"):  # A、B按职责分工负责，C配合: no lead
        names, notes = split_names(m.group(1) + "负责")
        others, more = split_names(m.group(2))
        return [], names + others, True, review + notes + more
    if m:  # A、B负责，C参与: those that answer lead
        leads, notes = split_names(m.group(1))
        review += notes
        others, notes = split_names(m.group(2))
        review += notes
        return leads, others, False, review
    names, notes = split_names(text)
    review += notes
    return [], names, shared, review
