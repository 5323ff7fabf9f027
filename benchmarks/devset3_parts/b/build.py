"""Build labels.jsonl and items/<plan>.txt for devset3 part b, then check them.

Every item is a verbatim clause of its raw file (after punctuation normalisation, see norm()).
Run: python build.py   (from this folder, or with the folder as cwd)
"""

import json
import re
import sys
from collections import Counter, OrderedDict
from pathlib import Path

HERE = Path(__file__).resolve().parent

HB, TJ = "qx_huanbao", "sd_tongji"
F_HB, F_TJ, F_FG = "生态环境", "统计", "发展改革"

# plan: (as, field, source)
PLANS = {
    # 生态环境 (as qx_huanbao)
    "fy_shengtai": (HB, F_HB, "fuyang_qu_shengtai_summary_2023.txt"),
    "qa_shengtai": (HB, F_HB, "qu_shengtai_q1_2024.txt"),
    "xa_shengtai": (HB, F_HB, "xian_shengtai_halfyear_2022.txt"),
    "xb_shengtai": (HB, F_HB, "xian_shengtai_huibao_2023.txt"),
    "mj_huanbao": (HB, F_HB, "mengjin_huanbao_summary_2018.txt"),
    "yj_huanbao": (HB, F_HB, "yongjia_huanbao_halfyear.txt"),
    "xaq_shengtai": (HB, F_HB, "xian_shengtai_xfenju_2021.txt"),
    "xc_huanbao": (HB, F_HB, "xian_huanbao_shengtaixian_summary.txt"),
    "mq_shengtai": (HB, F_HB, "minquan_shengtai_dangjian_meeting.txt"),
    "sb_shengtai": (HB, F_HB, "shibing_shengtai_dangjian.txt"),
    "jn_shengtai": (HB, F_HB, "junan_shengtai_zuofeng_2022.txt"),
    "qb_huanbao": (HB, F_HB, "qu_huanbao_dangjian_bushu_2018.txt"),
    "qc_shengtai": (HB, F_HB, "qu_shengtai_fushe_2022.txt"),
    "dx_shengtai": (HB, F_HB, "dingxi_shengtai_santongshi_2023.txt"),
    # 统计 (as sd_tongji)
    "sdq_tongji": (TJ, F_TJ, "shangdang_tongji_summary_2020.txt"),
    "xw_tongji": (TJ, F_TJ, "xian_tongji_sishang_2016.txt"),
    "xd_tongji": (TJ, F_TJ, "xian_tongji_biaozhunhua.txt"),
    "lc_tongji": (TJ, F_TJ, "lingcheng_tongji_jiceng.txt"),
    "zs_tongji": (TJ, F_TJ, "zhongshan_tongji_nianjian_2003.txt"),
    "lj_tongji": (TJ, F_TJ, "lijin_tongji_1997.txt"),
    "zl_tongji": (TJ, F_TJ, "zhonglou_tongji_dangke_2019.txt"),
    "nb_tongji": (TJ, F_TJ, "ningbo_tongji_congyan_2021.txt"),
    "als_tongji": (TJ, F_TJ, "alashan_tongji_shuangsuiji_2024.txt"),
    "xy_tongji": (TJ, F_TJ, "xinyang_tongji_shuangsuiji_2018.txt"),
    "xyx_tongji": (TJ, F_TJ, "xinye_tongji_qiangji_2024.txt"),
    "zj_tongji": (TJ, F_TJ, "zhanjiang_qu_tongji_zhifa_2007.txt"),
    "ym_tongji": (TJ, F_TJ, "yumen_tongji_kaifangri.txt"),
    "wn_tongji": (TJ, F_TJ, "weinan_tongji_chuangwen_2021.txt"),
    "hr_tongji": (TJ, F_TJ, "huarong_tongji_yiqing_2020.txt"),
    # 发展改革 (no 发改 list in the catalog: as = the plan code itself)
    "hn_fagai": ("hn_fagai", F_FG, "hengnan_fagai_halfyear_2021.txt"),
    "dl_fagai": ("dl_fagai", F_FG, "danling_fagai_q1.txt"),
}

I, O, X, R = "in_scope", "overlap", "out_of_scope", "retired"
INT = "internal"

