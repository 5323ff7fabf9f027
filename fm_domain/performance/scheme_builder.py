"""Turning a scheme file's raw records (YAML or xlsx, read in bot/performance_files) into a Scheme.

Every check lives here, once, whatever the format: the readers record where each value was written, and
each error names that place. The first error stops the build: nothing half-valid is returned.

    year: 2026
    name: 2026年度部门职能履行绩效考评方案
    dimensions:
      - code: done
        name: 做了没有
        items:
          - code: reports_on_time
            name: 按时报送年度目标、月度安排和半年总结
            points: 4
            direction: bonus          # bonus（加分）| penalty（扣分）; bonus when left out
            source: record            # record（本系统）| evaluation（外部评价）| rating（领导评价）
            from: reports_on_time     # the record indicator, the evaluating office, or the raters
            scoring: ratio            # see fm_domain.performance.rules
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from fm_domain.catalog.raw import Raw
from fm_domain.errors import SchemeError
from fm_domain.performance.ratings import Grade
from fm_domain.performance.record_indicators import RECORD_INDICATORS, ValueKind
from fm_domain.performance.rules import Grades, PerUnit, Ratio, Rule, RuleError, parse_rule
from fm_domain.performance.scheme import Dimension, Direction, Indicator, Scheme, SourceKind

SCHEME_KEYS = ("year", "name", "note", "dimensions")
DIMENSION_KEYS = ("code", "name", "items")
ITEM_KEYS = ("code", "name", "points", "direction", "source", "from", "scoring", "note")
W = TypeVar("W", Direction, SourceKind)
CODE_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,40}")
MAX_POINTS = Decimal(1000)
DEFAULT_RATERS = "分管市领导"

DIRECTION_WORDS = {
    "bonus": Direction.BONUS,
    "加分": Direction.BONUS,
    "penalty": Direction.PENALTY,
    "扣分": Direction.PENALTY,
}
SOURCE_WORDS = {
    "record": SourceKind.RECORD,
    "本系统": SourceKind.RECORD,
    "evaluation": SourceKind.EVALUATION,
    "外部评价": SourceKind.EVALUATION,
    "考评": SourceKind.EVALUATION,
    "rating": SourceKind.RATING,
    "领导评价": SourceKind.RATING,
}
# The rule each kind of record value takes: a share is scored as a ratio, a count per case.
_RECORD_RULES: dict[ValueKind, type] = {ValueKind.SHARE: Ratio, ValueKind.COUNT: PerUnit}


def build_scheme(root: Raw) -> Scheme:
    fields = _mapping(root, SCHEME_KEYS, "方案")
    year = _year(_required(fields, "year", root, "方案"))
    name = _text(_required(fields, "name", root, "方案"), "方案名称 name")
    dimensions_raw = _required(fields, "dimensions", root, "方案")
    if not isinstance(dimensions_raw.value, list) or not dimensions_raw.value:
        raise SchemeError("dimensions 应为非空的维度列表", dimensions_raw.where)
    dimensions: list[Dimension] = []
    dimension_where: dict[str, str] = {}
    item_where: dict[str, str] = {}
    for record in dimensions_raw.value:
        dimension = _dimension(record, item_where)
        if dimension.code in dimension_where:
            raise SchemeError(
                f"维度代码「{dimension.code}」重复（{dimension_where[dimension.code]}已出现）", record.where
            )
        dimension_where[dimension.code] = record.where
        dimensions.append(dimension)
    scheme = Scheme(
        year,
        name,
        tuple(dimensions),
        _text(fields["note"], "说明 note", required=False) if "note" in fields else "",
    )
    if scheme.bonus_points <= 0:
        raise SchemeError("方案中没有加分指标：总分为 0", root.where)
    return scheme


def _dimension(record: Raw, item_where: dict[str, str]) -> Dimension:
    fields = _mapping(record, DIMENSION_KEYS, "维度")
    code = _code(_required(fields, "code", record, "维度"), "维度代码 code")
    name = _text(_required(fields, "name", record, "维度"), "维度名称 name")
    items_raw = _required(fields, "items", record, f"维度「{name}」")
    if not isinstance(items_raw.value, list) or not items_raw.value:
        raise SchemeError(f"维度「{name}」的 items 应为非空的指标列表", items_raw.where)
    items = []
    for item_record in items_raw.value:
        item = _indicator(item_record, code)
        if item.code in item_where:
            raise SchemeError(
                f"指标代码「{item.code}」重复（{item_where[item.code]}已出现）", item_record.where
            )
        item_where[item.code] = item_record.where
        items.append(item)
    return Dimension(code, name, tuple(items))


def _indicator(record: Raw, dimension: str) -> Indicator:
    fields = _mapping(record, ITEM_KEYS, "指标")
    code = _code(_required(fields, "code", record, "指标"), "指标代码 code")
    name = _text(_required(fields, "name", record, "指标"), "指标名称 name")
    points = _points(_required(fields, "points", record, f"指标「{name}」"))
    direction = _word(fields.get("direction"), DIRECTION_WORDS, "方向 direction", Direction.BONUS)
    source_raw = _required(fields, "source", record, f"指标「{name}」")
    source = _word(source_raw, SOURCE_WORDS, "来源 source", None)
    origin_raw = fields.get("from")
    scoring_raw = _required(fields, "scoring", record, f"指标「{name}」")
    try:
        rule = parse_rule(str(scoring_raw.value or ""))
    except RuleError as error:
        raise SchemeError(str(error), scoring_raw.where) from None
    origin = _origin(source, origin_raw, record, name)
    _check_rule(source, origin, rule, scoring_raw, origin_raw)
    note = _text(fields["note"], "说明 note", required=False) if "note" in fields else ""
    return Indicator(code, name, dimension, points, direction, source, origin, rule, note)


def _origin(source: SourceKind, raw: Raw | None, record: Raw, name: str) -> str:
    if source is SourceKind.RATING:
        return _text(raw, "评价人 from", required=False) if raw is not None else DEFAULT_RATERS
    if raw is None:
        what = "本系统指标" if source is SourceKind.RECORD else "评价来源（如 信访）"
        raise SchemeError(f"指标「{name}」缺少 from（{what}）", record.where)
    origin = _text(raw, "来源名称 from")
    if source is SourceKind.RECORD and origin not in RECORD_INDICATORS:
        raise SchemeError(
            f"不认识的本系统指标「{origin}」（可用：{'、'.join(RECORD_INDICATORS)}）", raw.where
        )
    if source is SourceKind.EVALUATION and len(origin) > 20:
        raise SchemeError("评价来源名称至多 20 个字", raw.where)
    return origin


def _check_rule(source: SourceKind, origin: str, rule: Rule, where: Raw, origin_raw: Raw | None) -> None:
    if source is SourceKind.RECORD:
        expected = _RECORD_RULES[RECORD_INDICATORS[origin].kind]
        if not isinstance(rule, expected):
            wanted = "比例（ratio）" if expected is Ratio else "每项 N（per_unit N）"
            raise SchemeError(f"本系统指标「{origin}」应按{wanted}计分", where.where)
    elif source is SourceKind.RATING:
        missing = [g.value for g in Grade if not isinstance(rule, Grades) or g.value not in rule.weights]
        if missing:
            raise SchemeError(
                f"领导评价应按等次计分，并列出 {'、'.join(g.value for g in Grade)} 的权重", where.where
            )


# -- small readers -------------------------------------------------------------------------------------


def _mapping(raw: Raw, keys: Sequence[str], what: str) -> Mapping[str, Raw]:
    if not isinstance(raw.value, dict):
        raise SchemeError(f"{what}应为“键: 值”的形式", raw.where)
    for key in raw.value:
        if key not in keys:
            raise SchemeError(f"{what}中不认识的键「{key}」（可用：{'、'.join(keys)}）", raw.where_key(key))
    return raw.value


def _required(fields: Mapping[str, Raw], key: str, record: Raw, what: str) -> Raw:
    if key not in fields:
        raise SchemeError(f"{what}缺少 {key}", record.where)
    return fields[key]


def _text(raw: Raw | None, what: str, *, required: bool = True) -> str:
    value = raw.value if raw is not None else None
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise SchemeError(f"{what} 不能为空", raw.where if raw else None)
        return ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise SchemeError(f"{what} 应为文字", raw.where if raw else None)
    return str(value).strip()


def _code(raw: Raw, what: str) -> str:
    code = _text(raw, what)
    if not CODE_PATTERN.fullmatch(code):
        raise SchemeError(
            f"{what}「{code}」只能由英文字母、数字、下划线或连字符组成（至多 40 个字符）", raw.where
        )
    return code


def _year(raw: Raw) -> int:
    value = raw.value
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or isinstance(value, bool) or not 2000 <= value <= 2100:
        raise SchemeError(f"年度 year 应为四位年份，实际为“{raw.value}”", raw.where)
    return value


def _points(raw: Raw) -> Decimal:
    value = raw.value
    try:
        if isinstance(value, bool):
            raise InvalidOperation
        points = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise SchemeError(f"分值 points 应为数字，实际为“{value}”", raw.where) from None
    if not 0 < points <= MAX_POINTS or points != points.quantize(Decimal("0.01")):
        raise SchemeError(f"分值 points 应大于 0、至多 {MAX_POINTS}，最多两位小数，实际为 {value}", raw.where)
    return points.to_integral() if points == points.to_integral() else points


def _word(raw: Raw | None, words: Mapping[str, W], what: str, default: W | None) -> W:
    if raw is None or raw.value is None or (isinstance(raw.value, str) and not raw.value.strip()):
        if default is None:
            raise SchemeError(f"{what} 不能为空", raw.where if raw else None)
        return default
    found = words.get(str(raw.value).strip().lower())
    if found is None:
        raise SchemeError(f"{what}「{raw.value}」不可用（可用：{'、'.join(words)}）", raw.where)
    return found
