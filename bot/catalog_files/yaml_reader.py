"""Reading a catalog YAML file into raw records that remember their line numbers."""

from __future__ import annotations

from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from fm_domain.catalog.builder import build_catalog
from fm_domain.catalog.raw import Raw
from fm_domain.errors import CatalogError
from fm_domain.models import Catalog

# libyaml's parser where PyYAML was built with it (the wheels are): the same nodes and marks, four times
# faster on a city's catalog. The scalars are still constructed by the pure-Python SafeLoader below.
_PARSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml_catalog(path: Path) -> Catalog:
    """The catalog in a YAML file; CatalogError naming the line for anything wrong."""
    return parse_yaml_catalog(path.read_bytes(), path.name)


def parse_yaml_catalog(data: bytes, source: str) -> Catalog:
    return build_catalog(read_yaml_raw(data, source))


def read_yaml_raw(data: bytes, source: str, *, first_key: str = "departments") -> Raw:
    """The YAML document as a Raw tree; rejects bad encoding, bad syntax and keys given twice.
    ``first_key`` is what an empty file is told to begin with (a performance scheme begins with year)."""
    text = decode_utf8(data, source)
    try:
        node = yaml.compose(text, Loader=_PARSER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = _line(source, mark.line) if mark else source
        raise CatalogError(f"YAML 格式错误：{error.problem or error.context}", where) from None
    except yaml.YAMLError as error:
        raise CatalogError(f"YAML 格式错误：{error}", source) from None
    if node is None:
        raise CatalogError(f"文件是空的，应以 {first_key}: 开头", source)
    return _to_raw(node, yaml.SafeLoader(""), source)


def decode_utf8(data: bytes, source: str) -> str:
    """The text of a UTF-8 file (a BOM is allowed); CatalogError naming the line of the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n")
        raise CatalogError(
            "文件不是 UTF-8 编码（可能是 GBK），请另存为 UTF-8 后再导入", _line(source, line)
        ) from None


def _to_raw(node: Node, constructor: yaml.SafeLoader, source: str) -> Raw:
    where = _line(source, node.start_mark.line)
    if isinstance(node, SequenceNode):
        return Raw([_to_raw(item, constructor, source) for item in node.value], where)
    if isinstance(node, MappingNode):
        values: dict[str, Raw] = {}
        key_where: dict[str, str] = {}
        for key_node, value_node in node.value:
            key_at = _line(source, key_node.start_mark.line)
            key = constructor.construct_object(key_node) if isinstance(key_node, ScalarNode) else None
            if not isinstance(key, str):
                raise CatalogError("键应为文字", key_at)
            if key in values:
                raise CatalogError(f"键「{key}」重复（{key_where[key]}已出现）", key_at)
            values[key], key_where[key] = _to_raw(value_node, constructor, source), key_at
        return Raw(values, where, key_where)
    try:
        return Raw(constructor.construct_object(node), where)
    except yaml.YAMLError as error:
        raise CatalogError(f"YAML 值无法识别：{error}", where) from None


def _line(source: str, zero_based_line: int) -> str:
    return f"{source} 第 {zero_based_line + 1} 行"
