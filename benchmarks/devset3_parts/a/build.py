"""Build labels.jsonl and items/<plan>.txt for devset3 part a (应急管理, 林业), then check them.

Every item is a verbatim clause of its raw file (after punctuation normalisation, see norm()).
Run: python build.py   (from this folder, or with the folder as cwd)
"""

import json
import re
import sys
from collections import Counter, OrderedDict
from pathlib import Path

HERE = Path(__file__).resolve().parent

YJ, LY = "cnzh_yingji", "siping_linye"
F_YJ, F_LY, F_SL, F_XZ = "应急管理", "林业", "水利", "乡镇"

# catalog department -> raw file its duty texts come from (checked: every duty text is in it)
CATALOG_RAW = {YJ: "yingji_qu_sanding_partial.txt", LY: "siping_linye_sanding_2009_partial.txt"}

# plan -> (as, field, source)
PLANS = {
    # 应急管理
    "sa_yingji": (YJ, F_YJ, "shi_yingji_summary_2024.txt"),
    "qa_yingji": (YJ, F_YJ, "qu_yingji_summary_2024.txt"),
    "sb_yingji": (YJ, F_YJ, "shi_yingji_summary_2023.txt"),
    "lh_yingji": (YJ, F_YJ, "shenzhen_luohu_yingji_summary_2024.txt"),
    "sc_yingji": (YJ, F_YJ, "shi_yingji_summary_2024b.txt"),
    "fzja_yingji": (YJ, F_YJ, "fuzhou_jinan_yingji_summary_2024.txt"),
    "ww_yingji": (YJ, F_YJ, "wuwei_yingji_summary_2024.txt"),
    # neighbour judged as 应急: a 2014 县水务局 防汛抗旱 summary (the 防办 moved to 应急 in 2018)
    "xs_shuiwu": (YJ, F_SL, "xian_shuiwu_fangxun_summary_2014.txt"),
    # 林业
    "gd_linye": (LY, F_LY, "xian_linye_plan_2024_guangdong.txt"),
    "xa_linye": (LY, F_LY, "xian_linye_halfyear_2021.txt"),
    "ah_linye": (LY, F_LY, "qu_linye_plan_2024_anhui.txt"),
    "hh_linye": (LY, F_LY, "shi_linye_summary_2023.txt"),
    "xc_linye": (LY, F_LY, "xian_linye_chengshichuangjian_2020.txt"),
    "mb_linye": (LY, F_LY, "xian_linye_summary_meiguobaie.txt"),
    "xj_linye": (LY, F_LY, "shi_linye_summary_xinjiang.txt"),
    "ys_linye": (LY, F_LY, "xian_linye_yesheng_summary.txt"),
    "xb_linye": (LY, F_LY, "xian_linye_summary_2022_xuncha.txt"),
    "yl_linyezhan": (LY, F_LY, "yiling_zhen_linyezhan_summary_2022.txt"),
    "cd_linye": (LY, F_LY, "changde_shi_linye_summary.txt"),
    "xf_linye": (LY, F_LY, "xian_senlinfanghuo_halfyear.txt"),
    # neighbour judged as 林业: a 乡政府 护林防火 report
    "yx_xiang": (LY, F_XZ, "yanxia_xiang_hulinfanghuo_report.txt"),
}

I, O, X, R = "in_scope", "overlap", "out_of_scope", "retired"
INT = "internal"

