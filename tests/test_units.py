"""Reading 责任单位 lists and matching typed names (core/names.py)."""

import pytest

from plan_cli.core.errors import AmbiguousUnit, InvalidValue, UnknownUnit
from plan_cli.core.names import Registry, normalize, split_unit_list


@pytest.fixture(scope="module")
def reg(shipped) -> Registry:
    return Registry(shipped.units)


def test_split_groups_and_names():
    assert split_unit_list(
        "自治区发展改革委、财政厅，宁东管委会，各市、县〔区〕人民政府", ["各市、县〔区〕人民政府"]
    ) == [["自治区发展改革委", "财政厅"], ["宁东管委会"], ["各市、县〔区〕人民政府"]]


@pytest.mark.parametrize("bad", ["财政厅，，宁东管委会", "财政厅、、水利厅", "，"])
def test_split_refuses_empty_parts(bad):
    with pytest.raises(ValueError):
        split_unit_list(bad)


def test_region_prefix_applies_to_the_first_group_only(reg):
    assert reg.canonical_list(
        "自治区商务厅、发展改革委、财政厅、银川海关，宁东管委会，各市、县〔区〕人民政府"
    ) == [
        "自治区商务厅",
        "自治区发展改革委",
        "自治区财政厅",
        "银川海关",
        "宁东管委会",
        "各市、县〔区〕人民政府",
    ]
    # 地方金融监管局 in a later group is the same unit as the prefixed one
    assert (
        reg.canonical_list("自治区地方金融监管局，地方金融监管局") == ["自治区地方金融监管局"] * 2
    )


def test_unknown_name_in_a_list(reg):
    with pytest.raises(UnknownUnit) as e:
        reg.canonical_list("自治区财正厅")
    assert any("财政厅" in s for s in e.value.suggestions)


@pytest.mark.parametrize(
    ("typed", "unit"),
    [
        ("自治区财政厅", "自治区财政厅"),
        ("财政厅", "自治区财政厅"),
        ("财政", "自治区财政厅"),
        ("发改委", "自治区发展改革委"),
        ("工信厅", "自治区工业和信息化厅"),
        ("人社厅", "自治区人力资源社会保障厅"),
        ("住建厅", "自治区住房城乡建设厅"),
        ("文旅厅", "自治区文化和旅游厅"),
        ("卫健委", "自治区卫生健康委"),
        ("应急管理厅", "自治区应急厅"),
        ("民委(宗教事务局)", "自治区民委〔宗教事务局〕"),
        (" 宁东 ", "宁东管委会"),
        ("银川海关", "银川海关"),
        ("各市县", "各市、县〔区〕人民政府"),
    ],
)
def test_match_typed_names(reg, typed, unit):
    assert reg.match(typed).name == unit


def test_ambiguous_name_lists_candidates(reg):
    with pytest.raises(AmbiguousUnit) as e:
        reg.match("宁夏")
    assert "宁夏税务局" in e.value.candidates and "宁夏证监局" in e.value.candidates


def test_unknown_name_suggests_closest(reg):
    with pytest.raises(UnknownUnit) as e:
        reg.match("财正厅")
    assert e.value.suggestions[0] == "财政厅"


def test_empty_name_is_a_usage_error(reg):
    with pytest.raises(InvalidValue):
        reg.match("  ")


def test_normalize_brackets_and_case():
    assert normalize(" 民委（宗教事务局） ") == normalize("民委〔宗教事务局〕")
    assert normalize("PPP") == "ppp"


def test_collective_covers_departments(reg):
    covered = reg.members["自治区政府各部门〔单位〕"]
    assert "自治区财政厅" in covered and "宁夏税务局" not in covered and "宁东管委会" not in covered
    assert "自治区政府相关部门" not in reg.members  # names nobody in particular


# --- the rules one at a time, on registries made for them --------------------------------


def _unit(name, short=None, aliases=(), kind="department", covers=None):
    from plan_cli.core.model import Unit

    return Unit(name, short, tuple(aliases), kind, covers)


def test_the_region_prefix_is_what_finds_a_unit_without_a_short_name():
    # nothing but the 自治区 written in front of the list says that 财政厅 is 自治区财政厅
    reg = Registry([_unit("自治区发展改革委"), _unit("自治区财政厅")])
    assert reg.canonical_list("自治区发展改革委、财政厅") == ["自治区发展改革委", "自治区财政厅"]
    with pytest.raises(UnknownUnit):
        reg.canonical_list("自治区发展改革委，财政厅")  # a later group: no prefix


def test_the_prefix_applies_to_the_first_group_only_and_before_the_plain_name():
    # 公安厅 is also the name of another unit: in the prefixed first group it is the
    # region's, in a later group it is the other one
    reg = Registry([_unit("自治区财政厅"), _unit("自治区公安厅"), _unit("公安厅", kind="central")])
    assert reg.canonical_list("自治区财政厅、公安厅，公安厅") == [
        "自治区财政厅",
        "自治区公安厅",
        "公安厅",
    ]
    assert reg.canonical_list("公安厅、自治区财政厅") == ["公安厅", "自治区财政厅"]


def test_an_unknown_name_in_a_list_names_the_item():
    with pytest.raises(UnknownUnit) as e:
        Registry([_unit("自治区财政厅")]).canonical_list("自治区财政厅、水务局")
    assert e.value.name == "水务局"


def test_a_longer_indivisible_name_wins_over_a_shorter_one():
    names = ["市、县人民政府", "市、县人民政府、园区管委会"]
    for order in (names, names[::-1]):
        assert split_unit_list("市、县人民政府、园区管委会、水利厅", order) == [
            ["市、县人民政府、园区管委会", "水利厅"]
        ]


def test_an_exact_name_wins_over_a_part_of_another():
    reg = Registry(
        [_unit("自治区审计厅", "审计厅"), _unit("审计署驻宁审计厅特派办", kind="central")]
    )
    assert reg.match("审计厅").name == "自治区审计厅"
    with pytest.raises(AmbiguousUnit):
        reg.match("审计")


def test_a_typed_region_prefix_is_dropped_when_the_unit_has_none():
    assert (
        Registry([_unit("宁东管委会", kind="ningdong")]).match("自治区宁东管委会").name
        == "宁东管委会"
    )


def test_a_name_two_units_share_is_ambiguous_with_both_listed():
    reg = Registry([_unit("甲局", aliases=["同名局"]), _unit("乙局", aliases=["同名局"])])
    with pytest.raises(AmbiguousUnit) as e:
        reg.match("同名局")
    assert (e.value.name, e.value.candidates) == ("同名局", ["甲局", "乙局"])


def test_suggestions_are_at_most_three_and_reach_half_similar_names(reg):
    assert "财政厅" in reg.suggest("财正厅x")  # 4 of 7 characters in common: 0.57
    assert len(reg.suggest("厅厅")) <= 3
    assert len(reg.suggest("自治区")) == 3


def test_only_a_collective_that_covers_a_kind_has_members():
    reg = Registry(
        [
            _unit("自治区财政厅"),
            _unit("全体", kind="collective", covers="department"),
            _unit("相关", kind="collective"),
        ]
    )
    assert reg.members == {"全体": ["自治区财政厅"]}
