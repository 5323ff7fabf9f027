"""The review's reading of duty texts it was never tuned on (issue 11): literal wording beside concepts,
word boundaries, the plan's own department on a near-tie, retired only on specific evidence, the bureau's
internal work, confidence, and a division's goals checked against that division's duties first.

Each catalog here is small and written in the style of a modern 三定, so each test shows one rule.
"""

from __future__ import annotations

import pytest

from fm_domain.matching import DutyIndex, bundled_thesaurus
from fm_domain.matching.features import Analyser
from fm_domain.matching.segmenter import shared_segmenter
from fm_domain.matching.thresholds import ScoringParameters
from fm_domain.models import Catalog, Department, Division, Duty, DutyCategory, DutyStatus
from fm_domain.review import Confidence, Verdict, review


def duty(code: str, n: int, text: str, status: DutyStatus = DutyStatus.ACTIVE, **more: object) -> Duty:
    return Duty(code, n, text, DutyCategory.IMPLEMENTATION, status=status, category_guessed=True, **more)


def department(code: str, name: str, *duties: Duty, divisions: tuple[Division, ...] = ()) -> Department:
    return Department(code=code, name=name, duties=duties, divisions=divisions)


def one_item(index: DutyIndex, plan: str, item: str, **options: object):
    return review(index, plan, [item], **options).items[0]  # type: ignore[arg-type]


CIVIL_AFFAIRS = department(
    "mz",
    "民政局",
    duty(
        "mz",
        1,
        "拟订全市社会救助规划、政策和标准，负责城乡居民最低生活保障、特困人员救助供养和临时救助工作。",
    ),
    duty("mz", 2, "负责申请救助家庭经济状况核对工作，建立救助对象信息共享机制。"),
    duty("mz", 3, "负责全市社会组织登记管理和执法监督工作。"),
    duty("mz", 4, "负责社会组织党建工作。", DutyStatus.TRANSFERRED),
)
JUSTICE = department(
    "sf",
    "司法局",
    duty("sf", 1, "负责市政府规范性文件和重大行政决策的合法性审查，承担市政府重大合同的合法性审查工作。"),
)
CITY = department(
    "cg",
    "城市管理局",
    duty("cg", 1, "组织编制全市城市管理发展规划和市容环境卫生、园林绿化等专项规划。"),
    duty("cg", 2, "负责全市市容环境卫生管理工作，指导城市道路清扫保洁和公共厕所建设管理。"),
)
EDUCATION = department(
    "jy",
    "教育局",
    duty("jy", 1, "拟订全市教育事业发展规划和年度计划，统筹推进各级各类教育协调发展。"),
    duty("jy", 2, "负责全市中小学校安全管理和校园安全稳定工作。"),
)


def index_of(*departments: Department) -> DutyIndex:
    return DutyIndex.build(Catalog(departments))


def test_a_duty_naming_the_items_words_wins_over_a_sibling_sharing_only_the_concept() -> None:
    index = index_of(CIVIL_AFFAIRS, JUSTICE, CITY)
    assert one_item(index, "mz", "提高特困人员基本生活补助标准").duty.duty_id == "mz.1"


def test_an_abbreviation_counts_as_the_words_the_duty_writes_in_full() -> None:
    index = index_of(CIVIL_AFFAIRS, JUSTICE, CITY)
    best = one_item(index, "mz", "开展低保对象动态管理")
    assert best.duty.duty_id == "mz.1"


def test_no_term_is_read_inside_the_name_of_a_government() -> None:
    # 市政 (municipal works) is not in 市政府 (the city government)
    index = index_of(CIVIL_AFFAIRS, JUSTICE, CITY)
    ranked = index.rank("市政道路路灯维修养护", top=None)
    assert "sf.1" not in {match.duty_id for match in ranked}


def test_the_plans_own_duty_keeps_an_item_another_departments_duty_fits_about_as_well() -> None:
    index = index_of(EDUCATION, CITY)
    found = one_item(index, "jy", "组织编制教育事业发展规划")
    assert (found.verdict, found.duty.duty_id) == (Verdict.IN_SCOPE, "jy.1")


