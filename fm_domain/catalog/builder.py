"""Turning raw department records (from YAML, a spreadsheet or a 三定 text) into catalog models.

Every check lives here, once, whatever the file format: the readers only record where each value was
written, and each error names that place. The first error stops the build, so nothing half-valid is
ever returned.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import TypeVar

from fm_domain.catalog.categories import guess_category
from fm_domain.catalog.raw import Raw
from fm_domain.errors import CatalogError
from fm_domain.models import Catalog, Department, Division, Duty, DutyCategory, DutyStatus, Staffing

CATALOG_KEYS = ("departments",)
DEPARTMENT_KEYS = ("code", "name", "short", "partial", "staffing", "duties", "divisions")
DUTY_KEYS = ("n", "text", "category", "status", "periodic", "divisions")
DIVISION_KEYS = ("name", "duties")
STAFFING_KEYS = ("administrative", "leaders", "bodies")

CODE_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,30}")
NAME_LONGEST = 100
SHORT_LONGEST = 20

E = TypeVar("E", bound=StrEnum)

# Spreadsheets and hand-written files say 是/否 as often as true/false.
_TRUE_WORDS = {"true", "yes", "y", "1", "是", "对", "√"}
_FALSE_WORDS = {"false", "no", "n", "0", "否", "不是", "×", ""}

# Besides the enum values, the words a 三定 or an office clerk would write for each status.
_STATUS_WORDS: dict[str, DutyStatus] = {
    **{status.value: status for status in DutyStatus},
    **{status.label: status for status in DutyStatus},
    "取消": DutyStatus.CANCELLED,
    "转移": DutyStatus.TRANSFERRED,
    "划出": DutyStatus.TRANSFERRED,
    "下放": DutyStatus.DELEGATED,
    "整合": DutyStatus.MERGED,
}
_CATEGORY_WORDS: dict[str, DutyCategory] = {
    **{category.value: category for category in DutyCategory},
    **{category.name.lower(): category for category in DutyCategory},
    "其他职能类": DutyCategory.OTHER,
}

# Where a list of names is written in one cell: 办公室、政策法规处
_NAME_SEPARATORS = re.compile(r"[、，,；;\n]+")


def build_catalog(root: Raw) -> Catalog:
    """A catalog from a file's top level: a mapping with ``departments``."""
    fields = _mapping(root, CATALOG_KEYS, "目录")
    if "departments" not in fields:
        raise CatalogError("缺少 departments（部门列表）", root.where)
    departments = fields["departments"]
    if not isinstance(departments.value, list) or not departments.value:
        raise CatalogError("departments 应为非空的部门列表", departments.where)
    return build_departments(departments.value)


def build_departments(records: Sequence[Raw]) -> Catalog:
    """A catalog from department records; rejects a department code given twice."""
    departments: list[Department] = []
    seen: dict[str, str] = {}
    for record in records:
        department = build_department(record)
        if department.code in seen:
            raise CatalogError(
                f"部门代码「{department.code}」重复（{seen[department.code]}已出现）", record.where
            )
        seen[department.code] = record.where
        departments.append(department)
    return Catalog(tuple(departments))


def build_department(record: Raw) -> Department:
    """One department with its duties, divisions and staffing, checked field by field."""
    fields = _mapping(record, DEPARTMENT_KEYS, "部门")
    code = _text(_required(fields, "code", record, "部门"), "部门代码 code")
    if not CODE_PATTERN.fullmatch(code):
        raise CatalogError(
            f"部门代码「{code}」只能由英文字母、数字、下划线或连字符组成（至多 30 个字符，可作工作表名）",
            fields["code"].where,
        )
    name = _text(_required(fields, "name", record, "部门"), "部门名称 name", longest=NAME_LONGEST)
    duties_raw = _required(fields, "duties", record, f"部门「{name}」")
    return Department(
        code=code,
        name=name,
        short=_text(fields["short"], "简称 short", required=False, longest=SHORT_LONGEST)
        if "short" in fields
        else "",
        partial=_flag(fields.get("partial"), "partial（职责清单是否不完整）"),
        duties=_duties(code, duties_raw),
        divisions=_divisions(fields.get("divisions")),
        staffing=_staffing(fields.get("staffing")),
    )


def _duties(code: str, raw: Raw) -> tuple[Duty, ...]:
    items = _list(raw, "duties（职责列表）")
    if not items:
        raise CatalogError("duties 为空：部门至少要有一条职责", raw.where)
    duties: dict[int, Duty] = {}
    where_of: dict[int, str] = {}
    for item in items:
        duty = _duty(code, item)
        if duty.n in duties:
            raise CatalogError(f"职责序号 {duty.n} 重复（{where_of[duty.n]}已出现）", item.where)
        duties[duty.n], where_of[duty.n] = duty, item.where
    return tuple(duties[n] for n in sorted(duties))


