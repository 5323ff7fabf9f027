"""Duty matching on real 三定 text: ranking, evidence, thesaurus links, roles and the point of view.

The catalog is built from the published duty lists in ../shared/reference/sanding/ (广州市教育局 2008,
深圳市城市管理局 2009 and its co-located 城管执法局, cut off inside its fourth duty).
"""

from __future__ import annotations

import dataclasses
import gc
from pathlib import Path

import jieba
import pytest

from fm_domain.catalog import parse_sanding_text
from fm_domain.matching import DutyIndex, Role
from fm_domain.matching.features import normalise
from fm_domain.matching.lexicon import parse_concepts
from fm_domain.matching.segmenter import shared_segmenter
from fm_domain.matching.thesaurus import Thesaurus
from fm_domain.models import Catalog, Department, DutyStatus

SANDING = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "sanding"


def sanding_department(code: str, name: str) -> Department:
    text = (SANDING / f"{code}.txt").read_text(encoding="utf-8")
    return parse_sanding_text(text, code=code, name=name)


def with_status(department: Department, n: int, status: DutyStatus) -> Department:
    duties = tuple(dataclasses.replace(d, status=status) if d.n == n else d for d in department.duties)
    return dataclasses.replace(department, duties=duties)


@pytest.fixture(scope="module")
def index() -> DutyIndex:
    education = with_status(sanding_department("gz_jiaoyu", "广州市教育局"), 5, DutyStatus.CANCELLED)
    catalog = Catalog(
        (
            education,
            sanding_department("sz_chengguan", "深圳市城市管理局"),
            sanding_department("sz_cgzf", "深圳市城市管理行政执法局"),
        )
    )
    return DutyIndex.build(catalog)


@pytest.mark.parametrize(
    ("item", "duty"),
    [
        ("开展2024年教师资格认定工作", "gz_jiaoyu.8"),
        ("组织推普周活动，推广普通话和规范汉字", "gz_jiaoyu.10"),
        ("落实学生每天校内体育活动一小时，开展近视防控", "gz_jiaoyu.7"),
        ("做好中考招生录取工作", "gz_jiaoyu.4"),
        ("做好跨区重大违法建设案件的查处", "sz_cgzf.2"),
        ("拟定年度城市维护费使用计划并监督执行", "sz_chengguan.4"),
        ("召开环卫企业座谈会，听取企业意见，完善与企业沟通对话制度", "sz_chengguan.5"),
    ],
)
def test_an_item_ranks_the_duty_that_performs_it_first(index: DutyIndex, item: str, duty: str) -> None:
    assert index.rank(item, top=1)[0].duty_id == duty


def test_everyday_vocabulary_reaches_the_field_word_the_duty_uses(index: DutyIndex) -> None:
    best = index.rank("高标准建成星级投放点500个", top=1, department="sz_chengguan")[0]
    assert best.department == "sz_chengguan"
    assert any(term.startswith("星级投放点→") for term in best.evidence)


def test_an_abbreviation_matches_its_full_form() -> None:
    department = Department(
        "minzheng",
        "民政局",
        duties=(
            _duty("minzheng", 1, "负责城乡居民最低生活保障工作。"),
            _duty("minzheng", 2, "负责婚姻登记管理工作。"),
        ),
    )
    best = DutyIndex.build(Catalog((department,))).rank("提高城乡低保标准", top=1)[0]
    assert best.duty_id == "minzheng.1"
    assert any(term.startswith("城乡低保→") and term.endswith("最低生活保障") for term in best.evidence)


def test_scores_lie_between_0_and_1_best_first_at_most_top(index: DutyIndex) -> None:
    matches = index.rank("加强园林绿化养护，修剪行道树，新建口袋公园", top=3)
    assert 0 < len(matches) <= 3
    assert all(0.0 <= match.score <= 1.0 for match in matches)
    assert [match.score for match in matches] == sorted((match.score for match in matches), reverse=True)
    assert all(match.evidence for match in matches)


def test_an_item_about_nothing_the_catalog_knows_scores_nothing(index: DutyIndex) -> None:
    assert index.rank("组织企业参加进出口商品交易会", top=3) == []


def test_a_term_inside_another_word_is_not_read(index: DutyIndex) -> None:
    analysis = index._analyser.analyse("组织实施工作方案")
    assert not any(unit.surface == "施工" for unit in analysis.units)


def test_a_term_is_not_read_across_the_start_of_a_word_that_is_a_term_itself(index: DutyIndex) -> None:
    # 教育法 (the law) would cut 教育|法规 in two: the duty drafts regulations, it does not name the law.
    thesaurus = index.thesaurus
    assert "教育事业" in thesaurus.term_concepts["教育法"] and thesaurus.term_concepts["法规"]
    analysis = index._analyser.analyse("草拟地方性教育法规、规章和政策并组织实施", document=True)
    read = [term for _, term in analysis.mentions]
    assert "法规" in read
    assert "教育法" not in read