# (plan, item, expect, duty or None, why[, flags])
L = [
    # ---------------- 生态环境 ----------------
    ("fy_shengtai", "常态化开展重点区域污染源排查整治工作", I, "qx_huanbao.2", "污染源排查整治是污染防治监督管理，(2)"),
    (
        "fy_shengtai",
        "继续聘请2家第三方公司开展大气污染防治区级自查工作",
        I,
        "qx_huanbao.2",
        "大气污染防治自查，(2)污染防治监督管理",
    ),
    (
        "fy_shengtai",
        "采用颗粒物雷达扫描、省市环境空气自动监测站、微型空气自动监测站点相结合的方式，对大气污染源进行精准溯源",
        I,
        "qx_huanbao.2",
        "用监测手段为污染源溯源，目的在治污，(2)；备选(5)环境监测",
    ),
    (
        "qa_shengtai",
        "建立区级大气污染防治平台，实行大气环境网格化监管",
        I,
        "qx_huanbao.2",
        "大气污染网格化监管，(2)",
    ),
    ("qa_shengtai", "推进金冠玻璃、油西建材等超低排放改造", I, "qx_huanbao.2", "工业企业超低排放改造的监督推进，(2)"),
    (
        "qa_shengtai",
        "加强餐饮油烟、露天焚烧、建筑工地、道路扬尘、秸秆禁烧管控等大气面源治理",
        I,
        "qx_huanbao.2",
        "大气面源污染治理，(2)；餐饮油烟、工地扬尘的日常执法常在城管/住建，但此处是环保部门统筹的面源治理",
    ),
    (
        "qa_shengtai",
        "XX区第二污水处理厂于202x年底完成建设并投入使用",
        X,
        None,
        "污水处理厂建设运营属住建/水务部门，环保局只对其排放监管；目录无此条",
    ),
    (
        "qa_shengtai",
        "积极争取202x年省级农村黑臭水体治理试点项目",
        I,
        "qx_huanbao.2",
        "农村黑臭水体治理属农村环境综合整治，(2)组织指导城镇和农村环境综合整治",
    ),
    (
        "qa_shengtai",
        "深入开展重金属污染源头防治，强化固体废物环境监管和风险防控",
        I,
        "qx_huanbao.2",
        "重金属、固废污染防治监管，(2)",
    ),
    (
        "qa_shengtai",
        "扎实推进农业面源污染治理和畜禽养殖污染整治",
        I,
        "qx_huanbao.2",
        "农业面源、畜禽养殖污染整治属农村环境整治与污染防治，(2)；农业农村部门为生产主管(不在目录)",
    ),
    (
        "qa_shengtai",
        "共完成土壤污染状况调查报告12份",
        I,
        "qx_huanbao.5",
        "土壤污染状况调查是环境质量调查评估，(5)；备选(2)",
    ),
    (
        "qa_shengtai",
        "对1家涉重金属企业进行了现场检查，督促其落实环保整改措施",
        I,
        "qx_huanbao.2",
        "现场检查督促整改是环境监察，(2)",
    ),
    (
        "qa_shengtai",
        "加大了对非法倾倒危险废物行为的打击力度，查处相关案件3起",
        I,
        "qx_huanbao.2",
        "查处非法倾倒危废是环境监察与行政稽查，(2)；备选(3)污染事故调查处理",
    ),
    (
        "xa_shengtai",
        "健全“散乱污”企业整治长效机制，强化涉气企业监管",
        I,
        "qx_huanbao.2",
        "涉气企业监管，(2)",
    ),
    (
        "xa_shengtai",
        "推进2家重点企业挥发性有机液体储罐废气治理",
        I,
        "qx_huanbao.2",
        "VOCs废气治理，(2)",
    ),
    (
        "xa_shengtai",
        "协助全县8家重点涉挥发性有机物企业实施“一企一策”编制",
        I,
        "qx_huanbao.2",
        "指导企业VOCs治理方案，(2)",
    ),
    (
        "xa_shengtai",
        "开展柴油货车路检路查，加强全县3家汽车尾气监测企业（i站）和2家机动车尾气治理维护站（m站）监管",
        I,
        "qx_huanbao.2",
        "机动车排气污染监管，(2)；路检路查常与公安交警联合，但实质是移动源污染防治",
    ),
    (
        "xa_shengtai",
        "开展扬尘污染防治专项行动，抓好秸秆禁烧、烟花爆竹禁放等工作",
        I,
        "qx_huanbao.2",
        "扬尘、秸秆焚烧等大气污染防治，(2)；烟花爆竹禁放的执法在公安，此条整体是大气专项",
    ),
    (
        "xa_shengtai",
        "稳步推进长江入河排污口整治，完成全县96个长江干流入河排污口上半年现场检查和取样监测",
        I,
        "qx_huanbao.2",
        "入河排污口整治与检查，(2)污染防治监督管理；取样监测一面备选(5)",
    ),
    (
        "xb_shengtai",
        "实施冬春季秸秆禁烧专项行动，广泛宣传禁烧规定，加强卫星抓拍火点核查",
        I,
        "qx_huanbao.2",
        "秸秆焚烧是大气污染防治，(2)；乡镇与农业部门配合",
    ),
    (
        "xb_shengtai",
        "今年共办理 6 个违法焚烧秸秆案件，罚款共计 3000元",
        I,
        "qx_huanbao.2",
        "违法焚烧的行政处罚属环境监察/行政稽查，(2)",
    ),
    (
        "xb_shengtai",
        "结合上级预警及时启动污染天气应急响应并强化组织实施",
        I,
        "qx_huanbao.5",
        "重污染天气预警与响应，(5)预测预警；备选(2)",
    ),
    ("xb_shengtai", "实施水源地规范化建设和环境整治", I, "qx_huanbao.2", "饮用水水源地环境保护，(2)"),
    (
        "xb_shengtai",
        "正在推进寺村、妙皇集镇水源保护区调整工作",
        I,
        "qx_huanbao.2",
        "水源保护区划定调整属饮用水水源地环境保护，(2)；备选(1)环境功能区划",
    ),
    (
        "xb_shengtai",
        "推进“十四五”重点监管单位土壤污染隐患排查“回头看”工作",
        I,
        "qx_huanbao.2",
        "土壤污染重点监管单位监管，(2)",
    ),
    (
        "mj_huanbao",
        "共办理人大代表议案2起，在办理过程中做到细致调查、认真答复",
        X,
        None,
        "办理人大代表议案是机关共同事务，目录无此职责",
        INT,
    ),
    (
        "mj_huanbao",
        "今年我县生态环境建设体系共实施生态区划、蓝天工程、碧水工程等8大专项54项重点工程",
        I,
        "qx_huanbao.1",
        "组织实施环境保护规划计划的重点工程，(1)；备选(6)生态环境保护",
    ),
    (
        "mj_huanbao",
        "目前燃煤锅炉实施拆改、VOCs治理等11项已全部完成",
        I,
        "qx_huanbao.2",
        "燃煤锅炉拆改、VOCs治理，(2)",
    ),
    (
        "mj_huanbao",
        "集中式饮用水设标立界、瀍河综合治理等3项完成年度任务",
        I,
        "qx_huanbao.2",
        "饮用水水源地设标立界，(2)；河道综合治理一面属水利(不在目录)",
    ),
    (
        "mj_huanbao",
        "目前连霍、二广高速沿线绿化、洛吉快速通道等10项工程已全部完成",
        X,
        None,
        "高速沿线绿化、快速通道属林业、交通部门工程，写入环保总结但非环保职责",
    ),
    (
        "yj_huanbao",
        "积极协助大若岩镇开展全国环境优美镇创建活动",
        I,
        "qx_huanbao.6",
        "生态乡镇创建属开展生态环境保护，(6)",
    ),
    (
        "yj_huanbao",
        "完成了茗岙、西岙两个乡的生态建设规划",
        I,
        "qx_huanbao.1",
        "编制乡镇环境保护/生态建设规划，(1)；备选(6)",
    ),
    (
        "yj_huanbao",
        "组织生态建设知识培训，对所有下派干部在进驻村之前进行生态村建设知识培训",
        I,
        "qx_huanbao.6",
        "生态建设宣传教育，(6)",
    ),
    (
        "yj_huanbao",
        "在《**县生态村考核管理办法（试行）》实施一年的基础上，对该办法进行修编",
        I,
        "qx_huanbao.6",
        "生态村创建考核办法，属生态环境保护(生态创建)，(6)",
    ),
    (
        "yj_huanbao",
        "修订完成《楠溪江保洁管理方案》、《**县畜禽养殖禁养区划分方案》",
        I,
        "qx_huanbao.2",
        "流域水污染防治与畜禽禁养区划分，(2)；河道保洁一面属水利/环卫",
    ),
    (
        "xaq_shengtai",
        "全面摸底建档涉气污染源清单，制定《X市X区“X蓝”环境空气质量保障方案》",
        I,
        "qx_huanbao.2",
        "涉气污染源建档与空气质量保障方案，(2)",
    ),
    (
        "xaq_shengtai",
        "实施夏季臭氧污染防治、扬尘污染防治、X排放企业整治、柴油货车治理、露天焚烧等专项整治行动",
        I,
        "qx_huanbao.2",
        "大气污染专项整治，(2)",
    ),
    ("xaq_shengtai", "监测站每周至少一次开展各排污口水质监测", I, "qx_huanbao.5", "排污口水质监测，(5)环境监测"),
    (
        "xaq_shengtai",
        "白天和夜间（X：X至次日X：X）每日两次对辖区排污（水）口和污水处理厂开展巡查检查",
        I,
        "qx_huanbao.2",
        "对排污口、污水处理厂的巡查是环境监察，(2)",
    ),
    (
        "xaq_shengtai",
        "督促危险废物产生和经营单位做好危险废物环境风险防控",
        I,
        "qx_huanbao.2",
        "危废环境监管，(2)",
    ),
    (
        "xc_huanbao",
        "联合相关部门定期对各镇创建工作进行督查指导，开展模拟考核",
        I,
        "qx_huanbao.6",
        "国家生态县创建的督查指导，(6)开展生态环境保护",
    ),
    (
        "xc_huanbao",
        "投资4470万元新建了XX县区仙荷污水处理厂二期工程",
        X,
        None,
        "污水处理厂建设属住建/水务，目录无此条",
    ),
    (
        "xc_huanbao",
        "安排1040万元以奖代补资金补助各镇污水管网建设",
        X,
        None,
        "污水管网建设补助属住建/财政，目录无此条",
    ),
    (
        "xc_huanbao",
        "投入250万元为13座镇污水处理厂全部安装了在线监控设备",
        I,
        "qx_huanbao.5",
        "污染源在线监控属环境监测网建设，(5)；备选(2)。与上两条(建厂、建管网)对照",
    ),
    (
        "xc_huanbao",
        "投入3000多万元的运西垃圾卫生填埋场扩容工程顺利完工",
        X,
        None,
        "垃圾填埋场建设属环卫/城管(住建)，目录无此条",
    ),
    (
        "mq_shengtai",
        "中共商丘市生态环境局民权分局党组于9月16日下午在局三楼会议室召开党的建设工作会议",
        X,
        None,
        "机关党建会议",
        INT,
    ),
    (
        "mq_shengtai",
        "在重点环保项目中成立临时党小组，充分发挥党员先锋模范作用",
        X,
        None,
        "党组织设置，机关党建；“环保项目”是场景",
        INT,
    ),
    (
        "mq_shengtai",
        "结合环保主题开展志愿服务、实地调研等活动，让党建工作更具吸引力和实效性",
        X,
        None,
        "党建活动形式，机关党建",
        INT,
    ),
    (
        "mq_shengtai",
        "通过不定期组织专题学习、研讨交流等活动，深入学习贯彻党的最新理论和方针政策",
        X,
        None,
        "政治理论学习，机关党建",
        INT,
    ),
    (
        "sb_shengtai",
        "该局党支部与牛大场镇金坑村党支部联合开展和美城乡“四大行动”主题党日活动",
        X,
        None,
        "支部联建主题党日，机关党建(内容是村庄清洁，也非环保职责)",
        INT,
    ),
    (
        "sb_shengtai",
        "由党员组建工作队，深入企业进行“送法入企”宣传",
        I,
        "qx_huanbao.6",
        "向企业宣传环保法律，(6)宣传教育；“党员工作队”是组织形式，不使之成为党建",
    ),
    (
        "sb_shengtai",
        "围绕企业关心的污染防治设施运行、环境风险防控等方面问题进行指导",
        I,
        "qx_huanbao.2",
        "指导企业污染防治设施运行，(2)",
    ),
    (
        "sb_shengtai",
        "共同维护农贸市场及周边市容环境、经营秩序，全面提升市容环境品质",
        X,
        None,
        "市容环境与经营秩序属城管/市场监管，环保局只是联合志愿服务",
    ),
    (
        "jn_shengtai",
        "加大了对重点岗位重点人员的教育管理力度，教育干部职工要严格遵守八项规定",
        X,
        None,
        "作风纪律教育，机关内部",
        INT,
    ),
    (
        "jn_shengtai",
        "将中队建在河上，突出生态环境执法的时效性、威慑性，快速精准打击违法行为",
        I,
        "qx_huanbao.2",
        "环境执法中队布防，(2)环境监察；与同句“党小组建在河上”(党建)对照",
    ),
    ("jn_shengtai", "把水污染防护工作作为突破口，实施全域统筹", I, "qx_huanbao.2", "水污染防治，(2)"),
    (
        "qb_huanbao",
        "随后党组书记、局长刘金与环境监察支队队长、规划环评科科长分别签订党风廉政建设责任书",
        X,
        None,
        "党风廉政责任书，机关内部；“环境监察”“环评”是科室名称，诱饵",
        INT,
    ),
    (
        "qb_huanbao",
        "以“党员上一线 环保我先行”、“机关下基层 党员做示范”两大主题实践活动为载体",
        X,
        None,
        "党建主题实践活动，机关党建",
        INT,
    ),
    (
        "qc_shengtai",
        "2022年，区生态环境局办结辐射安全许可证审批48件，电磁类建设项目环境影响评价报告表审批2件",
        I,
        "qx_huanbao.7",
        "辐射安全许可为主，(7)放射性和电磁辐射监督管理；电磁类环评一面备选(4)",
    ),
    (
        "qc_shengtai",
        "办结放射性同位素备案申请1349件，现场检查辐射工作单位131家次",
        I,
        "qx_huanbao.7",
        "放射性同位素备案、辐射工作单位检查，(7)",
    ),
    (
        "qc_shengtai",
        "放射源及射线装置安全受控，放射性废物及废旧放射源全部安全收贮",
        I,
        "qx_huanbao.7",
        "放射源与放射性废物监管，(7)",
    ),
    (
        "dx_shengtai",
        "对全市重点辐射类建设项目“三同时”制度执行及自主验收情况开展专项检查",
        I,
        "qx_huanbao.4",
        "监督“三同时”与竣工环保验收，(4)原文；“辐射类”项目一面备选(7)",
    ),
    (
        "dx_shengtai",
        "加强对辐射类建设项目的事中事后监管，督促各单位严格落实环境保护主体责任",
        I,
        "qx_huanbao.7",
        "辐射类项目的事中事后监管，(7)；备选(4)",
    ),
    # ---------------- 统计 ----------------
    (
        "sdq_tongji",
        "2020年2月成立由副区长李翔同志任组长、19个区直相关单位分管领导为小组成员的七人普工作领导小组",
        I,
        "sd_tongji.2",
        "第七次人口普查是上级部署的统计调查任务，(2)；备选(3)",
    ),
    ("sdq_tongji", "3月成立各乡镇区及社区、村级普查机构", I, "sd_tongji.2", "人口普查组织实施，(2)"),
    (
        "sdq_tongji",
        "成立了由19个区直单位组成的人口普查领导小组办公室，并下设综合组、业务组、户口整顿组、数据处理组、宣传组和执法检查组",
        I,
        "sd_tongji.2",
        "人口普查机构设置，(2)；“户口整顿”属公安，只是普查办的一个组",
    ),
    (
        "xw_tongji",
        "建立临界“四上”企业预备库，及时把新增单位名录资料分解到各镇",
        I,
        "sd_tongji.8",
        "名录库与临界企业培育是统计基础工作，(8)；备选(2)",
    ),
    (
        "xw_tongji",
        "健全报表催报机制，把所有的“四上”、“三下”（规下工业、限下商业、限下投资）单位，按企业所在地，划分至各镇、各有关部门",
        I,
        "sd_tongji.2",
        "统计报表的报送与催报，(2)执行统计报表制度",
    ),
    (
        "xw_tongji",
        "要求各镇、各部门、各企业要有分管领导、有统计人员、有办公场所、办公条件和完善的统计资料",
        I,
        "sd_tongji.8",
        "各部门各单位统计基础建设要求，(8)",
    ),
    (
        "xw_tongji",
        "于每年11月份进行考核，考核结果将纳入各单位年终综合考评",
        I,
        "sd_tongji.10",
        "对基层统计工作考核，(10)",
    ),
    (
        "xd_tongji",
        "全县第二阶段“企业一套表联网直报工作大会暨年度统计年报培训会正在这里隆重召开",
        I,
        "sd_tongji.9",
        "统计年报培训会，(9)统计干部培训；备选(2)",
    ),
    ("xd_tongji", "32名基层统计员分获一、二、三等奖金", I, "sd_tongji.10", "对基层统计员奖励，(10)"),
    (
        "xd_tongji",
        "县政府成立了基层统计工作标准化建设领导小组",
        I,
        "sd_tongji.8",
        "基层统计标准化建设，(8)；由县政府出面，统计局为副组长单位",
    ),
    (
        "xd_tongji",
        "县政府出台了县人民政府关于加强基层统计工作标准化建设的意见",
        I,
        "sd_tongji.8",
        "基层统计基础工作建设的政策，(8)",
    ),
    ("lc_tongji", "制订详细的乡镇统计工作目标考核和要求", I, "sd_tongji.10", "乡镇统计工作考核，(10)；备选(8)"),
    (
        "lc_tongji",
        "督促各乡镇建立完善统计工作制度，规范统计行为，加强数据审核，确保数据质量",
        I,
        "sd_tongji.8",
        "指导乡镇统计基础工作，(8)",
    ),
    (
        "lc_tongji",
        "在全区15个乡镇中确定统计基础工作较好的陵城镇、糜镇、安德办三个乡镇作为全区统计基础工作规范化建设试点乡镇",
        I,
        "sd_tongji.8",
        "统计基础工作规范化试点，(8)",
    ),
    ("lc_tongji", "为这三个乡镇配备了电脑、打印机等办公设施", I, "sd_tongji.8", "为乡镇统计站配设备，属统计基础建设，(8)"),
    ("zs_tongji", "清理统计报表，减轻企业及统计人员的工作量", I, "sd_tongji.4", "清理统计报表，(4)审查和管理统计报表"),
    ("zs_tongji", "规范统计报表的审批流程，提高统计数据质量", I, "sd_tongji.4", "统计报表审批，(4)"),
    ("zs_tongji", "加大统计执法力度，开展专项统计抽查", I, "sd_tongji.6", "统计执法检查，(6)"),
    (
        "zs_tongji",
        "启动统计数据网上直报系统，全年共有1073家规模以上工业企业应用该系统上报数据",
        I,
        "sd_tongji.2",
        "联网直报是执行统计报表制度的方式，(2)；备选(8)",
    ),
    (
        "zs_tongji",
        "实施市、镇、村三级农村多目标与规模成比例概率抽样调查（MPPS）",
        R,
        "sd_tongji.5",
        "农村抽样调查，最贴(5)城乡社会经济抽样调查，该职责已随调查队改革划归国家调查队",
    ),
    (
        "zs_tongji",
        "开展从业人员劳动情况抽样调查，扩大劳动统计范围",
        R,
        "sd_tongji.5",
        "劳动情况抽样调查(今劳动力调查)属调查队，最贴已取消的(5)；备选(3)组织统计调查",
    ),
    (
        "zs_tongji",
        "与工商部门建立基本单位资料定期交换制度，更新基本单位名录库",
        I,
        "sd_tongji.8",
        "基本单位名录库维护是统计基础工作，(8)；“工商部门”只是数据来源",
    ),
    (
        "zs_tongji",
        "成立信息管理与发布协调组，规范统计信息的收集、审核、传递、发布等管理程序",
        I,
        "sd_tongji.3",
        "统计信息发布管理，(3)提供统计资料",
    ),
    ("zs_tongji", "创办《中山统计工作动态》和《中山统计简讯》", I, "sd_tongji.3", "统计信息刊物，(3)提供统计资料"),
    (
        "zs_tongji",
        "全年为各级领导、部门和社会人士提供统计信息咨询3000多次",
        I,
        "sd_tongji.3",
        "统计咨询服务，(3)",
    ),
    ("lj_tongji", "编印县内发行的《统计情况》12期360份", I, "sd_tongji.3", "编印统计资料，(3)"),
    (
        "lj_tongji",
        "发布了《1996年利津县国民经济和社会发展统计公报》",
        I,
        "sd_tongji.3",
        "发表统计公报，(3)原文",
    ),
    (
        "zl_tongji",
        "钟楼区统计局组织开展“不忘初心、牢记使命”主题教育专题党课",
        X,
        None,
        "主题教育党课，机关党建",
        INT,
    ),
    (
        "nb_tongji",
        "市统计局召开全市统计局系统全面从严治党工作会议暨党史学习教育动员部署会",
        X,
        None,
        "全面从严治党会议，机关党建",
        INT,
    ),
    ("nb_tongji", "扎实推进清廉机关建设，不断深化全面从严治党", X, None, "清廉机关建设，机关内部", INT),
    (
        "als_tongji",
        "盟统计局联合盟市场监督管理局，对随机抽取的5家规模以上工业企业开展“双随机、一公开”联合执法检查",
        I,
        "sd_tongji.6",
        "统计执法检查，(6)；“市场监督管理局”是联合单位，诱饵",
    ),
    (
        "als_tongji",
        "重点检查企业日常统计工作中，统计台账是否依法建立",
        I,
        "sd_tongji.6",
        "检查统计台账，(6)统计执法",
    ),
    (
        "als_tongji",
        "向统计人员宣讲统计法律法规，强化企业依法统计意识",
        I,
        "sd_tongji.6",
        "执法中普法(“谁执法谁普法”)，(6)；备选(9)统计教育",
    ),
    (
        "xy_tongji",
        "信阳市统计局执法检查团队分成三个小组，分别前往潢川、新县、平桥等地认真开展“双随机”执法检查",
        I,
        "sd_tongji.6",
        "双随机统计执法，(6)",
    ),
    (
        "xy_tongji",
        "检查内容为领导干部违规干预统计工作情况、统计数据质量情况、统计原始记录情况",
        I,
        "sd_tongji.6",
        "统计执法检查内容，(6)；“领导干部违规干预”不使之成为纪检事项",
    ),
    (
        "xy_tongji",
        "督促各县区进一步提高基层统计能力，保证统计源头数据质量",
        I,
        "sd_tongji.8",
        "基层统计能力建设，(8)",
    ),
    (
        "xyx_tongji",
        "下发《新野县统计“强基行动”实施方案》，安排部署全县统计“强基行动”工作要求",
        I,
        "sd_tongji.8",
        "统计强基(基层基础)行动，(8)；备选(1)统计工作计划",
    ),
    ("xyx_tongji", "特别是要加强对一套表企业的“强基行动”工作", I, "sd_tongji.8", "企业统计基础工作，(8)"),
    (
        "xyx_tongji",
        "县统计局相关专业及时指导验收，各专业密切配合，县乡联动",
        I,
        "sd_tongji.8",
        "指导验收乡镇统计基础建设，(8)",
    ),
    (
        "zj_tongji",
        "区成立了统计执法检查组，联合霞山、赤坎区在全区范围内开展统计执法大检查",
        I,
        "sd_tongji.6",
        "统计执法大检查，(6)",
    ),
    ("zj_tongji", "对典型案件，要通过新闻媒体予以曝光", I, "sd_tongji.6", "统计违法典型案件曝光，(6)依法处理统计违法案件"),
    (
        "ym_tongji",
        "我县在文昌祠广场举办第十六届中国统计开放日宣传活动",
        I,
        "sd_tongji.9",
        "统计开放日面向公众的统计宣传教育，(9)；备选(6)法规宣传",
    ),
    (
        "ym_tongji",
        "工作人员通过设置宣传展板、悬挂宣传条幅、发放《统计法》手册、现场答疑等形式",
        I,
        "sd_tongji.9",
        "统计法宣传，(9)统计教育；备选(6)",
    ),
    (
        "wn_tongji",
        "包联路段主要是治理路段环境卫生、整治车辆乱停乱放以及劝导商户规范经营等",
        X,
        None,
        "创文包联路段的环境卫生、停车秩序属城管/交警，统计局作为创建成员单位承担，非统计职责",
    ),
    (
        "wn_tongji",
        "包联社区主要是整治环境卫生、清理社区大件废弃物、向居民宣传创建知识等",
        X,
        None,
        "创文包联社区工作，非统计职责(环境卫生属城管/爱卫，不是qx_huanbao的污染防治)",
    ),
    (
        "wn_tongji",
        "坚持每半年在主城区开展一次创建工作支持率调查和市容环境卫生满意率问卷调查工作",
        I,
        "sd_tongji.3",
        "为地方决策需要组织统计调查，(3)；与上两条创文包联任务对照，“市容环境卫生”是调查内容",
    ),
    ("wn_tongji", "并对调查结果进行统计分析，形成调查报告", I, "sd_tongji.3", "统计分析与调查报告，(3)"),
    (
        "hr_tongji",
        "一方面派专人对机关办公区域进行消毒、人员登记、体温测量等",
        X,
        None,
        "本机关疫情防控，机关内部事务",
        INT,
    ),
    (
        "hr_tongji",
        "开展疫情防控督导、上门摸排、值班值守以及信息收集、分析上报等工作",
        X,
        None,
        "下沉社区疫情防控，属卫健/防控指挥部，非统计职责；“信息收集、分析上报”是防控信息",
    ),
    (
        "hr_tongji",
        "积极主动开展疫情对全县经济影响专项调查工作",
        I,
        "sd_tongji.3",
        "按省市要求组织专项统计调查，(3)；备选(2)完成上级部署的调查任务",
    ),
    (
        "hr_tongji",
        "分行业重点调查30家以上“四上”企业，累计平台调查350家",
        I,
        "sd_tongji.3",
        "企业专项调查，(3)",
    ),
    # ---------------- 发展改革 (no 发改 list: judged as the plan code) ----------------
    (
        "hn_fagai",
        "1-6月我局和我县其他部门共策划包装储备项目240个",
        X,
        None,
        "项目谋划储备属发改，目录(环保、统计)无此职责",
    ),
    ("hn_fagai", "争取及到位中央预算内项目资金4750万元", X, None, "争取中央预算内投资属发改"),
    (
        "hn_fagai",
        "我县分别组织特变电工、迪曼电子等18个项目集中开工",
        X,
        None,
        "重点项目集中开工属发改/重点办",
    ),
    (
        "hn_fagai",
        "严格落实网上审批和“一件事一次办”等各项规定，进一步简化审批流程",
        X,
        None,
        "投资项目审批服务属发改/行政审批",
    ),
    (
        "hn_fagai",
        "截止目前，我局共办理审批、核准、备案立项项目136个",
        X,
        None,
        "投资项目审批核准备案属发改；与环评审批(qx_huanbao.4)不是一回事",
    ),
    (
        "dl_fagai",
        "全力抓好地区生产总值（GDP）和全社会固定资产投资工作",
        X,
        None,
        "抓GDP和投资增长是发改的经济运行职责，不是统计核算；诱饵",
    ),
    (
        "dl_fagai",
        "及时把符合条件的重点项目补充到重大项目库",
        X,
        None,
        "重大项目库属发改",
    ),
    (
        "dl_fagai",
        "近期全力抓好农村人居环境整治项目中央预算内资金争取工作",
        X,
        None,
        "争取中央预算内资金属发改；“农村人居环境整治”不使之成为环保(qx_huanbao.2)事项，诱饵",
    ),
    (
        "dl_fagai",
        "各项目建设单位及时梳理固定资产投资项目，及时将新开工项目申报入库，纳入统计范围",
        O,
        "sd_tongji.2",
        "投资项目入库纳统是统计报表制度的执行，属统计部门",
    ),
    (
        "dl_fagai",
        "我局将会同县统计局对申报项目再次梳理，及时协调解决项目入统的问题",
        O,
        "sd_tongji.2",
        "项目入统属统计部门职责，发改只是会同",
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
            raw_cache[source] = norm((HERE / "raw" / source).read_text(encoding="utf-8"))
        if norm(item) != item:
            errors.append(f"item not normalised: {item}")
        if item not in raw_cache[source]:
            errors.append(f"NOT IN RAW [{source}]: {item}")
        n = len(item)
        if not 15 <= n <= 80:
            errors.append(f"length {n}: {item}")
        if expect in (I, O, R):
            if duty not in duty_ids:
                errors.append(f"unknown duty {duty}: {item}")
            else:
                st = duty_ids[duty]
                if expect == I and (not duty.startswith(as_ + ".") or st != "active"):
                    errors.append(f"in_scope must use own active duty: {item}")
                if expect == O and duty.startswith(as_ + "."):
                    errors.append(f"overlap must use another department: {item}")
                if expect == R and (not duty.startswith(as_ + ".") or st == "active"):
                    errors.append(f"retired must use own non-active duty: {item}")
        elif expect == X:
            if duty is not None:
                errors.append(f"out_of_scope with duty: {item}")
        else:
            errors.append(f"bad expect {expect}")
        if as_ not in dept_codes and as_ != plan:
            errors.append(f"bad as {as_}")
        if internal and expect != X:
            errors.append(f"internal flag on non-out_of_scope: {item}")
        rec = OrderedDict(
            plan=plan, **{"as": as_}, item=item, expect=expect, duty=duty, source=source, why=why, field=field
        )
        if internal:
            rec["internal"] = True
        labels.append(rec)

    seen = Counter(r["item"] for r in labels)
    errors += [f"duplicate item: {k}" for k, v in seen.items() if v > 1]
    for p, (as_, field, source) in PLANS.items():
        if not (HERE / "raw" / source).exists():
            errors.append(f"missing raw {source}")
        if not any(r["plan"] == p for r in labels):
            errors.append(f"plan without items: {p}")
    for src in sorted(p.name for p in (HERE / "raw").glob("*.txt")):
        head = (HERE / "raw" / src).read_text(encoding="utf-8").splitlines()[:2]
        if len(head) < 2 or not head[0].startswith("source: ") or not head[1].startswith("title: "):
            errors.append(f"raw header missing: {src}")
    if errors:
        print("\n".join("ERROR " + e for e in errors))
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

    print(len(labels), "labels;", dict(Counter(r["expect"] for r in labels)))
    print("internal:", sum(1 for r in labels if r.get("internal")))
    for field in (F_HB, F_TJ, F_FG):
        rs = [r for r in labels if r["field"] == field]
        print(field, len(rs), dict(Counter(r["expect"] for r in rs)), "internal", sum(1 for r in rs if r.get("internal")))
    for plan in by_plan:
        rs = [r for r in labels if r["plan"] == plan]
        c = Counter(r["expect"] for r in rs)
        print(f"| {plan} | {rs[0]['as']} | {c[I]} | {c[R]} | {c[O]} | {c[X]} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