def _duty(code: str, record: Raw) -> Duty:
    fields = _mapping(record, DUTY_KEYS, "职责")
    n = _integer(_required(fields, "n", record, "职责"), "职责序号 n", minimum=1)
    text = _text(_required(fields, "text", record, f"职责（{n}）"), f"职责（{n}）的内容 text")
    stated = fields.get("category")
    category = _choice(stated, _CATEGORY_WORDS, DutyCategory, "职能类别 category") if _given(stated) else None
    return Duty(
        department=code,
        n=n,
        text=text,
        category=category or guess_category(text),
        category_guessed=category is None,
        status=(
            _choice(fields["status"], _STATUS_WORDS, DutyStatus, "职责状态 status")
            if _given(fields.get("status"))
            else DutyStatus.ACTIVE
        ),
        periodic=_flag(fields.get("periodic"), "periodic（是否阶段性职能）"),
        divisions=tuple(_names(fields.get("divisions"), "承担处室 divisions")),
    )


def _divisions(raw: Raw | None) -> tuple[Division, ...]:
    if not _given(raw):
        return ()
    assert raw is not None
    divisions: list[Division] = []
    where_of: dict[str, str] = {}
    for item in _list(raw, "divisions（内设机构列表）"):
        fields = _mapping(item, DIVISION_KEYS, "内设机构")
        name = _text(_required(fields, "name", item, "内设机构"), "内设机构名称 name", longest=NAME_LONGEST)
        if name in where_of:
            raise CatalogError(f"内设机构「{name}」重复（{where_of[name]}已出现）", item.where)
        where_of[name] = item.where
        sentences = fields.get("duties")
        duties = (
            [_text(s, f"「{name}」的职责") for s in _list(sentences, "duties")] if _given(sentences) else []
        )
        divisions.append(Division(name=name, duties=tuple(duties)))
    return tuple(divisions)


def _staffing(raw: Raw | None) -> Staffing:
    if not _given(raw):
        return Staffing()
    assert raw is not None
    fields = _mapping(raw, STAFFING_KEYS, "编制 staffing")
    labels = {"administrative": "行政编制", "leaders": "领导职数", "bodies": "内设机构数"}
    figures = {
        key: _integer(fields[key], f"{labels[key]} {key}", minimum=0) if _given(fields.get(key)) else None
        for key in STAFFING_KEYS
    }
    return Staffing(**figures)


# --- field readers: each checks one value and says what was expected -----------------------------------


def _mapping(raw: Raw, keys: Sequence[str], what: str) -> dict[str, Raw]:
    if not isinstance(raw.value, dict):
        raise CatalogError(f"{what}应为「键: 值」形式的映射，实际为{_describe(raw.value)}", raw.where)
    for key in raw.value:
        if key not in keys:
            raise CatalogError(f"{what}中有未知的键「{key}」（可用：{', '.join(keys)}）", raw.where_key(key))
    return raw.value


def _required(fields: dict[str, Raw], key: str, record: Raw, what: str) -> Raw:
    if key not in fields:
        raise CatalogError(f"{what}缺少 {key}", record.where_key(key))
    if not _given(fields[key]):
        raise CatalogError(f"{what}的 {key} 不能为空", fields[key].where)
    return fields[key]


def _given(raw: Raw | None) -> bool:
    return raw is not None and raw.value is not None and raw.value != ""


def _list(raw: Raw, what: str) -> list[Raw]:
    if not isinstance(raw.value, list):
        raise CatalogError(f"{what}应为列表，实际为{_describe(raw.value)}", raw.where)
    return raw.value


def _text(raw: Raw, what: str, required: bool = True, longest: int | None = None) -> str:
    value = raw.value
    if isinstance(value, bool | list | dict):
        raise CatalogError(f"{what}应为文字，实际为{_describe(value)}", raw.where)
    # a spreadsheet cell or a YAML scalar may hold a number where text is meant (a name like 12345)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = "" if value is None else str(value).strip()
    if required and not text:
        raise CatalogError(f"{what}不能为空", raw.where)
    if longest is not None and len(text) > longest:
        raise CatalogError(f"{what}过长（{len(text)} 字，至多 {longest} 字）", raw.where)
    return text


def _integer(raw: Raw, what: str, minimum: int) -> int:
    value = raw.value
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    if number is None or number < minimum:
        raise CatalogError(f"{what}应为不小于 {minimum} 的整数，实际为 {value!r}", raw.where)
    return number


def _flag(raw: Raw | None, what: str) -> bool:
    if raw is None or raw.value is None:
        return False
    value = raw.value
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower() if isinstance(value, str | int) else None
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    raise CatalogError(f"{what}应为 true/false（或 是/否），实际为 {value!r}", raw.where)


def _choice(raw: Raw, words: dict[str, E], enum: type[E], what: str) -> E:
    value = raw.value
    word = value.strip() if isinstance(value, str) else None
    if word is not None and (word in words or word.lower() in words):
        return words.get(word) or words[word.lower()]
    allowed = "、".join(
        f"{member.value}（{label}）" if (label := getattr(member, "label", None)) else member.value
        for member in enum
    )
    raise CatalogError(f"{what} 的值 {value!r} 无效，应为以下之一：{allowed}", raw.where)


def _names(raw: Raw | None, what: str) -> Iterable[str]:
    if not _given(raw):
        return []
    assert raw is not None
    if isinstance(raw.value, str):
        return [name.strip() for name in _NAME_SEPARATORS.split(raw.value) if name.strip()]
    return [_text(item, what) for item in _list(raw, what)]


def _describe(value: object) -> str:
    if isinstance(value, dict):
        return "映射"
    if isinstance(value, list):
        return "列表"
    if value is None:
        return "空值"
    return f" {value!r}"