def test_a_term_starting_inside_another_must_end_where_a_word_ends() -> None:
    # 垃圾分类 may overlap 生活垃圾 (it ends with the word 分类); 传教 may not overlap 主题宣传, for it would
    # end inside the word 教育: 主题宣传|教育|活动 is about education, not about religion.
    thesaurus = Thesaurus.build(
        parse_concepts(
            "环境卫生\t-\t城管\t生活垃圾\n垃圾分类\t环境卫生\t城管\t垃圾分类\n"
            "宣传报道\t-\t通用\t主题宣传\n宗教事务\t-\t民宗\t传教\n"
        )
    )

    def read(text: str, words: list[str]) -> list[str]:
        starts = [sum(map(len, words[:n])) for n in range(len(words))]
        ends = {start + len(word) for start, word in zip(starts, words, strict=True)}
        return [hit.term for hit in thesaurus.scan(text, starts=starts, word_ends=ends)]

    assert read("推进生活垃圾分类", ["推进", "生活垃圾", "分类"]) == ["生活垃圾", "垃圾分类"]
    assert read("主题宣传教育活动", ["主题宣传", "教育", "活动"]) == ["主题宣传"]


def test_an_agency_named_as_a_partner_says_nothing_about_the_work(index: DutyIndex) -> None:
    analysis = index._analyser.analyse("联合市城管局开展检查")
    assert not any("城管" in unit.surface for unit in analysis.units)


def test_common_work_counts_only_for_the_plans_own_department(index: DutyIndex) -> None:
    item = "开展党风廉政建设和纪律检查工作"
    assert index.rank(item, top=1, department="gz_jiaoyu")[0].duty_id == "gz_jiaoyu.9"
    assert index.rank(item, top=3, department="sz_chengguan") == []


def test_the_assisting_clause_of_a_duty_gives_its_match_the_assisting_role(index: DutyIndex) -> None:
    best = index.rank("做好户外广告设置审批", top=1, department="sz_chengguan")[0]
    assert best.duty_id == "sz_chengguan.2"
    assert best.role is Role.ASSIST


def test_a_leading_clause_gives_the_leading_role(index: DutyIndex) -> None:
    best = index.rank("加强城市灯光环境的规划和管理", top=1, department="sz_chengguan")[0]
    assert best.duty_id == "sz_chengguan.2"
    assert best.role is Role.LEAD


def test_candidates_separate_own_active_own_retired_and_other_departments(index: DutyIndex) -> None:
    found = index.candidates("推进教育城域网和智慧校园建设", department="gz_jiaoyu")
    assert found.own_inactive is not None and found.own_inactive.duty_id == "gz_jiaoyu.5"
    assert found.own_inactive.status is DutyStatus.CANCELLED
    assert found.own_active is None or found.own_active.department == "gz_jiaoyu"


def test_a_division_sentence_enriches_the_duty_it_serves() -> None:
    bare = Department(
        "minzheng",
        "民政局",
        duties=(_duty("minzheng", 1, "负责社会救助工作。"), _duty("minzheng", 2, "负责殡葬管理工作。")),
    )
    enriched = dataclasses.replace(
        bare,
        duties=(dataclasses.replace(bare.duties[0], divisions=("救助处",)), bare.duties[1]),
        divisions=(_division("救助处", "负责流浪乞讨人员救助管理和寻亲服务"),),
    )
    item = "开展寻亲服务，帮助滞留人员返乡"
    before = DutyIndex.build(Catalog((bare,))).rank(item, top=1)
    after = DutyIndex.build(Catalog((enriched,))).rank(item, top=1)
    assert after[0].duty_id == "minzheng.1"
    assert not before or after[0].score > before[0].score


def test_our_segmenter_leaves_jiebas_global_dictionary_alone() -> None:
    shared_segmenter().cut("高标准建成星级投放点")
    jieba.initialize()
    assert "星级投放点" not in jieba.dt.FREQ


def test_our_word_cut_is_jiebas_cut_without_hmm() -> None:
    segmenter = shared_segmenter()
    text = normalise("贯彻执行国家有关市政、环卫、园林绿化、城市综合管理方面的法律、法规和方针、政策")
    ours = [word for _, word in segmenter.words(text)]
    reference = [word for word in segmenter.cut(text) if word.isalpha()]
    assert ours == reference


def _duty(code: str, n: int, text: str):
    from fm_domain.catalog import guess_category
    from fm_domain.models import Duty

    return Duty(code, n, text, guess_category(text))


def _division(name: str, *duties: str):
    from fm_domain.models import Division

    return Division(name, duties)


def test_where_the_work_happens_weighs_less_than_what_is_done(index: DutyIndex) -> None:
    # 学校、幼儿园 are where this 环卫 work happens; 生活垃圾分类 is what is done
    best = index.rank("全面推进各学校（含幼儿园）生活垃圾分类工作", top=1)[0]
    assert best.department == "sz_chengguan"


def test_an_item_that_names_only_a_setting_keeps_its_full_weight(index: DutyIndex) -> None:
    flat = DutyIndex.build(index.catalog, scoring=index.scoring.with_overrides({"setting_weight": 1.0}))
    item = "新建幼儿园5所"
    assert index.rank(item, top=1) == flat.rank(item, top=1)


def test_an_agency_a_duty_works_over_signals_that_duties_field(index: DutyIndex) -> None:
    # sz_cgzf.3: 检查、督促各区城管执法局开展工作 — the duty is about 城管执法
    best = index.rank("与辖区中小学校联合建立城管执法助学岗", top=1)[0]
    assert (best.duty_id, best.evidence[0]) == ("sz_cgzf.3", "城管执法")


def test_building_an_index_leaves_the_garbage_collector_as_it_found_it() -> None:
    catalog = Catalog((sanding_department("gz_jiaoyu", "广州市教育局"),))
    assert gc.isenabled()
    DutyIndex.build(catalog)
    assert gc.isenabled()
    gc.disable()
    try:
        DutyIndex.build(catalog)
        assert not gc.isenabled()  # a caller that paused it keeps it paused
    finally:
        gc.enable()
