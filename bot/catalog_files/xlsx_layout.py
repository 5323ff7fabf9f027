"""The spreadsheet layout of a catalog, shared by the reader and the export (docs/CATALOG_FORMAT.md).

One sheet per department. Column A holds labels; a label may be written in Chinese or as the YAML key.

    代码 | minzheng              ← department fields, one per row, value in column B
    名称 | 南通市民政局
    …
    序号 | 职责 | 类别 | 状态 | 阶段性 | 承担处室   ← duties header, then one row per duty
    1    | 拟订… | 宏观决策类 | 在履行 | 否 | 办公室、政策法规处
    内设机构 | 职责                                 ← divisions header, then one row per duty sentence
    办公室 | 负责机关日常运转…
           | 承担…                                 ← a blank name continues the division above
"""

from __future__ import annotations

# field key -> Chinese label, in the order the export writes them
DEPARTMENT_LABELS = {
    "code": "代码",
    "name": "名称",
    "short": "简称",
    "partial": "职责清单不完整",
    "administrative": "行政编制",
    "leaders": "领导职数",
    "bodies": "内设机构数",
}
STAFFING_FIELDS = ("administrative", "leaders", "bodies")

DUTY_COLUMNS = {
    "n": "序号",
    "text": "职责",
    "category": "类别",
    "status": "状态",
    "periodic": "阶段性",
    "divisions": "承担处室",
}
REQUIRED_DUTY_COLUMNS = ("n", "text")

DIVISION_COLUMNS = {"division": "内设机构", "duty": "职责"}

YES, NO = "是", "否"
DIVISION_SEPARATOR = "、"


def key_for(label: object, labels: dict[str, str]) -> str | None:
    """The field key a label cell names (its Chinese label or the key itself), or None."""
    if not isinstance(label, str):
        return None
    text = label.strip()
    for key, chinese in labels.items():
        if text in (chinese, key) or text.lower() == key:
            return key
    return None