def test_a_shared_word_of_party_building_does_not_make_an_item_retired() -> None:
    # the bureau's own 党建共建 is not the transferred duty of 社会组织党建
    index = index_of(CIVIL_AFFAIRS, JUSTICE, CITY)
    found = one_item(index, "mz", "机关党支部与社区党组织开展党建共建活动")
    assert found.verdict is not Verdict.RETIRED


def test_work_on_a_transferred_duty_named_specifically_is_still_retired() -> None:
    index = index_of(CIVIL_AFFAIRS, JUSTICE, CITY)
    found = one_item(index, "mz", "推进社会组织党建工作全覆盖")
    assert (found.verdict, found.duty.duty_id) == (Verdict.RETIRED, "mz.4")


def test_the_bureaus_own_party_building_is_internal_work_not_overreach() -> None:
    index = index_of(EDUCATION, CITY)
    found = one_item(index, "cg", "开展党风廉政建设警示教育，落实全面从严治党主体责任")
    assert (found.verdict, found.internal, found.confidence) == (
        Verdict.OUT_OF_SCOPE,
        True,
        Confidence.HIGH,
    )


def test_field_work_no_duty_names_is_out_of_scope_and_not_internal() -> None:
    index = index_of(EDUCATION, CITY)
    found = one_item(index, "cg", "组织企业参加进出口商品交易会")
    assert (found.verdict, found.internal) == (Verdict.OUT_OF_SCOPE, False)


def test_work_described_only_by_a_function_is_not_asserted_to_be_outside_the_duties() -> None:
    # 监督检查 and 考核 say how work is done, not what it is about: nothing in the item proves that no
    # duty of the bureau covers it, so the office judges (an item naming a field's subject is asserted).
    index = index_of(EDUCATION, CITY)
    how_only = one_item(index, "cg", "开展监督检查和考核评估")
    assert (how_only.verdict, how_only.confidence) == (Verdict.OUT_OF_SCOPE, Confidence.LOW)


def test_a_clear_match_is_asserted_and_a_weak_one_is_left_to_the_office() -> None:
    index = index_of(CIVIL_AFFAIRS, JUSTICE, CITY)
    clear = one_item(index, "mz", "提高城乡低保和特困人员救助供养标准")
    weak = one_item(index, "mz", "开展困难群众走访慰问")  # 救助 in general: either of two duties
    assert clear.confidence is Confidence.HIGH
    assert weak.confidence is Confidence.LOW


def test_a_divisions_goal_is_checked_against_that_divisions_duties_first() -> None:
    education = department(
        "jy",
        "教育局",
        duty("jy", 1, "负责全市教育督导工作，组织开展对学校的督导评估。", divisions=("教育督导室",)),
        duty("jy", 2, "负责全市中小学校安全管理和督导检查工作。", divisions=("安全管理处",)),
        divisions=(Division("教育督导室", ()), Division("安全管理处", ())),
    )
    index = index_of(education, CITY)
    item = "开展学校安全督导检查"
    assert one_item(index, "jy", item, division="教育督导室").duty.duty_id == "jy.1"
    assert one_item(index, "jy", item, division="安全管理处").duty.duty_id == "jy.2"


def test_a_short_word_inside_a_longer_word_of_a_duty_makes_no_match_by_itself() -> None:
    # 试验 is not 试验区: nothing but that is shared, so the item fits no duty
    commerce = department("sw", "商务局", duty("sw", 1, "负责推进自由贸易试验区建设和改革试点工作。"))
    index = index_of(commerce, CITY)
    assert one_item(index, "cg", "组织开展航天育种试验").verdict is Verdict.OUT_OF_SCOPE


def test_two_generic_words_kept_as_one_by_the_segmenter_say_nothing() -> None:
    item = "积极开展低保专项治理"
    assert "积极开展" in {word for _, word in shared_segmenter().words(item)}  # jieba keeps it whole
    analyser = Analyser(bundled_thesaurus(), shared_segmenter())
    assert "积极开展" not in {unit.surface for unit in analyser.analyse(item).units}


