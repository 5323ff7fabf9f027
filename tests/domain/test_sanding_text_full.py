"""A whole 三定 regulation as published: duties, 内设机构 with their duties, and the staffing figures.

The texts here are synthetic but follow the two layouts 三定 regulations are published in: the article
layout of 2019 (第三条…主要职责是：…第四条 内设机构…第五条 编制) and the older section layout
(一、职能转变 二、主要职责 三、内设机构 四、人员编制 五、其他事项).
"""

from __future__ import annotations

import pytest

from fm_domain.catalog import parse_sanding_text
from fm_domain.catalog.numerals import int_to_chinese
from fm_domain.errors import CatalogError
from fm_domain.models import Department, Staffing

DUTIES = [
    "贯彻执行国家和省有关民政工作的方针政策和法律法规，拟订全市民政事业发展规划和政策并组织实施。",
    "拟订全市社会救助规划、政策和标准，健全城乡社会救助体系，负责城乡居民最低生活保障工作。",
    "负责特困人员救助供养和临时救助工作。",
    "拟订全市养老服务体系建设规划、政策和标准并组织实施。",
    "承担老年人福利和特殊困难老年人救助工作。",
    "负责全市社会组织登记管理和执法监督工作。",
    "拟订全市城乡社区治理政策，指导城乡社区建设。",
    "负责全市婚姻登记管理工作，推进婚俗改革。",
    "负责全市殡葬管理工作，推进殡葬改革。",
    "负责全市儿童福利工作，拟订儿童收养政策。",
    "负责农村留守儿童关爱保护和困境儿童保障工作。",
    "负责全市行政区划和行政区域界线管理工作。",
    "负责全市地名管理工作，承担地名命名、更名的审核。",
    "拟订全市残疾人权益保障政策，统筹推进残疾人福利制度建设。",
    "负责促进全市慈善事业发展，指导社会工作和志愿服务。",
    "负责全市民政服务机构安全生产的监督检查工作。",
    "协调推进全市民政领域信息化建设。",
    "负责全市民政统计工作。",
    "指导全市民政系统法治建设和行政执法工作。",
    "负责全市民政领域标准化工作。",
    "负责全市民政事业资金和资产的监督管理。",
    "完成市委、市政府交办的其他任务。",
]
DIVISIONS = [
    ("办公室", ["负责机关日常运转，承担信息、安全、保密、信访、政务公开等工作", "承担民政统计工作"]),
    ("政策法规处", ["起草有关地方性法规、规章草案", "承担行政复议和行政应诉工作"]),
    ("社会救助处", ["拟订城乡社会救助政策和标准", "负责城乡居民最低生活保障、特困人员救助供养工作"]),
    ("养老服务处", ["承担养老服务体系建设和老年人福利工作"]),
    ("社会组织管理局（社会组织执法监察处）", ["承担社会组织登记管理和执法监督工作"]),
    ("社会事务处", ["承担婚姻登记、殡葬管理工作"]),
    ("儿童福利处", ["拟订儿童福利、孤弃儿童保障、儿童收养政策和标准"]),
    ("人事处", ["承担机关和直属单位的干部人事、机构编制、队伍建设等工作"]),
]


def article_layout() -> str:
    duties = "\n".join(f"（{int_to_chinese(n)}）{text}" for n, text in enumerate(DUTIES, start=1))
    divisions = "\n".join(
        f"（{int_to_chinese(n)}）{name}。{'；'.join(sentences)}。"
        for n, (name, sentences) in enumerate(DIVISIONS, start=1)
    )
    after = len(DUTIES)
    return f"""南通市民政局职能配置、内设机构和人员编制规定

第一条 为了坚持和加强党的全面领导，推进市民政局职能、机构、编制科学化规范化法定化，根据有关规定，制定本规定。
第二条 市民政局是市政府工作部门，为正处级。
第三条 市民政局贯彻落实党中央关于民政工作的方针政策和决策部署，坚持党对民政工作的集中统一领导。主要职责是：
{duties}
（{int_to_chinese(after + 1)}）职能转变。市民政局应当加强社会救助、养老服务和儿童福利等基本民生保障职责。
（{int_to_chinese(after + 2)}）有关职责分工。与市应急管理局的职责分工：市应急管理局负责组织协调灾害救助工作。
第四条 市民政局设下列8个内设机构：
{divisions}
机关党委。负责机关和在通直属单位的党群工作。
离退休干部处。负责机关离退休干部工作。
第五条 市民政局机关行政编制48名。设局长1名，副局长4名；正副处长（主任）职数21名（含机关党委专职副书记1名）。
第六条 市民政局所属事业单位的设置、职责和编制事项另行规定。
第七条 本规定由市委负责解释，具体解释工作由市委机构编制委员会办公室承担。
第八条 本规定自2019年1月1日起施行。
"""


