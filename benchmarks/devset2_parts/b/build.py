"""Build labels.jsonl and items/<plan>.txt for devset2 part b, then check them.

Every item is a verbatim clause of its raw file (after punctuation normalisation, see norm()).
Run: python build.py   (from this folder, or with the folder as cwd)
"""

import json
import re
import sys
from collections import Counter, OrderedDict
from pathlib import Path

HERE = Path(__file__).resolve().parent

WEN, TI, SJ = "py_wenhua", "ja_tiyu", "pd_shichangjianguan"
F_WEN, F_TI, F_SJ = "文化和旅游", "体育", "市场监管"

# (plan, as, field, source)
PLANS = {
    # 体育
    "ly_tiyu": (TI, F_TI, "linyi_tiyu_summary_2022.txt"),
    "cm_tiyu": (TI, F_TI, "chongming_tiyu_workplan_2024.txt"),
    "ja_tiyu": (TI, F_TI, "jingan_tiyu_buduanban_plan_2021.txt"),
    "xj_tiyu": (TI, F_TI, "xian_jiaoti_qunzhongtiyu_report.txt"),
    "cd_tiyu": (TI, F_TI, "chengdu_tiyu_dangzu_xuexi_2017.txt"),
    "ms_tiyu": (TI, F_TI, "shi_tiyu_zhongdian_plan_2014.txt"),
    "xh_tiyu": (TI, F_TI, "xuhui_tiyu_315_2024.txt"),
    "qa_tiyu": (TI, F_TI, "qu_tiyu_fuwuzhongxin_2022.txt"),
    "qb_tiyu": (TI, F_TI, "qu_tiyu_qunzhongluxian_summary.txt"),
    "qc_tiyu": (TI, F_TI, "qu_tiyu_shiyezhongxin_halfyear_2022.txt"),
    # 文化和旅游
    "qt_wenlv": (WEN, F_WEN, "qingtian_wenlv_summary_2023.txt"),
    "zg_wenlv": (WEN, F_WEN, "zigui_wenhua_jingyan_2023.txt"),
    "xa_wenlv": (WEN, F_WEN, "xian_wenlv_plan_2023.txt"),
    "xb_wenlv": (WEN, F_WEN, "xian_wenlvguangti_halfyear_2022.txt"),
    "yj_wenlv": (WEN, F_WEN, "yuanjiang_wenlvguangti_2021.txt"),
    "ly_wenlv": (WEN, F_WEN, "lueyang_wenlv_mubiao_2019.txt"),
    "my_wenlv": (WEN, F_WEN, "mengyin_wenlv_plan_2024.txt"),
    "wd_wenlv": (WEN, F_WEN, "wudi_wenlv_plan_2022.txt"),
    "xc_wenlv": (WEN, F_WEN, "xian_wenguangxinlv_summary.txt"),
    "qa_wenhuazhifa": (WEN, F_WEN, "qu_wenhuazhifa_halfyear.txt"),
    "gz_wenhuazhifa": (WEN, F_WEN, "guzhen_wenhuazhifa_yuandan_2023.txt"),
    "ml_wenlv": (WEN, F_WEN, "minle_wentiguanglv_lianhezhifa_2022.txt"),
    "hr_wenti": (WEN, F_WEN, "huarong_wentiguangxin_2014.txt"),
    # 市场监管
    "jw_shichangjianguan": (SJ, F_SJ, "zhuhai_jinwan_shichangjianguan_q3_2022.txt"),
    "zs_shichangjianguan": (SJ, F_SJ, "zhongshan_shichangjianguan_summary_2023.txt"),  # 2021 items override
    "qa_shichangjianguan": (SJ, F_SJ, "qu_shichangjianguan_summary_2021.txt"),
    "yd_shichangjianguan": (SJ, F_SJ, "zhangjiajie_yongding_shichangjianguan_lvyou_2023.txt"),
    "pt_shichangjianguan": (SJ, F_SJ, "putian_shichangjianguan_wuxu_2024.txt"),
    "zx_shichangjianguan": (SJ, F_SJ, "hengyang_zhengxiang_shichangjianguan_april_2022.txt"),
    "xa_shichangjianguan": (SJ, F_SJ, "xian_shichangjianguan_chuangwei_2023.txt"),
    "qb_shichangjianguan": (SJ, F_SJ, "qu_shichangjianguan_fanbuzhengdang_2022.txt"),
    "js_shichangjianguan": (SJ, F_SJ, "zhengzhou_jinshui_shichangjianguan_2025.txt"),
    "xb_shichangjianguan": (SJ, F_SJ, "xian_shichangjianguan_gongpingjingzheng_2025.txt"),
}

I, O, X, R = "in_scope", "overlap", "out_of_scope", "retired"
INT = "internal"