# (plan, item, expect, duty or None, why[, flags])
L = [
    # ---------------- 应急管理 ----------------
    ("sa_yingji", "市县乡三级领导干部带头包保重点企业", I, "cnzh_yingji.1", "安全生产包保重点企业，属(一)安全生产综合监督管理"),
    ("sa_yingji", "推进全国安全生产风险隐患排查整治集中行动", I, "cnzh_yingji.1", "安全生产隐患排查整治，(一)"),
    (
        "sa_yingji",
        "先后组织开展了化工园区、危险化学品、烟花爆竹、煤矿、自建房专项检查等",
        I,
        "cnzh_yingji.1",
        "危化品、烟花爆竹、煤矿安全检查是(一)原文所列行业；自建房一项是住建的，但条目主体在(一)",
    ),
    (
        "sa_yingji",
        "派出工作组下沉乡镇（街道）、行政村（社区），全覆盖开展安全生产督查检查",
        I,
        "cnzh_yingji.1",
        "安全生产督查检查，(一)组织和指导各乡镇(街道)",
    ),
    (
        "sa_yingji",
        "全市完成整改存在安全隐患自建房208栋，加固改造145栋",
        X,
        None,
        "自建房整治、加固改造是住建(房屋安全)的工作，写在应急总结里；目录无住建部门，应急清单无房屋安全条款",
    ),
    (
        "sa_yingji",
        "健全完善自然灾害监测预报体系，密切关注气象变化",
        I,
        "cnzh_yingji.9",
        "自然灾害监测预警，(九)；备选(四)监测预警和灾情报告制度",
    ),
    ("qa_yingji", "发挥党建引领作用，突出抓好政治建设", X, None, "局机关党建，非三定职责", INT),
    (
        "qa_yingji",
        "共查处无牌无证电动自行车上路112起",
        X,
        None,
        "查处无牌无证电动自行车上路是公安交警执法(原文“各执法部门”)，非应急职责",
    ),
    (
        "qa_yingji",
        "完成12起生产安全事故调查，16起突发事件、轻伤及险肇事故调查处理",
        I,
        "cnzh_yingji.1",
        "事故调查处理属安全生产综合监督管理(一)；截存清单无单列的事故调查条款",
    ),
    (
        "qa_yingji",
        "形成《区处置危险化学品事故应急预案》《区生产安全事故专项应急预案》",
        I,
        "cnzh_yingji.3",
        "编制安全生产类专项预案，(三)原文",
    ),
    (
        "qa_yingji",
        "组织编制《区生产安全事故报告和调查处理实施细则》",
        I,
        "cnzh_yingji.2",
        "拟订安全生产政策措施，(二)；备选(一)",
    ),
    (
        "qa_yingji",
        "聘请专家开展安全专项评估检查，对检查发现的30处问题进行督促整改",
        I,
        "cnzh_yingji.1",
        "安全专项检查与整改督促，(一)",
    ),
    ("qa_yingji", "深入推进企业安全生产标准化建设", I, "cnzh_yingji.1", "企业安全生产标准化，(一)工矿商贸安全生产监管"),
    (
        "qa_yingji",
        "重点聚焦危险化学品、有限空间作业、安全评价检测检验机构、安全生产培训机构等重点行业领域",
        I,
        "cnzh_yingji.1",
        "年度执法计划的重点领域，(一)危险化学品等安全生产监管",
    ),
    (
        "sb_yingji",
        "持续深入开展安全生产大检查、重大事故隐患专项排查整治2023行动",
        I,
        "cnzh_yingji.1",
        "安全生产大检查，(一)",
    ),
    (
        "sb_yingji",
        "对检查中发现的重大安全事故隐患，敢于动真碰硬，果断采取挂牌督办措施",
        I,
        "cnzh_yingji.1",
        "重大隐患挂牌督办，(一)",
    ),
    (
        "sb_yingji",
        "安委办持续深入各地厂矿、公共场所等一线开展隐患视频拍摄",
        I,
        "cnzh_yingji.1",
        "安委办(设在应急局)曝光隐患，(一)",
    ),
    (
        "lh_yingji",
        "共招引8家企业落户，预计年产值4亿元，纳税200万",
        X,
        None,
        "招商引资是区里分派的中心任务，不是应急三定职责",
    ),
    (
        "lh_yingji",
        "拟定罗湖区党政领导干部安全生产职责清单和年度安全生产重点工作清单",
        I,
        "cnzh_yingji.1",
        "安全生产责任体系，(一)综合监督管理；备选(二)政策措施",
    ),
    (
        "lh_yingji",
        "推进安全生产治本攻坚三年行动，统筹制定“1+25+10”实施方案",
        I,
        "cnzh_yingji.1",
        "治本攻坚三年行动，(一)",
    ),
    ("lh_yingji", "开展重大事故隐患判定标准宣贯50次", I, "cnzh_yingji.1", "重大事故隐患判定标准宣贯，(一)"),
    (
        "lh_yingji",
        "组织开展高风险区域和高风险点位摸排管控工作",
        I,
        "cnzh_yingji.1",
        "安全生产风险点摸排(原文在安全生产专项整治下)，(一)；备选(九)风险评估(自然灾害)",
    ),
    (
        "lh_yingji",
        "以“四不两直”方式常态化对行业部门和生产经营单位开展督导检查",
        I,
        "cnzh_yingji.1",
        "督导行业部门和生产经营单位，(一)",
    ),
    (
        "sc_yingji",
        "召开全市自然灾害防治工作会议，系统部署年度任务",
        I,
        "cnzh_yingji.9",
        "自然灾害防治，(九)指导协调水旱、地质灾害等防治",
    ),
    (
        "sc_yingji",
        "积极培育发展民间救援力量，截至目前，全市已成立社会救援组织12支",
        I,
        "cnzh_yingji.7",
        "社会应急救援力量建设，(七)原文",
    ),
    (
        "sc_yingji",
        "组织开展消防技能竞赛、消防知识竞赛，加强应急救援技能培训",
        I,
        "cnzh_yingji.7",
        "救援队伍技能训练，(七)；备选(八)消防工作",
    ),
    (
        "sc_yingji",
        "推进房屋建筑抗震加固，夯实地震监测预警系统",
        X,
        None,
        "房屋抗震加固是住建、地震监测是地震部门；应急清单(九)只列森林、水旱、地质灾害，地震只在(七)救援力量",
    ),
    (
        "sc_yingji",
        "增设公众防震减灾宣传，提升自救互救能力",
        I,
        "cnzh_yingji.1",
        "防灾减灾宣传属(一)综合防灾减灾救灾工作；截存清单无单列的宣传教育条款",
    ),
    (
        "sc_yingji",
        "与气象部门合作，依托科学分析，精准掌握雨态水情，及时发布预警信息",
        I,
        "cnzh_yingji.9",
        "自然灾害综合监测预警，(九)；气象是合作方，不使之成为气象事项；备选(四)",
    ),
    (
        "sc_yingji",
        "全面加强非煤矿山、危险化学品等重点领域的安全监管",
        I,
        "cnzh_yingji.1",
        "非煤矿山、危化品安全监管，(一)",
    ),
    (
        "sc_yingji",
        "制定《2024年市安全生产举报奖励办法》，鼓励社会监督",
        I,
        "cnzh_yingji.2",
        "拟订安全生产政策措施，(二)",
    ),
    (
        "sc_yingji",
        "组建专家团队对全市60家企业进行督导，协助企业化解风险",
        I,
        "cnzh_yingji.1",
        "危化品重大危险源企业督导，(一)",
    ),
    (
        "fzja_yingji",
        "由区委主要领导与乡镇（街道）和区直部门分别签订2024年安全生产责任",
        I,
        "cnzh_yingji.1",
        "安全生产责任书，(一)",
    ),
    (
        "fzja_yingji",
        "构建“综合监管+属地管理+行业监管”的三维监管体系",
        I,
        "cnzh_yingji.1",
        "安全生产综合监管体系，(一)",
    ),
    (
        "fzja_yingji",
        "开展了治本攻坚三年行动、电动自行车停放充电管理整治、九小场所“清开配”等系列隐患排查整治行动",
        I,
        "cnzh_yingji.1",
        "综合隐患排查整治，(一)；电动自行车、九小场所偏消防(八)，条目整体取(一)",
    ),
    (
        "ww_yingji",
        "把坚定拥护“两个确立”、坚决做到“两个维护”作为最高政治原则和根本政治责任",
        X,
        None,
        "机关政治建设，非三定职责",
        INT,
    ),
    (
        "ww_yingji",
        "充分发挥局党委理论学习中心组学习主阵地作用",
        X,
        None,
        "局党委中心组学习，机关党建",
        INT,
    ),
    (
        "ww_yingji",
        "严格执行领导干部个人有关事项报告、外出报备等制度",
        X,
        None,
        "干部管理纪律，机关内部",
        INT,
    ),
    (
        "ww_yingji",
        "落实好党的组织生活制度特别是“三会一课”制度、主题党日及民主评议党员、领导干部双重组织生活规定",
        X,
        None,
        "党的组织生活，机关党建",
        INT,
    ),
    (
        "ww_yingji",
        "通过党委会、支部会、机关会等方式，认真学习贯彻习近平新时代中国特色社会主义思想",
        X,
        None,
        "机关理论学习，机关党建",
        INT,
    ),
    (
        "xs_shuiwu",
        "调整充实了县防汛抗旱指挥部成员单位和组成人员",
        I,
        "cnzh_yingji.5",
        "2014年防办在水务；按现行体制由应急承担应对灾害指挥部工作，(五)；备选(九)水旱灾害防治",
    ),
    (
        "xs_shuiwu",
        "重新确定了117座中小型水库和各乡（镇）的防汛责任人",
        I,
        "cnzh_yingji.9",
        "落实防汛责任人属指导协调水旱灾害防治(九)；水库安全运行本身是水利的(目录无水利部门)",
    ),
    (
        "xs_shuiwu",
        "组建了一支群专结合、军民联防、组织得力的防汛抢险应急队伍",
        I,
        "cnzh_yingji.7",
        "抗洪抢险应急救援力量建设，(七)原文",
    ),
    (
        "xs_shuiwu",
        "督促各乡镇人民政府和水利工程管理单位分别组建防汛抢险应急队伍",
        I,
        "cnzh_yingji.7",
        "统筹指导乡镇及有关单位应急救援力量建设，(七)",
    ),
    (
        "xs_shuiwu",
        "因地制宜开展针对性强、形式多样的防汛演练",
        I,
        "cnzh_yingji.3",
        "组织开展预案演练，(三)",
    ),
    (
        "xs_shuiwu",
        "建立了防汛抗旱指挥部成员单位沟通协商机制",
        I,
        "cnzh_yingji.6",
        "应急协调联动机制，(六)；备选(五)指挥部工作",
    ),
    # ---------------- 林业 ----------------
    (
        "gd_linye",
        "今年春季重点推进乡村绿化美化，2月5日完成示范村的种植任务",
        I,
        "siping_linye.3",
        "乡村绿化种植属植树造林，(三)",
    ),
    (
        "gd_linye",
        "同时开展“一村一棵榕”乡村绿化行动，进一步提升村容村貌",
        I,
        "siping_linye.3",
        "乡村绿化行动，(三)；“村容村貌”不使之成为农业农村事项",
    ),
    ("gd_linye", "把平陵街道山下村打造成省级森林乡村", I, "siping_linye.3", "森林乡村创建属造林绿化，(三)"),
    (
        "gd_linye",
        "全力以赴推进森林防灭火相关工作，全天候、无死角严格管控野外火源",
        I,
        "siping_linye.5",
        "森林防火、野外火源管控，(五)；灭火(扑救)一面是应急(七)(九)，条目主体是防",
    ),
    (
        "gd_linye",
        "严厉打击违法违规占林用林毁林行为",
        I,
        "siping_linye.5",
        "查处破坏森林资源案件，(五)；备选(四)林地管理",
    ),
    (
        "gd_linye",
        "做好森林督查图斑整改和林木采伐审批监管工作",
        I,
        "siping_linye.4",
        "林木采伐监管、森林资源监督，(四)",
    ),
    (
        "gd_linye",
        "持续做好重点建设项目使用林地审核审批工作",
        I,
        "siping_linye.4",
        "依法办理林地征用和占用，(四)原文",
    ),
    (
        "gd_linye",
        "计划在2月底前完成2023年度林长制县级考核工作",
        I,
        "siping_linye.1",
        "2009年清单无林长制条款；林长制是现行森林资源保护发展责任制，归(一)贯彻森林资源保护方针政策；备选(四)",
    ),
    (
        "gd_linye",
        "在元宵节前后开展生态建设助推高质量发展公益募捐活动",
        X,
        None,
        "社会募捐活动不是林业三定职责(募捐归民政/慈善组织)",
    ),
    ("gd_linye", "在3月12日植树节开展义务植树活动", I, "siping_linye.3", "义务植树，(三)"),
    (
        "xa_linye",
        "已完成x.x万亩油茶补植补造和春季抚育",
        I,
        "siping_linye.7",
        "油茶是经济林产业(原文“油茶产业建设”)，(七)指导林业产业开发；备选(三)",
    ),
    (
        "xa_linye",
        "启动了xx万亩老旧油茶林低改品改工作",
        I,
        "siping_linye.7",
        "油茶低改品改属林业产业，(七)",
    ),
    (
        "xa_linye",
        "共计完成人工造林xxxxx亩，封山育林xxxxx亩，森林扶幼xxxxx亩",
        I,
        "siping_linye.3",
        "植树造林、封山育林，(三)原文",
    ),
    (
        "xa_linye",
        "全面启动殴洲投资银行贷款造林项目",
        I,
        "siping_linye.3",
        "贷款造林项目的主体是造林，(三)；备选(八)林业资金",
    ),
    (
        "xa_linye",
        "及时组织召开全县自然保护区调整和自然保护地整合优化工作调度会",
        X,
        None,
        "2009年清单无自然保护区/保护地条款(2018年后才划入林草部门)；最近的是(五)野生动植物保护；判为无职责",
    ),
    (
        "ah_linye",
        "计划完成造林200亩，森林抚育3000亩",
        I,
        "siping_linye.3",
        "造林与森林抚育，(三)",
    ),
    (
        "ah_linye",
        "创建省级森林城镇1个、森林村庄2个，森林覆盖率保持在22%以上",
        I,
        "siping_linye.3",
        "森林城镇/村庄创建属国土绿化，(三)",
    ),
    (
        "ah_linye",
        "确保林长、护林员巡林上线率达标",
        I,
        "siping_linye.4",
        "护林员巡林是森林资源管护，(四)；林长制本身2009年清单无",
    ),
    (
        "hh_linye",
        "积极推进淮河、江淮运河生态廊道建设",
        I,
        "siping_linye.3",
        "生态廊道造林绿化，(三)；淮河、运河不使之成为水利事项",
    ),
    (
        "hh_linye",
        "制定并贯彻国土人工绿化“1+7”导则",
        I,
        "siping_linye.1",
        "拟定国土绿化政策并组织实施，(一)；备选(三)",
    ),
    (
        "hh_linye",
        "高质量开展林草湿地调查监测。完成200个森林样地、28个湿地样地",
        I,
        "siping_linye.4",
        "森林资源调查、动态监测，(四)；湿地、草原部分2009年清单无",
    ),
    (
        "xc_linye",
        "在积极做好新冠肺炎疫情防控工作的同时",
        X,
        None,
        "疫情防控是卫健/属地的工作，不是林业职责",
    ),
    (
        "xc_linye",
        "完成省级“绿化、美化、彩化、珍贵化”建设",
        I,
        "siping_linye.3",
        "森林“四化”造林，(三)",
    ),
    (
        "xc_linye",
        "积极开展古树名木及后备资源的调查、挂牌保护工作",
        I,
        "siping_linye.4",
        "古树名木调查保护属森林(林木)资源管理，(四)；城市建成区内的古树归城管园林，此处为县林业",
    ),
    (
        "mb_linye",
        "林业系统广大干部职工以十八大精神为指导，坚决与县委在思想上、组织上保持高度一致",
        X,
        None,
        "机关政治表态，机关党建",
        INT,
    ),
    (
        "mb_linye",
        "完成森林经营10亩，补植造林15亩，义务植树1万株",
        I,
        "siping_linye.3",
        "造林与义务植树，(三)",
    ),
    (
        "mb_linye",
        "结合美好乡村建设，认真开展森林长廊、森林城镇、森林村庄、森林城市创建工作",
        I,
        "siping_linye.3",
        "森林城镇村庄创建，(三)；“美好乡村建设”是背景",
    ),
    (
        "mb_linye",
        "分别开展了美国白蛾第一代、第二代、第三代幼虫期普查工作",
        I,
        "siping_linye.5",
        "森林病虫害监测，(五)",
    ),
    (
        "mb_linye",
        "利用高射程车载系统，及时出击，有效遏制了美国白蛾疫情的扩散",
        I,
        "siping_linye.5",
        "森林病虫防治，(五)；“疫情”指虫害，不是卫健事项",
    ),
    (
        "xj_linye",
        "积极践行党的群众路线，服务全市经济社会发展和社会稳定、民族团结大局",
        X,
        None,
        "群众路线教育实践与维稳大局的表态，机关党建",
        INT,
    ),
    (
        "xj_linye",
        "在春季植树造林中有10.9万人次参加义务植树，植树195.31万株",
        I,
        "siping_linye.3",
        "义务植树，(三)",
    ),
    (
        "xj_linye",
        "定植沙枣、杨树等68万株（含补植），完成投资125万元",
        I,
        "siping_linye.3",
        "农田防护林营造，(三)",
    ),
    (
        "xj_linye",
        "计划在花园乡九村营造防风固沙造林3000亩",
        I,
        "siping_linye.3",
        "防风治沙造林，(三)原文“防风治沙”",
    ),
    (
        "xj_linye",
        "向自治区林业厅上报了项目实施计划和资金申请报告",
        I,
        "siping_linye.7",
        "审核申报林业建设项目，(七)；备选(八)林业资金",
    ),
    (
        "ys_linye",
        "坚决打击各种违法销售野生动物现象",
        I,
        "siping_linye.5",
        "查处破坏野生动物资源案件，(五)；市场监管一面目录无",
    ),
    (
        "ys_linye",
        "我局专门制作了野生动物保护宣传电视专题片",
        I,
        "siping_linye.5",
        "陆生野生动物保护宣传，(五)",
    ),
    (
        "ys_linye",
        "在县城主街道悬挂保护野生动物的横幅标语",
        I,
        "siping_linye.5",
        "野生动物保护宣传，(五)",
    ),
    (
        "ys_linye",
        "对有关野生动物救护事件以及打击破坏野生动物的案件进行电视和报纸报道",
        I,
        "siping_linye.5",
        "野生动物救护与案件宣传，(五)",
    ),
    (
        "xb_linye",
        "林业局接受了十六届XX县委第一轮巡察",
        X,
        None,
        "接受县委巡察，机关内部",
        INT,
    ),
    (
        "xb_linye",
        "局党组把巡察整改作为首要政治任务来对待，成立领导组制定整改方案",
        X,
        None,
        "巡察整改，机关党建",
        INT,
    ),
    (
        "yl_linyezhan",
        "组织科普之春、林业科技周、世界防治荒漠化与干旱日、科普日等活动",
        I,
        "siping_linye.6",
        "林业科技推广与科普，(六)",
    ),
    (
        "yl_linyezhan",
        "为12户农户的建房办理了征占用林地手续",
        I,
        "siping_linye.4",
        "依法办理林地征用和占用，(四)",
    ),
    (
        "yl_linyezhan",
        "全镇共办理民用材和征占用林地采伐证343份",
        I,
        "siping_linye.4",
        "林木凭证采伐，(四)",
    ),
    (
        "yl_linyezhan",
        "完成退耕还林森林抚育、天然林公益林等补助资金兑付",
        I,
        "siping_linye.8",
        "林业资金管理与兑付，(八)；备选(三)造林",
    ),
    (
        "yl_linyezhan",
        "主动化解涉林矛盾纠纷，妥善解决群众来信来访反映的难点、热点问题",
        I,
        "siping_linye.4",
        "维护农民经营林业合法权益(林权纠纷)，(四)",
    ),
    (
        "yl_linyezhan",
        "参与林业局组织的夜学活动、在站内组织学习党的二十大",
        X,
        None,
        "机关政治学习",
        INT,
    ),
    (
        "yl_linyezhan",
        "认真落实党风廉政建设要求，在站内开展党风廉政建设宣传教育月活动",
        X,
        None,
        "党风廉政建设，机关内部",
        INT,
    ),
    (
        "cd_linye",
        "发动群众大力开展荒山造林、四旁植树和退化林、历年来损毁林地修复",
        I,
        "siping_linye.3",
        "植树造林，(三)",
    ),
    (
        "cd_linye",
        "完成新造林11086亩、森林抚育20000亩、义务植树65.42万株",
        I,
        "siping_linye.3",
        "造林、抚育、义务植树，(三)",
    ),
    (
        "cd_linye",
        "协调交通、公路等部门加大省市乡公路绿化",
        I,
        "siping_linye.3",
        "公路绿化是国土绿化，林业协调交通部门，(三)；不使之成为交通事项",
    ),
    (
        "sa_yingji",
        "深刻汲取长沙“4·29”特别重大居民自建房倒塌事故教训，对全市自建房进行全面排查整治",
        X,
        None,
        "居民自建房排查整治由住建牵头(房屋安全)；应急清单无房屋安全条款，目录无住建部门",
    ),
    (
        "yl_linyezhan",
        "严格落实“两个责任”和“一岗双责”，着力打造党建工作长效机制",
        X,
        None,
        "党建与廉政责任制，机关内部",
        INT,
    ),
    (
        "yl_linyezhan",
        "按时排查党风廉政建设风险点，确保廉洁用权",
        X,
        None,
        "廉政风险点排查，机关内部",
        INT,
    ),
    (
        "xf_linye",
        "县政府与各林权乡镇和有关部门签定了森林防火责任书",
        I,
        "siping_linye.5",
        "森林防火责任制，(五)",
    ),
    (
        "xf_linye",
        "坚持森林火警12119报警电话24小时值班制度",
        I,
        "siping_linye.5",
        "森林火警值守属森林防火日常管理，(五)；接警后的扑救一面归应急",
    ),
    (
        "xf_linye",
        "森林火灾扑救以村社义务扑火队伍和承包经营业主为主要扑救力量",
        O,
        "cnzh_yingji.7",
        "森林火灾扑救力量建设是应急(七)原文“森林火灾扑救…救援力量建设”",
    ),
    (
        "xf_linye",
        "我县林区乡镇与辖区内的经营业主签定了森林防火责任书",
        I,
        "siping_linye.5",
        "森林防火责任书，(五)",
    ),
    (
        "yx_xiang",
        "分别与各村（社区）签订护林防火工作目标管理责任书",
        I,
        "siping_linye.5",
        "乡政府护林防火；按林业局职责归(五)森林防火",
    ),
    (
        "yx_xiang",
        "全乡共开展护林防火知识宣讲活动4次",
        I,
        "siping_linye.5",
        "森林防火宣传，(五)",
    ),
    (
        "yx_xiang",
        "加强对放牧人员及“痴、呆、傻”三类人群的监管",
        I,
        "siping_linye.5",
        "野外火源的重点人群监管，(五)森林防火",
    ),
    (
        "yx_xiang",
        "坚持每天巡山检查与定点设卡检查相结合",
        I,
        "siping_linye.5",
        "巡山设卡防火，(五)",
    ),
    (
        "yx_xiang",
        "健全乡村（社区）两级扑火基础设备",
        O,
        "cnzh_yingji.7",
        "扑火装备是扑救一面的应急保障能力建设，应急(七)",
    ),
    (
        "yx_xiang",
        "组建了由六个基层民兵连307人组成的应急扑火队伍",
        O,
        "cnzh_yingji.7",
        "森林火灾扑救队伍是应急(七)专业/社会应急救援力量建设，不是林业(五)防火",
    ),
]