def test_a_placement_leaving_much_of_what_the_item_is_about_unmet_is_left_to_the_office() -> None:
    # 城市道路 is in the duty about street cleaning; 桥梁新建 (construction, 住建's field) is in no duty
    index = index_of(CITY, CIVIL_AFFAIRS)
    found = one_item(index, "cg", "城市道路桥梁新建工程")
    assert found.duty is not None and found.duty.unexplained > 0.25
    assert found.confidence is Confidence.LOW


STREET_VENDING = department(
    "cg",
    "城市管理局",
    duty("cg", 1, "负责规范城市道路占道经营和流动摊点管理，组织查处违法占道经营行为。"),
    duty("cg", 2, "负责全市园林绿化管理工作，组织实施城市绿化建设和养护管理。"),
)


def test_an_item_meeting_a_duty_only_where_the_duty_works_does_not_fit_it_and_is_left_to_the_office() -> None:
    # 城市道路 says where the vending is regulated: the duty works there, not on the roads themselves
    index = index_of(STREET_VENDING)
    repair = one_item(index, "cg", "城市道路桥梁养护维修")
    assert repair.matches[0].duty_id == "cg.1" and repair.matches[0].qualifiers_only
    assert repair.verdict is Verdict.OUT_OF_SCOPE
    assert repair.confidence is Confidence.LOW
    vending = one_item(index, "cg", "开展城市道路占道经营专项整治")
    assert vending.duty is not None and vending.duty.duty_id == "cg.1"
    assert not vending.duty.qualifiers_only
    assert vending.verdict is Verdict.IN_SCOPE and vending.confidence is Confidence.HIGH


@pytest.mark.parametrize(
    ("duty_text", "item"),
    [
        ("负责市区主次干道以外区域户外广告设施设置的审批工作。", "主次干道大中修工程"),
        ("协调配合有关部门开展城市更新中的市容环境整治工作。", "老旧小区加装电梯"),
    ],
)
def test_a_term_followed_by_words_of_place_says_where_a_duty_works(duty_text: str, item: str) -> None:
    city = department("cg", "城市管理局", duty("cg", 1, duty_text))
    found = one_item(index_of(city), "cg", item)
    assert found.matches[0].qualifiers_only
    assert found.verdict is Verdict.OUT_OF_SCOPE


def test_the_fields_listed_as_the_scope_of_an_enforcement_power_say_where_it_is_used() -> None:
    enforcement = department(
        "cg",
        "城市管理局",
        duty("cg", 1, "依法集中行使市容环境卫生、园林绿化、市政公用等方面的行政处罚权。"),
    )
    index = index_of(enforcement)
    for item in ("路灯设施日常维护", "公园绿地养护"):  # 市政公用 and 园林绿化 name the power's scope
        found = one_item(index, "cg", item)
        assert found.matches[0].qualifiers_only
        assert found.verdict is Verdict.OUT_OF_SCOPE


STREETS = department(
    "cg",
    "城市管理局",
    duty("cg", 1, "负责规范城市道路占道经营和流动摊点管理，组织查处城市道路违法占道经营行为。"),
    duty("cg", 2, "承担市政设施养护维修管理工作，负责桥梁安全检测。"),
)


def test_an_item_goes_to_the_duty_that_works_on_it_past_one_that_only_works_where_it_is() -> None:
    # cg.1 scores a little higher on 城市道路 (a word or two before 占道经营 each time), cg.2 does the work
    index = index_of(STREETS)
    found = one_item(index, "cg", "城市道路养护维修")
    assert found.matches[0].duty_id == "cg.1" and found.matches[0].qualifiers_only
    assert found.verdict is Verdict.IN_SCOPE and found.duty is not None and found.duty.duty_id == "cg.2"
    assert found.confidence is Confidence.HIGH  # a duty that does not fit is no rival