# (plan, item, expect, duty or None, why[, flags][, source override])
L = [
    # ---------------- 体育 ----------------
    (
        "ly_tiyu",
        "推动体育设施融入城区公园、“口袋公园”建设",
        I,
        "ja_tiyu.6",
        "体育设施布局融入公园建设，属(六)协调规划体育场地和设施的建设布局",
    ),
    (
        "ly_tiyu",
        "完成了8个“小地块”体育项目规划设计",
        I,
        "ja_tiyu.6",
        "体育场地项目的规划设计，属(六)场地设施建设布局",
    ),
    (
        "ly_tiyu",
        "开工县级全民健身中心5个、公共体育场1个、体育公园4个、游泳馆4个和乡镇全民健身中心8个、社会足球场12个",
        I,
        "ja_tiyu.6",
        "新建各级健身中心、体育场、足球场，属(六)体育场地和设施建设",
    ),
    (
        "ly_tiyu",
        "市县两级投入资金1600余万元，对445个行政村和921个自然村的健身器材进行了更新",
        I,
        "ja_tiyu.6",
        "更新村级健身器材是体育设施建设，(六)比(三)推行全民健身计划更具体",
    ),
    (
        "ly_tiyu",
        "开展了6916个社区（村居）65442件健身器材大普查",
        I,
        "ja_tiyu.6",
        "健身器材普查摸底服务于设施管理维护，属(六)；备选(三)",
    ),
    (
        "ly_tiyu",
        "维修器材5000余件，完善了管理维护机制",
        I,
        "ja_tiyu.6",
        "健身设施维修与管护机制，属(六)体育设施",
    ),
    (
        "ly_tiyu",
        "成功举办全国武术套路锦标赛、全国革命老区业余羽毛球邀请赛、山东省第四届健身操舞比赛等市级以上赛事活动35项次",
        I,
        "ja_tiyu.5",
        "举办各级体育赛事，属(五)指导和协调体育竞赛工作",
    ),
    (
        "cm_tiyu",
        "改建3个社区市民健身中心；新建（更新）市民益智健身苑点70个",
        I,
        "ja_tiyu.6",
        "健身中心、健身苑点建设，属(六)体育场地和设施",
    ),
    (
        "cm_tiyu",
        "新建市民健身步道5条、市民健身驿站2个、市民运动球场8片、长者运动健康之家2个",
        I,
        "ja_tiyu.6",
        "新建步道、驿站、球场，属(六)体育设施建设布局",
    ),
    (
        "cm_tiyu",
        "深入开展“国球进社区、进园区、进公园”活动",
        I,
        "ja_tiyu.3",
        "乒乓球进社区是群众性体育活动，属(三)",
    ),
    (
        "cm_tiyu",
        "完成2023、2024年各80张乒乓球台的XX地区配建工作",
        I,
        "ja_tiyu.6",
        "乒乓球台配建属体育设施建设，(六)；备选(三)",
    ),
    ("cm_tiyu", "启动城桥镇今日体育公园建设，并做好信息报送工作", I, "ja_tiyu.6", "体育公园建设，属(六)"),
    (
        "cm_tiyu",
        "启用向明都市运动中心，并做好项目申报与评定工作",
        I,
        "ja_tiyu.7",
        "新场馆启用面向市民开放，属(七)；备选(六)设施建设",
    ),
    (
        "cm_tiyu",
        "争取相关项目纳入生态岛建设第六轮三年行动计划",
        I,
        "ja_tiyu.2",
        "把体育项目纳入区三年行动计划，属(二)编制体育事业发展规划、计划",
    ),
    (
        "cm_tiyu",
        "完成2024年体育场地普查工作",
        I,
        "ja_tiyu.6",
        "体育场地普查服务于场地设施规划布局，属(六)；不是统计局的普查",
    ),
    (
        "cm_tiyu",
        "绘制“XX健身好去处”健身数字化地图，提高群众知晓率",
        I,
        "ja_tiyu.3",
        "为群众健身提供场所指引，属(三)推行全民健身计划；备选(七)场馆开放",
    ),
    (
        "cm_tiyu",
        "会同教育部门推动学校体育场馆开放",
        I,
        "ja_tiyu.3",
        "学校场馆向社会开放增加群众健身场所，属(三)；(七)只管公共体育场馆，是备选",
    ),
    (
        "cm_tiyu",
        "做好社区市民健身中心等新建项目的开放工作",
        I,
        "ja_tiyu.7",
        "公共健身场馆面向市民开放，属(七)",
    ),
    (
        "cm_tiyu",
        "落实“双周例检”制度，确保健身器材完好率达98%以上",
        I,
        "ja_tiyu.6",
        "健身器材巡检维护属体育设施管理，(六)；备选(三)",
    ),
    (
        "cm_tiyu",
        "更新维护XX市社区体育设施信息化平台",
        I,
        "ja_tiyu.6",
        "社区体育设施信息平台，属(六)体育设施管理",
    ),
    ("ja_tiyu", "分批对全民健身器材进行升级与翻新", I, "ja_tiyu.6", "健身器材升级翻新，属(六)体育设施"),
    (
        "ja_tiyu",
        "推行骨干社会体育指导员定期巡查制度，确保体育设施完好率达到100%",
        I,
        "ja_tiyu.3",
        "社会体育指导员队伍服务全民健身，属(三)；巡查对象是设施，备选(六)",
    ),
    ("ja_tiyu", "推动区属体育场馆向市民优惠开放", I, "ja_tiyu.7", "区属公共体育场馆面向市民开放，正是(七)"),
    (
        "ja_tiyu",
        "在全市率先实现学校体育场地面向社会开放",
        I,
        "ja_tiyu.3",
        "学校场地开放供群众健身，属(三)；备选(七)",
    ),
    (
        "ja_tiyu",
        "完成静安区运动健身中心和静安体育馆的综合改造工程",
        I,
        "ja_tiyu.6",
        "体育场馆改造工程，属(六)体育场地和设施建设",
    ),
    (
        "ja_tiyu",
        "全市首创“共享市民球场”模式，成功覆盖区属公共篮球场、羽毛球场、足球场、健身房",
        I,
        "ja_tiyu.7",
        "区属公共球场面向市民共享开放，属(七)",
    ),
    (
        "xj_tiyu",
        "成功开展了“8月8日”全民健身日活动的启动仪式和各项比赛活动",
        I,
        "ja_tiyu.3",
        "全民健身日群众体育活动，属(三)",
    ),
    (
        "xj_tiyu",
        "我局组织国民体质测试队伍在主要街道免费为300多名群众进行体质测试",
        I,
        "ja_tiyu.3",
        "组织市民体质测试，(三)原文即有",
    ),
    (
        "xj_tiyu",
        "在县体育中心及主要路口悬挂全民健身宣传横幅标语",
        I,
        "ja_tiyu.3",
        "全民健身宣传，属(三)推行全民健身计划",
    ),
    ("xj_tiyu", "组织开展“全民健身自愿服务在线”活动", I, "ja_tiyu.3", "全民健身志愿服务活动，属(三)"),
    ("xj_tiyu", "全县所有健身体育场所面向广大群众开放", I, "ja_tiyu.7", "体育场所面向群众开放，属(七)"),
    (
        "xj_tiyu",
        "通过移动公司信息平台向全县人民发送健身宣传信息8万多条",
        I,
        "ja_tiyu.3",
        "全民健身宣传，属(三)",
    ),
    (
        "xj_tiyu",
        "印刷2000多份科学健身及健身知识小册子发送各行政事业、企业单位",
        I,
        "ja_tiyu.3",
        "科学健身知识普及，属(三)",
    ),
    (
        "cd_tiyu",
        "市体育局党组召开中心组（扩大）学习会，专题传达学习市第十三次党代会精神",
        X,
        None,
        "局党组理论学习是机关党建，三定职责不列",
        INT,
    ),
    (
        "cd_tiyu",
        "再次对锐平书记的报告进行重点学习",
        X,
        None,
        "局务会议学习党代会报告，属机关内部政治学习",
        INT,
    ),
    (
        "cd_tiyu",
        "要开发健身科学信息化平台和方便群众使用的手机应用程序（APP）",
        I,
        "ja_tiyu.3",
        "为群众科学健身提供信息化服务，属(三)",
    ),
    (
        "cd_tiyu",
        "以深化打造全民健身运动会为主线，深入开展全民健身活动",
        I,
        "ja_tiyu.3",
        "全民健身运动会是群众性体育活动，属(三)；备选(五)竞赛",
    ),
    (
        "cd_tiyu",
        "用好“体质健康全城约”网站和手机客户端服务平台",
        I,
        "ja_tiyu.3",
        "体质健康服务平台对应(三)组织实施市民体质测试",
    ),
    (
        "ms_tiyu",
        "继续组织实施农民体育健身工程，积极争取项目和资金",
        I,
        "ja_tiyu.6",
        "农民体育健身工程是场地设施建设，属(六)；备选(三)",
    ),
    (
        "ms_tiyu",
        "充分发挥本级体彩公益金的作用，为基层新建一批体育设施",
        I,
        "ja_tiyu.6",
        "用公益金建基层体育设施，属(六)",
    ),
    (
        "ms_tiyu",
        "加强对体校的办学指导，提高教练员队伍素质，改善办学设施",
        I,
        "ja_tiyu.4",
        "体校办学和教练员队伍是业余训练工作，属(四)",
    ),
    (
        "ms_tiyu",
        "树立金牌意识，确保我市运动员在各项比赛中取得优异成绩",
        I,
        "ja_tiyu.4",
        "竞技运动员培养输送，属(四)；参赛一面可归(五)",
    ),
    (
        "ms_tiyu",
        "重点加强对体育彩票销售工作的指导",
        X,
        None,
        "体育彩票销售属体育产业/彩票管理，静安区体育局各条均无此项(六只管体育市场)，目录无对应职责",
    ),
    (
        "ms_tiyu",
        "确保三中体育场馆、农民健身工程等民生项目建设取得新成效",
        I,
        "ja_tiyu.6",
        "体育场馆和健身工程建设，属(六)",
    ),
    (
        "xh_tiyu",
        "年内新建和改建社区市民健身中心2个、健身驿站3个、健身步道3条、运动球场10片、益智健身苑点66个",
        I,
        "ja_tiyu.6",
        "体育设施新建改建，属(六)",
    ),
    (
        "xh_tiyu",
        "扶持社会力量建设运营体育公园、都市运动中心等体育设施",
        I,
        "ja_tiyu.6",
        "引导社会力量建体育设施，属(六)体育场地和设施建设布局",
    ),
    (
        "xh_tiyu",
        "游泳、攀岩等高危险性体育项目专业性强且涉及公共安全，把好行政审批入口关",
        I,
        "ja_tiyu.6",
        "高危险性体育项目审批，(六)原文“负责高危体育场所的审批”",
    ),
    (
        "xh_tiyu",
        "为企业提供国标解读、实地勘察、技术审查等前置服务",
        I,
        "ja_tiyu.6",
        "高危体育项目审批的前置服务，属(六)",
    ),
    (
        "xh_tiyu",
        "推出线上人工帮办，工作人员1分钟内响应",
        I,
        "ja_tiyu.6",
        "审批线上帮办服务，随(六)高危体育场所审批",
    ),
    (
        "xh_tiyu",
        "会同文化执法、市场监管部门“双随机、一公开”抽查23户次",
        I,
        "ja_tiyu.6",
        "对游泳场所的体育市场监管抽查，属(六)依法管理体育市场",
    ),
    (
        "xh_tiyu",
        "在区检察院指导下推进无证游泳场所专项治理取得阶段性成效",
        I,
        "ja_tiyu.6",
        "无证经营高危体育场所治理，属(六)审批与体育市场管理",
    ),
    (
        "xh_tiyu",
        "会同区人力资源和社会保障局、区市场监督管理局建立联合惩戒机制",
        I,
        "ja_tiyu.6",
        "体育局牵头治理健身预付卡纠纷，属(六)依法管理体育市场；具体惩戒措施见下一条",
    ),
    (
        "xh_tiyu",
        "对“关门跑路”的企业采取限制注销监控、列入异常名录的行政措施",
        O,
        "pd_shichangjianguan.2",
        "限制注销、列入经营异常名录是市场主体登记机关的手段，实质是市场监管(二)市场主体登记注册；体育局(六)无此权限",
    ),
    (
        "qa_tiyu",
        "研究制定《**区全民健身实施计划（2021-2025年）》",
        I,
        "ja_tiyu.3",
        "制定全民健身实施计划，属(三)推行全民健身计划；备选(二)发展规划",
    ),
    (
        "qa_tiyu",
        "持续抓好全区经营高危险性体育项目场所、区属公共体育场馆、体育系统单位等方面安全工作",
        X,
        None,
        "体育领域(本系统)安全生产，静安区体育局职责无安全生产条款，按通用内部工作处理；备选(六)",
        INT,
    ),
    (
        "qa_tiyu",
        "在体育领域开展大排查大整治行动890余场次，排查问题隐患190余处",
        X,
        None,
        "体育行业安全隐患排查，职责未列安全条款，按本系统安全生产处理",
        INT,
    ),
    (
        "qa_tiyu",
        "联合指导街道开展辖区健身场所疫情防控措施检查1200余场次",
        X,
        None,
        "疫情防控属卫生健康/防控指挥部工作，体育局各条不含",
    ),
    (
        "qb_tiyu",
        "我局组织党员干部积极参加第二批党的群众路线教育实践活动",
        X,
        None,
        "党的群众路线教育实践活动是机关党建",
        INT,
    ),
    (
        "qb_tiyu",
        "制作《xx区体育局群众路线教育实践活动宣传栏》，并张贴于局办公楼的显著位置",
        X,
        None,
        "机关党建宣传，内部工作",
        INT,
    ),
    (
        "qb_tiyu",
        "组织党员干部进行《党的群众路线教育实践活动知识》和《中国共产党党章知识》考试",
        X,
        None,
        "党员教育考试，机关党建",
        INT,
    ),
    (
        "qc_tiyu",
        "成功举办“跑向亚运·xx市全民健身跑”亚运会倒计时xxx天活动",
        I,
        "ja_tiyu.3",
        "全民健身跑是群众性体育活动，属(三)；备选(五)",
    ),
    (
        "qc_tiyu",
        "组织开展防汛涉水应急救援演练活动x次",
        X,
        None,
        "防汛救援演练属应急管理/防汛工作，体育局职责不含(由体育协会组织也不改变其实质)",
    ),
    (
        "qc_tiyu",
        "全力以赴投入文明城市志愿服务活动",
        X,
        None,
        "文明城市创建志愿服务属文明办牵头的中心工作，非体育局职责",
    ),
    # ---------------- 文化和旅游 ----------------
    (
        "qt_wenlv",
        "召开“W文惠享”省政府民生实事工作推进会",
        I,
        "py_wenhua.5",
        "“文惠享”是城乡公共文化民生实事(文化驿站、城市书房、乡村博物馆)，属(五)社会文化；备选(一)",
    ),
    (
        "qt_wenlv",
        "同时赴各乡镇实地走访，开展业务指导",
        I,
        "py_wenhua.5",
        "指导乡镇公共文化建设，属(五)指导、协调社会文化",
    ),
    (
        "qt_wenlv",
        "深入贯彻落实《关于高质量建设公共文化服务现代化先行省的实施意见》",
        I,
        "py_wenhua.1",
        "贯彻上级文化政策，属(一)",
    ),
    (
        "qt_wenlv",
        "建成两家省一级旅游驿站--某咖啡之窗驿站、祯埠千帆驿站",
        X,
        None,
        "旅游驿站是旅游公共服务；番禺市文化局职责无旅游，目录无对应职责",
    ),
    ("zg_wenlv", "全面启动了8个乡镇文化站的维修改造", I, "py_wenhua.5", "乡镇文化站是社会文化阵地，属(五)"),
    (
        "zg_wenlv",
        "对已完成维修改造工程的茅坪、郭家坝、梅家河、磨坪4个综合文化站进行了检查验收",
        I,
        "py_wenhua.5",
        "综合文化站建设验收，属(五)",
    ),
    (
        "zg_wenlv",
        "组织开展了农家书屋建设工作，对近三年建设任务进行了安排部署",
        X,
        None,
        "农家书屋工程由新闻出版主管部门(现党委宣传部)负责，文化局(四)只管公共图书馆事业；备选(四)",
    ),
    (
        "zg_wenlv",
        "组织制定了九里工业园区农民工文化活动中心建设实施方案",
        I,
        "py_wenhua.5",
        "农民工文化活动中心属社会文化，(五)",
    ),
    (
        "zg_wenlv",
        "指导匡通电子在九里工业园区兴建了职工文化活动中心",
        I,
        "py_wenhua.5",
        "指导企业职工文化设施，属(五)社会文化；工会也有相关职能，是备选",
    ),
    (
        "xa_wenlv",
        "每月每车下乡不低于2次，全年下乡总次数在72次以上",
        I,
        "py_wenhua.5",
        "舞台车、图书车、文化车流动服务下基层，属(五)社会文化",
    ),
    ("xa_wenlv", "打造“文化活动品牌〞，创新“月月五个有〞活动", I, "py_wenhua.5", "群众文化活动品牌，属(五)"),
    (
        "xa_wenlv",
        "全年拟组织举办文艺演出、体育竞赛、文体培训、书画摄影展览等活动不少于300场次",
        I,
        "py_wenhua.5",
        "以文艺演出、展览为主的群众文体活动，属(五)；体育竞赛部分另属体育局(五)",
    ),
    (
        "xb_wenlv",
        "制定了《xx县公共文化服务体系高质量发展五年行动计划实施方案》",
        I,
        "py_wenhua.1",
        "制定文化事业发展规划性方案，属(一)",
    ),
    (
        "xb_wenlv",
        "公布了基本公共文化服务地方标准、公共文化服务目录",
        I,
        "py_wenhua.1",
        "制定并公布公共文化服务标准和管理办法，属(一)",
    ),
    (
        "xb_wenlv",
        "建立健全了本级公共文化服务体系建设联席会议制度",
        I,
        "py_wenhua.1",
        "公共文化服务体系建设协调机制，属(一)组织实施文化事业规划",
    ),
    (
        "xb_wenlv",
        "积极推进县级公共文化设施“四馆一中心”项目建设",
        I,
        "py_wenhua.1",
        "图书馆、文化馆、博物馆等综合设施项目，跨(三)(四)(五)，归(一)文化事业发展规划的组织实施",
    ),
    (
        "xb_wenlv",
        "实施了xx乡愁体验馆项目建设，完成了展馆的布置",
        I,
        "py_wenhua.3",
        "乡愁体验馆是展陈类场馆，属(三)博物馆事业；备选(五)",
    ),
    (
        "yj_wenlv",
        "完成了xx街道、xx镇图书分馆、文化分馆建设",
        I,
        "py_wenhua.4",
        "图书分馆建设属(四)公共图书馆事业；文化分馆一半可归(五)",
    ),
    (
        "yj_wenlv",
        "图书分馆实行“一馆办证，通借通还”",
        I,
        "py_wenhua.4",
        "图书馆通借通还是图书馆事业网络化，属(四)",
    ),
    (
        "yj_wenlv",
        "完成了xx街道文化站、xx镇文化站、xx街道文化站、南洞庭芦苇场文化馆的提质改造",
        I,
        "py_wenhua.5",
        "文化站、文化馆改造，属(五)社会文化",
    ),
    (
        "yj_wenlv",
        "完成了x个五人制社会足球场的建设",
        O,
        "ja_tiyu.6",
        "社会足球场是体育场地设施，实质属体育局(六)；文化局各条不含",
    ),
    (
        "yj_wenlv",
        "建成数字文化馆、数字图书馆，促进文化信息资源的有效扩充",
        I,
        "py_wenhua.4",
        "数字图书馆对应(四)图书馆网络化、现代化建设；数字文化馆一半属(五)",
    ),
    ("yj_wenlv", "图书馆开展“品读经典、全民战疫”线上阅读活动", I, "py_wenhua.4", "图书馆阅读推广，属(四)"),
    ("yj_wenlv", "博物馆利用公众号进行了线上展览", I, "py_wenhua.3", "博物馆展览，属(三)管理博物馆事业"),
    (
        "yj_wenlv",
        "推出“走进家国记忆”系列无障碍电影，为视障读者构筑一条文化上的盲道",
        I,
        "py_wenhua.4",
        "图书馆面向视障读者的服务，属(四)；涉电影放映，备选(五)",
    ),
    (
        "ly_wenlv",
        "“两馆一站”免费开放服务人次较上年增长15%",
        I,
        "py_wenhua.5",
        "文化馆、图书馆、文化站免费开放，以(五)社会文化为主；备选(四)",
    ),
    (
        "ly_wenlv",
        "全年组织开展文化下乡等惠民演出不少于100场",
        I,
        "py_wenhua.5",
        "文化下乡惠民演出，属(五)社会文化",
    ),
    (
        "ly_wenlv",
        "推进县文化馆、图书馆总分馆制建设",
        I,
        "py_wenhua.4",
        "总分馆制是图书馆事业标准化、网络化建设，(四)；文化馆部分属(五)",
    ),
    (
        "ly_wenlv",
        "完成非遗展厅布展任务，办好《郙阁颂》学术交流活动",
        I,
        "py_wenhua.5",
        "1990年代职责无非遗条款，民间文化展示归(五)社会文化；备选(三)",
    ),
    (
        "ly_wenlv",
        "开展专项整治行动4次以上，查办案件不少于5件",
        I,
        "py_wenhua.6",
        "文化市场专项整治和查办案件，属(六)督导文化市场稽查",
    ),
    ("ly_wenlv", "净化文化市场和网络文化环境抽查合格率达到92%以上", I, "py_wenhua.6", "文化市场管理，属(六)"),
    (
        "ly_wenlv",
        "完成县级应急广播系统（二期）建设",
        X,
        None,
        "应急广播属广播电视部门，番禺市文化局职责无广电",
    ),
    ("ly_wenlv", "精心策划2019年汉中油菜花海略阳观花活动", X, None, "观花节是旅游节庆，文化局职责无旅游"),
    (
        "ly_wenlv",
        "指导完成八渡河旅游带美丽风景线建设",
        X,
        None,
        "旅游带建设属旅游(及交通/住建)，目录无旅游职责",
    ),
    ("ly_wenlv", "完成灵岩寺摩崖石刻修缮项目方案设计", I, "py_wenhua.3", "文物修缮，属(三)文物保护、抢救"),
    (
        "ly_wenlv",
        "完成白水江镇江神庙的维修和布展工作",
        I,
        "py_wenhua.3",
        "古建维修和布展，属(三)文物、博物馆事业",
    ),
    (
        "my_wenlv",
        "改造提升乡村大舞台、村情民俗展现室、文化长廊、文体小广场、农家书屋等设施",
        I,
        "py_wenhua.5",
        "村级公共文化设施，属(五)社会文化；农家书屋、文体广场是次要部分",
    ),
    (
        "my_wenlv",
        "重点抓好乡镇综合文化站和村级综合性文化服务中心的改造提升和免费对外开放",
        I,
        "py_wenhua.5",
        "基层综合文化站(中心)，属(五)",
    ),
    (
        "my_wenlv",
        "进一步抓好县级文化馆图书馆总分馆制建设",
        I,
        "py_wenhua.4",
        "总分馆制对应(四)图书馆事业网络化；文化馆部分属(五)",
    ),
    ("my_wenlv", "选择合理位置建设自助式图书馆分馆", I, "py_wenhua.4", "图书馆分馆建设，属(四)"),
    (
        "my_wenlv",
        "在重点社区、企业、单位合理增设一批图书借阅点、服务点",
        I,
        "py_wenhua.4",
        "图书借阅服务点，属(四)公共图书馆事业",
    ),
    (
        "my_wenlv",
        "连续协调县委编办、县综合行政执法局增派文化市场专业执法人员驻我局文化市场综合执法中队工作",
        I,
        "py_wenhua.6",
        "充实文化市场执法力量，属(六)督导文化市场稽查；提到编办不改变其实质",
    ),
    ("wd_wenlv", "统筹增设党建文化墙、廉政文化墙", X, None, "党建、廉政文化墙是机关党建和党风廉政工作", INT),
    (
        "wd_wenlv",
        "联合县直机关工委、县红十字会、县审计局开展党史学习教育宣讲暨党风廉政建设教育活动",
        X,
        None,
        "党史学习教育和党风廉政教育，机关内部工作",
        INT,
    ),
    (
        "wd_wenlv",
        "与贝壳堤岛管理局联合开展了党史学习教育现场践学暨“学党史建新功”主题党日活动",
        X,
        None,
        "主题党日，机关党建",
        INT,
    ),
    (
        "wd_wenlv",
        "开展“博物馆里过大年”“牛年画牛”、免费观影等系列活动",
        I,
        "py_wenhua.3",
        "以博物馆为载体的节庆活动，属(三)；免费观影部分属(五)",
    ),
    (
        "wd_wenlv",
        "5·18深入开展博物馆进社区、进学校、进乡村、进企业、进军营“五进”活动",
        I,
        "py_wenhua.3",
        "博物馆社会教育活动，属(三)管理博物馆事业",
    ),
    (
        "xc_wenlv",
        "从严落实党建主体责任，充分发挥党组的堡垒作用",
        X,
        None,
        "党组落实党建主体责任，机关党建",
        INT,
    ),
    ("xc_wenlv", "建立了党建联系点工作制度，带头参与该支部活动", X, None, "党建联系点制度，机关党建", INT),
    ("xc_wenlv", "组织全局党员干部进行重温红色记忆党员轮训活动x次", X, None, "党员轮训，机关党建", INT),
    (
        "xc_wenlv",
        "强化“文化三下乡”工作，做好基层公共文化服务",
        I,
        "py_wenhua.5",
        "文化下乡和基层公共文化服务，属(五)",
    ),
    (
        "xc_wenlv",
        "采购充实全县综合文化服务中心与农家书屋子软硬件设施、设备",
        I,
        "py_wenhua.5",
        "以综合文化服务中心设施为主，属(五)；农家书屋部分另属新闻出版",
    ),
    (
        "qa_wenhuazhifa",
        "我们配合相关街道建立包靠机制，组成推进班子，分解工作责任",
        X,
        None,
        "包靠推进房地产项目(奥文国际城)建设是招商/项目服务中心工作，文化部门职责不含",
    ),
    (
        "qa_wenhuazhifa",
        "着力解决群众集中反映的文化市场监管不力的问题",
        I,
        "py_wenhua.6",
        "文化市场监管，属(六)",
    ),
    (
        "qa_wenhuazhifa",
        "深入进行“五查五看三个一”作风问题查摆和整改提升工作",
        X,
        None,
        "机关作风建设，内部工作",
        INT,
    ),
    (
        "qa_wenhuazhifa",
        "落实了干部亮身份、亮标准、亮承诺的“三亮”要求",
        X,
        None,
        "干部作风要求，机关内部工作",
        INT,
    ),
    (
        "gz_wenhuazhifa",
        "严查出版物市场危害国家统一、破坏民族团结、扰乱社会秩序和危害社会稳定的非法出版物及侵权盗版出版物",
        I,
        "py_wenhua.6",
        "出版物市场执法在今天的文化市场综合执法之内，归(六)文化市场稽查；1990年代另属新闻出版，是备选",
    ),
    (
        "gz_wenhuazhifa",
        "加强商业演出、歌舞娱乐场所等经营场所的演出活动监管",
        I,
        "py_wenhua.6",
        "演出市场、娱乐场所监管，属(六)文化市场",
    ),
    (
        "gz_wenhuazhifa",
        "严厉查处擅自举办营业性演出违法行为",
        I,
        "py_wenhua.6",
        "查处违法营业性演出，属(六)督导文化市场稽查",
    ),
    (
        "gz_wenhuazhifa",
        "严厉打击网吧、娱乐场所违规接纳未成年人经营行为",
        I,
        "py_wenhua.6",
        "网吧、娱乐场所监管，属(六)",
    ),
    (
        "gz_wenhuazhifa",
        "落实文化市场安全生产工作，及时排查经营单位消防安全隐患",
        X,
        None,
        "行业领域安全生产(消防隐患)，文化局职责无安全条款，按通用内部工作处理；备选(六)",
        INT,
    ),
    (
        "ml_wenlv",
        "对县域内的网吧、KTV、儿童游乐园、景区、体育场馆等文体旅场所，进行联合执法检查",
        I,
        "py_wenhua.6",
        "以网吧、KTV等文化市场为主的联合检查，属(六)；体育场馆部分另属体育局(六)体育市场，景区属旅游",
    ),
    (
        "ml_wenlv",
        "重点检查各文体旅经营场所相关证照是否齐全",
        I,
        "py_wenhua.6",
        "经营场所证照检查是文化市场稽查，(六)",
    ),
    (
        "ml_wenlv",
        "进一步加大民乐县文体旅经营场所日常监管力度",
        I,
        "py_wenhua.6",
        "文体旅经营场所日常监管，以文化市场为主，(六)",
    ),
    (
        "hr_wenti",
        "完成了县文化馆、图书馆屋面止漏等维修工程",
        I,
        "py_wenhua.4",
        "图书馆、文化馆维修，(四)图书馆事业；文化馆部分属(五)",
    ),
    ("hr_wenti", "完成了县图书馆地方文献库升级改造工程", I, "py_wenhua.4", "图书馆地方文献库，属(四)"),
    (
        "hr_wenti",
        "完成了市定项目跆拳道训练基地维修改造工程",
        O,
        "ja_tiyu.6",
        "训练基地是体育场地设施，实质属体育局(六)；服务业余训练，备选ja_tiyu.4",
    ),
    (
        "hr_wenti",
        "完成了农民体育健身工程建设项目45个",
        O,
        "ja_tiyu.6",
        "农民体育健身工程是体育设施建设，属体育局(六)",
    ),
    (
        "hr_wenti",
        "完成了第6次全国体育场地普查，全县共586处",
        O,
        "ja_tiyu.6",
        "体育场地普查服务于体育场地规划布局，属体育局(六)",
    ),
    (
        "hr_wenti",
        "启动了何长工革命史绩展览厅升级改造工程",
        I,
        "py_wenhua.3",
        "革命史迹展览厅属纪念馆/博物馆类，(三)",
    ),
    (
        "hr_wenti",
        "组织开展了一年一度的春节联欢文艺晚会与“万众欢腾闹元宵”系列群文活动",
        I,
        "py_wenhua.5",
        "群众文化活动，属(五)社会文化",
    ),
    (
        "hr_wenti",
        "大型现代花鼓戏《香火泪》县内外演出67场次",
        I,
        "py_wenhua.2",
        "地方戏剧目创作演出，属(二)艺术创作和艺术生产",
    ),
    (
        "hr_wenti",
        "文化志愿者在全省首创了公民道德教育公益“微讲堂”",
        X,
        None,
        "公民道德教育属文明办/宣传部的精神文明建设，文化局各条不含",
    ),
    (
        "hr_wenti",
        "举办了全县“体彩杯”首届百姓棋类大赛",
        O,
        "ja_tiyu.5",
        "棋类比赛是体育竞赛，属体育局(五)；群众性一面可归ja_tiyu.3",
    ),
    (
        "hr_wenti",
        "推进了3个乡村文体活动示范中心建设",
        I,
        "py_wenhua.5",
        "乡村文体活动中心以文化活动为主，属(五)；体育部分备选ja_tiyu.6",
    ),
    # ---------------- 市场监管 ----------------
    (
        "jw_shichangjianguan",
        "为航展馆内12家供餐企业办理《食品经营许可证》24张",
        I,
        "pd_shichangjianguan.2",
        "食品经营许可，(二)原文“负责食品…许可”",
    ),
    (
        "jw_shichangjianguan",
        "开展航展专项食品安全监督抽检95批次",
        I,
        "pd_shichangjianguan.1",
        "目录截断，食品安全监管条款缺失；在现存各条中归(一)贯彻食品安全战略",
    ),
    (
        "jw_shichangjianguan",
        '围绕"产品、环境、人员"开展农贸市场防疫工作核酸检测工作',
        X,
        None,
        "核酸采样检测是疫情防控(卫生健康)工作，市场监管职责不含",
    ),
    (
        "jw_shichangjianguan",
        '我区率先推行"集群注册"，助力释放市场活力',
        I,
        "pd_shichangjianguan.2",
        "集群注册是市场主体登记改革，属(二)",
    ),
    (
        "jw_shichangjianguan",
        "印发《金湾区企业集群注册登记管理办法（试行）》",
        I,
        "pd_shichangjianguan.2",
        "制定企业登记办法，属(二)登记注册；制定规范一面可归(一)",
    ),
    (
        "jw_shichangjianguan",
        '投放3台"银证通智能服务一体机"，办理"全电"业务3000余宗',
        I,
        "pd_shichangjianguan.2",
        "商事登记全程电子化，属(二)",
    ),
    (
        "zs_shichangjianguan",
        "扎实做好学习贯彻习近平新时代中国特色社会主义思想主题教育深化内化转化",
        X,
        None,
        "主题教育是机关党建",
        INT,
        "zhongshan_shichangjianguan_summary_2023.txt",
    ),
    (
        "zs_shichangjianguan",
        "有序推进质量强市和知识产权强市落地落实",
        I,
        "pd_shichangjianguan.1",
        "质量强市对应(一)贯彻质量强区战略；知识产权部分目录无对应条款",
    ),
    (
        "zs_shichangjianguan",
        "扎实推进党史学习教育，发放指定教材1744册",
        X,
        None,
        "党史学习教育，机关党建",
        INT,
        "zhongshan_shichangjianguan_halfyear_2021.txt",
    ),
    (
        "zs_shichangjianguan",
        "持续巩固、提升2019年以来的巡视巡察整改成效",
        X,
        None,
        "巡视巡察整改是党内监督，机关内部工作",
        INT,
        "zhongshan_shichangjianguan_halfyear_2021.txt",
    ),
    (
        "zs_shichangjianguan",
        "持续深入开展政治机关意识教育、模范机关创建和“五好”模范党支部创建等工作",
        X,
        None,
        "模范机关、党支部创建，机关党建",
        INT,
        "zhongshan_shichangjianguan_halfyear_2021.txt",
    ),
    (
        "qa_shichangjianguan",
        "强化对8674家食品生产经营业户的全覆盖监管",
        I,
        "pd_shichangjianguan.1",
        "食品生产经营监管；目录截断缺食品安全条款，归(一)食品安全战略、维护市场秩序",
    ),
    (
        "qa_shichangjianguan",
        "牵头起草了《关于深化改革加强“食安强区”建设的实施意见》",
        I,
        "pd_shichangjianguan.1",
        "拟定市场监管政策、贯彻食品安全战略，正是(一)",
    ),
    (
        "qa_shichangjianguan",
        "完善运行“食安、公安、农安”三安联动的工作机制",
        I,
        "pd_shichangjianguan.1",
        "食品安全协调机制，归(一)",
    ),
    (
        "qa_shichangjianguan",
        "与教体、农业农村等部门开展联合检查、“双随机”飞行检查、督查专班检查、第三方评价等1700余家（次）",
        I,
        "pd_shichangjianguan.3",
        "各类监督检查是综合执法，(三)实行统一的市场综合监管；备选(一)",
    ),
    (
        "qa_shichangjianguan",
        "对5127家批发企业、120家生产企业建立追溯体系，实现了信息化追溯",
        I,
        "pd_shichangjianguan.1",
        "食品追溯体系，归(一)食品安全战略",
    ),
    (
        "qa_shichangjianguan",
        "制定了《区委常委会委员食品安全工作责任清单》、《区政府领导班子成员食品安全工作责任清单》等组织文件",
        I,
        "pd_shichangjianguan.1",
        "食品安全党政同责清单，归(一)",
    ),
    (
        "yd_shichangjianguan",
        "严厉打击商业贿赂、虚假宣传、包厢购物等违法行为，全力维护旅游市场秩序",
        I,
        "pd_shichangjianguan.5",
        "商业贿赂、虚假宣传属不正当竞争，(五)；旅游字样不改变其实质",
    ),
    (
        "yd_shichangjianguan",
        "确保文旅企业选择符合资质的食品供货商",
        I,
        "pd_shichangjianguan.1",
        "涉旅餐饮食品安全；目录缺食品安全条款，归(一)",
    ),
    (
        "yd_shichangjianguan",
        "严查旅游购物企业销售的土特产出现生产信息不全、腐败变质、以次充好等情形",
        I,
        "pd_shichangjianguan.5",
        "以次充好属制售假冒伪劣、消费品市场监管，(五)",
    ),
    (
        "yd_shichangjianguan",
        "要求各涉旅主体做到价签价目齐全、标价内容明确、货签对位、标示醒目",
        I,
        "pd_shichangjianguan.5",
        "明码标价是价格监管，(五)价格收费违法违规",
    ),
    (
        "yd_shichangjianguan",
        "对利用旅游旺季哄抬物价、欺客宰客、虚假宣传等损害张家界形象的行为，坚决从快从严依法处理",
        I,
        "pd_shichangjianguan.5",
        "哄抬物价、虚假宣传，(五)；查处一面可归(三)",
    ),
    (
        "pt_shichangjianguan",
        "要持续推进商事制度改革，争取注册改革工作相关试点",
        I,
        "pd_shichangjianguan.2",
        "商事登记改革，属(二)市场主体注册",
    ),
    (
        "pt_shichangjianguan",
        "持续深化歇业备案试点和数字化全域通办改革",
        I,
        "pd_shichangjianguan.2",
        "歇业备案是市场主体登记事项，(二)",
    ),
    (
        "pt_shichangjianguan",
        "推进普惠性专利权质押融资，提升知识产权转化运用效益",
        X,
        None,
        "专利质押融资属知识产权(局)职责，浦东市场监管局现存各条均不含知识产权",
    ),
    (
        "pt_shichangjianguan",
        "加大商标违法行为执法力度，规范鞋业市场秩序",
        I,
        "pd_shichangjianguan.3",
        "查处商标违法案件是市场监管综合执法，(三)；规范市场秩序一面可归(五)",
    ),
    (
        "pt_shichangjianguan",
        "开展产业链供应链质量赋能行动，提升行业质量水平",
        I,
        "pd_shichangjianguan.1",
        "质量提升行动，(一)贯彻质量强区战略",
    ),
    (
        "zx_shichangjianguan",
        "检查农资经营户5家，暂未发现假冒伪劣农资产品",
        I,
        "pd_shichangjianguan.5",
        "农资打假属(五)生产资料市场监管、查处假冒伪劣；农业农村部门也管农资，但不在目录",
    ),
    (
        "zx_shichangjianguan",
        "召开全区校外托管机构管理工作会议",
        X,
        None,
        "校外托管机构管理由教育等部门牵头，市场监管现存各条不含；登记一面备选(二)",
    ),
    (
        "zx_shichangjianguan",
        "加强本单位干部职工禁毒预防宣传教育",
        X,
        None,
        "本单位干部禁毒教育是机关内部工作，禁毒属政法/公安",
        INT,
    ),
    (
        "zx_shichangjianguan",
        "承担高职单招考试、体育单招文化考试及自学考试期间，蒸湘区餐饮环节食品安全监管工作",
        I,
        "pd_shichangjianguan.1",
        "考试期间餐饮食品安全保障；目录缺食品安全条款，归(一)；“体育单招”与体育局无关",
    ),
    (
        "zx_shichangjianguan",
        '督导其严格执行"一扫二看三查四验"和体温测量',
        X,
        None,
        "扫码测温是疫情防控措施，非市场监管职责",
    ),
    (
        "zx_shichangjianguan",
        "为全区18家农贸市场配发额温枪38把",
        X,
        None,
        "配发防疫物资属疫情防控，非市场监管职责",
    ),
    (
        "xa_shichangjianguan",
        "制定并印发了xx县市场监督管理局《xx县2023年市场监管领域创建国家卫生县城提升行动工作方案》",
        X,
        None,
        "创建国家卫生县城属爱卫会(卫生健康)中心工作；方案内容以食品安全为重点，备选(一)",
    ),
    (
        "xa_shichangjianguan",
        "制定成立了xx县市场监督管理局爱委会组织及职责",
        X,
        None,
        "局内爱国卫生组织，机关内部工作",
        INT,
    ),
    (
        "xa_shichangjianguan",
        "制作健康教育宣传栏3块，分别张贴到包保小区",
        X,
        None,
        "健康教育属卫生健康部门，非市场监管职责",
    ),
    (
        "xa_shichangjianguan",
        "印发《无烟机关创建工作实施方案》和相关工作制度",
        X,
        None,
        "无烟机关创建，机关内部工作",
        INT,
    ),
    (
        "xa_shichangjianguan",
        "对街道、广场、车站候车室、集贸市场、商场、超市、旅游景点、饭店酒楼、烟草零售店开展拉网式检查",
        I,
        "pd_shichangjianguan.5",
        "烟草广告检查是违法广告监管，(五)",
    ),
    (
        "xa_shichangjianguan",
        "通过市局智能广告监测云平台等监测方式加强对我县广播、电视等主流媒体的烟草广告监测监管",
        I,
        "pd_shichangjianguan.5",
        "广告监测监管，(五)监督管理广告经营活动；广播电视字样不改变其实质",
    ),
    (
        "xa_shichangjianguan",
        "我局抽调食品检验中心的工作人员每日到场开展瓜果蔬菜的农残快速检测",
        I,
        "pd_shichangjianguan.1",
        "市场销售环节食用农产品快检；目录缺食品安全条款，归(一)；产地农残属农业农村(不在目录)",
    ),
    (
        "qb_shichangjianguan",
        "收集以往查处的典型案例，在全局范围内交流借鉴，总结执法办案经验",
        I,
        "pd_shichangjianguan.3",
        "提升执法人员办案能力是综合执法队伍建设，(三)；也带内部培训色彩",
    ),
    (
        "qb_shichangjianguan",
        "对存在轻微违法行为市场主体开展行政约谈，跟踪督促整改情况",
        I,
        "pd_shichangjianguan.3",
        "轻微违法约谈整改属规范行政执法行为，(三)",
    ),
    (
        "qb_shichangjianguan",
        "认真核查消费者向市场监管部门检举揭发的不正当竞争违法行为线索",
        I,
        "pd_shichangjianguan.5",
        "查处不正当竞争，(五)",
    ),
    (
        "qb_shichangjianguan",
        "我局现已查处教育培训机构不正当竞争行为案件1起，罚没金额30万元",
        I,
        "pd_shichangjianguan.5",
        "查处不正当竞争案件，(五)；“教育培训机构”不使之成为教育部门事项",
    ),
    (
        "qb_shichangjianguan",
        "开展跨区域、跨部门协作执法12次",
        I,
        "pd_shichangjianguan.3",
        "协作执法属综合执法工作，(三)",
    ),
    (
        "js_shichangjianguan",
        "集中开展整治网络不正当竞争行为专项行动",
        I,
        "pd_shichangjianguan.5",
        "网络不正当竞争，(五)监督管理网络商品交易、查处不正当竞争",
    ),
    (
        "js_shichangjianguan",
        "深入开展药品、保健食品等领域虚假宣传、误导消费问题专项整治",
        I,
        "pd_shichangjianguan.5",
        "虚假宣传属不正当竞争/违法广告，(五)；药品字样不使之成为药监专项",
    ),
    (
        "js_shichangjianguan",
        "将执法力量延伸至殡葬服务、医疗机构等敏感与重点行业，严厉查处相关不正当竞争违法行为",
        I,
        "pd_shichangjianguan.5",
        "查处不正当竞争，(五)；殡葬、医疗是行业背景(民政、卫健不在目录)",
    ),
    (
        "js_shichangjianguan",
        "对涉及老年人的投诉举报线索建立快速核查处理机制",
        I,
        "pd_shichangjianguan.5",
        "投诉举报核查服务于查处不正当竞争；消费者权益保护条款已截断，归(五)",
    ),
    (
        "xb_shichangjianguan",
        "统筹推进反不正当竞争、公平竞争审查、反垄断及规范直销与打击传销等核心工作",
        I,
        "pd_shichangjianguan.4",
        "公平竞争审查、反垄断是(四)；直销传销、不正当竞争属(五)，综合条目取(四)",
    ),
    (
        "xb_shichangjianguan",
        "重点组织开展了针对老年群体的药品、保健品市场虚假宣传专项整治行动",
        I,
        "pd_shichangjianguan.5",
        "虚假宣传专项整治，(五)",
    ),
    (
        "xb_shichangjianguan",
        "我局通过官方网站及新媒体平台发布了问题线索征集公告",
        I,
        "pd_shichangjianguan.5",
        "为查处涉老虚假宣传征集线索，(五)",
    ),
    (
        "xb_shichangjianguan",
        "我局将公平竞争审查作为优化营商环境的关键抓手，不断健全工作机制",
        I,
        "pd_shichangjianguan.4",
        "公平竞争审查制度，(四)原文",
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
        if as_ not in dept_codes:
            errors.append(f"bad as {as_}")
        rec = OrderedDict(
            plan=plan, **{"as": as_}, item=item, expect=expect, duty=duty, source=source, why=why, field=field
        )
        if internal:
            rec["internal"] = True
        labels.append(rec)

    seen = Counter(r["item"] for r in labels)
    errors += [f"duplicate item: {k}" for k, v in seen.items() if v > 1]
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

    print(len(labels), "labels;", dict(Counter(r["expect"] for r in labels)))
    print("internal:", sum(1 for r in labels if r.get("internal")))
    for field in (F_TI, F_WEN, F_SJ):
        rs = [r for r in labels if r["field"] == field]
        print(field, len(rs), dict(Counter(r["expect"] for r in rs)))
    for plan in by_plan:
        rs = [r for r in labels if r["plan"] == plan]
        c = Counter(r["expect"] for r in rs)
        print(f"| {plan} | {rs[0]['as']} | {c[I]} | {c[R]} | {c[O]} | {c[X]} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