PUNCT = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？", "!": "！"}


def norm(s: str) -> str:
    s = "".join(PUNCT.get(c, c) for c in s)
    return re.sub(r"([，：；（）？！。、])[ \u3000]+", r"\1", s)


def main() -> int:
    import yaml

    cat = yaml.safe_load((HERE / "catalog.yaml").read_text(encoding="utf-8"))
    duty_ids = {
        f"{d['code']}.{x['n']}": x.get("status", "active") for d in cat["departments"] for x in d["duties"]
    }
    dept_codes = {d["code"] for d in cat["departments"]}
    errors = []
    # every catalog duty text is verbatim in its raw file
    for d in cat["departments"]:
        raw = norm((HERE / "raw" / CATALOG_RAW[d["code"]]).read_text(encoding="utf-8"))
        for x in d["duties"]:
            if x["text"] not in raw:
                errors.append(f"ERROR duty text not in raw: {d['code']}.{x['n']}")
    labels = []
    raw_cache = {}
    for row in L:
        plan, item, expect, duty, why = row[:5]
        extra = row[5:]
        internal = INT in extra
        src_override = next((e for e in extra if isinstance(e, str) and e.endswith(".txt")), None)
        as_, field, source = PLANS[plan]
        source = src_override or source
        if source not in raw_cache:
            text = (HERE / "raw" / source).read_text(encoding="utf-8")
            if not text.startswith("source: ") or "\ntitle: " not in text.split("\n\n")[0]:
                errors.append(f"ERROR raw header missing: {source}")
            raw_cache[source] = norm(text)
        if norm(item) != item:
            errors.append(f"ERROR item not normalised: {item}")
        if item not in raw_cache[source]:
            errors.append(f"ERROR NOT IN RAW [{source}]: {item}")
        n = len(item)
        if not 15 <= n <= 80:
            errors.append(f"ERROR length {n}: {item}")
        if expect in (I, O, R):
            if duty not in duty_ids:
                errors.append(f"ERROR unknown duty {duty}: {item}")
            else:
                st = duty_ids[duty]
                if expect == I and (not duty.startswith(as_ + ".") or st != "active"):
                    errors.append(f"ERROR in_scope must use own active duty: {item}")
                if expect == O and duty.startswith(as_ + "."):
                    errors.append(f"ERROR overlap must use another department: {item}")
                if expect == R and (not duty.startswith(as_ + ".") or st == "active"):
                    errors.append(f"ERROR retired must use own non-active duty: {item}")
        elif expect == X:
            if duty is not None:
                errors.append(f"ERROR out_of_scope with duty: {item}")
        else:
            errors.append(f"ERROR bad expect {expect}")
        if internal and expect != X:
            errors.append(f"ERROR internal but not out_of_scope: {item}")
        if as_ not in dept_codes:
            errors.append(f"ERROR bad as {as_}")
        rec = OrderedDict(
            plan=plan, **{"as": as_}, item=item, expect=expect, duty=duty, source=source, why=why, field=field
        )
        if internal:
            rec["internal"] = True
        labels.append(rec)

    seen = Counter(r["item"] for r in labels)
    errors += [f"ERROR duplicate item: {k}" for k, v in seen.items() if v > 1]
    if errors:
        print("\n".join(errors))
        return 1

    with open(HERE / "labels.jsonl", "w", encoding="utf-8") as f:
        for r in labels:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    items_dir = HERE / "items"
    items_dir.mkdir(exist_ok=True)
    for p in items_dir.glob("*.txt"):
        p.unlink()
    by_plan = OrderedDict()
    for r in labels:
        by_plan.setdefault(r["plan"], []).append(r["item"])
    for plan, items in by_plan.items():
        (items_dir / f"{plan}.txt").write_text("\n".join(items) + "\n", encoding="utf-8")

    c = Counter(r["expect"] for r in labels)
    print(len(labels), "labels;", dict(c))
    print("internal:", sum(1 for r in labels if r.get("internal")), f"out_of_scope share: {c[X] / len(labels):.0%}")
    for as_ in (YJ, LY):
        rs = [r for r in labels if r["as"] == as_]
        print(as_, len(rs), dict(Counter(r["expect"] for r in rs)), "internal", sum(1 for r in rs if r.get("internal")))
    for plan in by_plan:
        rs = [r for r in labels if r["plan"] == plan]
        c = Counter(r["expect"] for r in rs)
        print(f"| {plan} | {rs[0]['as']} | {rs[0]['field']} | {c[I]} | {c[R]} | {c[O]} | {c[X]} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