def test_a_concept_qualifying_once_but_named_as_the_work_elsewhere_in_the_duty_still_fits() -> None:
    # 流通 qualifies 产业结构调整, but 商贸服务业 and 社区商业 say the duty works on trade itself
    commerce = department(
        "sw",
        "商务局",
        duty("sw", 1, "负责推进全市流通产业结构调整，指导商贸服务业和社区商业发展，推动连锁经营。"),
    )
    found = one_item(index_of(commerce), "sw", "建设一刻钟便民生活圈")
    assert found.duty is not None and not found.duty.qualifiers_only
    assert found.verdict is Verdict.IN_SCOPE


EMERGENCY = department(
    "yj",
    "应急管理局",
    duty("yj", 1, "负责全市安全生产综合监督管理和工贸行业安全生产监督管理，组织安全生产执法检查。"),
)


def test_a_bureaus_own_safety_work_is_its_own_when_its_duties_name_it_not_the_safety_regulators() -> None:
    with_clause = department(
        "jt",
        "交通运输局",
        duty("jt", 1, "负责农村公路建设和养护管理。"),
        duty("jt", 2, "负责本系统安全生产监督管理和应急管理工作。"),
    )
    without_clause = department("jt", "交通运输局", duty("jt", 1, "负责农村公路建设和养护管理。"))
    item = "开展本系统安全生产隐患排查整治"
    own = one_item(index_of(with_clause, EMERGENCY), "jt", item)
    assert (own.verdict, own.duty.duty_id) == (Verdict.IN_SCOPE, "jt.2")
    bare = one_item(index_of(without_clause, EMERGENCY), "jt", item)
    # its own system's safety is the bureau's internal work, not an overlap with 应急's field
    assert (bare.verdict, bare.internal) == (Verdict.OUT_OF_SCOPE, True)


def test_an_overlap_needs_a_concept_of_the_other_field_not_a_shared_plain_word() -> None:
    index = index_of(CIVIL_AFFAIRS, JUSTICE, CITY, EDUCATION)
    words_only = one_item(index, "jy", "完成档案信息共享平台升级")  # 信息、共享 are in 民政's 核对 duty
    assert words_only.verdict is Verdict.OUT_OF_SCOPE
    field_concept = one_item(index, "jy", "完善救助对象信息共享机制")  # 救助对象 is 民政's field
    assert (field_concept.verdict, field_concept.duty.duty_id) == (Verdict.OVERLAP, "mz.2")


def test_a_shared_plain_word_beside_a_concept_the_other_duty_does_not_meet_makes_no_overlap() -> None:
    enforcement = department(
        "cg",
        "城市管理局",
        duty("cg", 1, "依法集中行使市容环境卫生、园林绿化、市政公用等方面的行政处罚权。"),
    )
    # 集中 is the only thing shared; 交通违法行为 (traffic policing) is in no duty here
    found = one_item(index_of(JUSTICE, enforcement), "sf", "开展交通违法行为集中整治行动")
    assert found.matches[0].duty_id == "cg.1"
    assert found.verdict is Verdict.OUT_OF_SCOPE


TRANSPORT = department(
    "jt",
    "交通运输局",
    duty("jt", 1, "贯彻实施综合交通运输发展战略，拟订全区综合交通运输发展规划。"),
    duty("jt", 2, "负责辖区综合交通运输服务工作，指导城市客运管理。"),
)


def test_a_concept_met_only_at_its_fields_root_counts_less_than_one_met_lower_down() -> None:
    def score(item: str, root_weight: float) -> float:
        scoring = ScoringParameters.default().with_overrides({"root_weight": root_weight})
        index = DutyIndex.build(Catalog((TRANSPORT, CITY, EDUCATION)), scoring=scoring)
        [best, *_] = index.candidates(item, "jt").matches
        assert best.duty_id == "jt.2"
        return best.score

    # 公交线路 meets the duty at 城市客运, below the root: as it was
    assert score("新开通两条城乡公交线路", 0.5) == score("新开通两条城乡公交线路", 1.0)
    # 公路巡查 meets it only at 交通运输, the root: which field, not which duty
    assert score("开展公路巡查", 0.5) == pytest.approx(score("开展公路巡查", 1.0) * 0.5, rel=0.01)