def section_layout() -> str:
    return """南通市司法局主要职责内设机构和人员编制规定

一、职能调整
（一）取消的职责。取消劳动教养管理职责。
（二）划入的职责。将原市政府法制办公室的职责划入市司法局，市司法局的主要职责相应调整。
二、主要职责
根据以上职责调整，市司法局的主要职责是：
（一）负责市政府立法工作，起草有关地方性法规、政府规章草案。
（二）负责全市法治宣传教育，拟订法治宣传教育规划并组织实施。
（三）指导、监督全市人民调解工作。
（四）负责全市社区矫正工作。
（五）负责全市法律援助工作。
（六）承办市委、市政府交办的其他事项。
三、内设机构
根据上述职责，市司法局设3个内设机构：
（一）办公室
负责机关日常运转；承担文电、会务、机要、档案工作。
（二）立法处
负责起草地方性法规、政府规章草案。
（三）社区矫正管理处
指导全市社区矫正工作。
四、人员编制
市司法局机关行政编制为三十五名。其中：局长1名、副局长三名；正副处长职数9名。
五、其他事项
市司法局所属事业单位的设置、职责和编制事项另行规定。
"""


@pytest.fixture
def article() -> Department:
    return parse_sanding_text(article_layout(), "minzheng", "南通市民政局", "民政局")


@pytest.fixture
def sections() -> Department:
    return parse_sanding_text(section_layout(), "sifa", "南通市司法局")


def test_all_duties_numbered_into_the_twenties_are_read(article: Department) -> None:
    assert [duty.text for duty in article.duties] == DUTIES
    assert article.duty(22).id == "minzheng.22"


def test_changes_of_function_and_division_of_labour_are_not_counted_as_duties(article: Department) -> None:
    assert len(article.duties) == len(DUTIES)
    assert not any("职能转变" in duty.text or "职责分工" in duty.text for duty in article.duties)


def test_each_division_is_read_with_its_duty_sentences(article: Department) -> None:
    assert [(division.name, list(division.duties)) for division in article.divisions] == [
        (name, sentences) for name, sentences in DIVISIONS
    ]


def test_unnumbered_bodies_after_the_division_list_do_not_join_the_last_division(article: Department) -> None:
    assert article.divisions[-1].name == "人事处"
    assert not any("党群" in sentence for sentence in article.divisions[-1].duties)


def test_staffing_figures_are_read_from_the_article_layout(article: Department) -> None:
    assert article.staffing == Staffing(administrative=48, leaders=5, bodies=8)


def test_the_article_layout_is_complete(article: Department) -> None:
    assert not article.partial
    assert article.short == "民政局"


def test_the_section_layout_skips_the_lists_of_the_change_section(sections: Department) -> None:
    assert len(sections.duties) == 6
    assert sections.duty(1).text.startswith("负责市政府立法工作")


def test_divisions_with_their_name_on_its_own_line_are_read(sections: Department) -> None:
    assert [division.name for division in sections.divisions] == ["办公室", "立法处", "社区矫正管理处"]
    assert sections.divisions[0].duties == ("负责机关日常运转", "承担文电、会务、机要、档案工作")


def test_staffing_written_in_chinese_numerals_is_read(sections: Department) -> None:
    assert sections.staffing == Staffing(administrative=35, leaders=4, bodies=3)


def test_a_text_without_divisions_or_staffing_has_none() -> None:
    department = parse_sanding_text("主要职责：\n（一）拟订社会救助政策。", "minzheng", "南通市民政局")
    assert department.divisions == ()
    assert department.staffing == Staffing()


def test_a_stated_total_of_leader_posts_is_taken_as_it_is() -> None:
    text = (
        "主要职责：\n（一）拟订社会救助政策。\n四、人员编制\n行政编制20名，局领导职数4名，处级领导职数9名。"
    )
    assert parse_sanding_text(text, "minzheng", "南通市民政局").staffing == Staffing(20, 4, None)


def test_a_division_whose_name_cannot_be_found_is_an_error_naming_its_line() -> None:
    text = "主要职责：\n（一）拟订社会救助政策。\n三、内设机构\n（一）负责机关日常运转，承担文电工作。\n"
    with pytest.raises(CatalogError) as raised:
        parse_sanding_text(text, "minzheng", "南通市民政局", source="民政局.txt")
    assert raised.value.where == "民政局.txt 第 4 行"
