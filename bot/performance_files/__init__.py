"""Performance scheme files (YAML and xlsx), the bundled default scheme, and the xlsx export of a year's
scores in the layout of the 年度绩效考评.

Reading a file is I/O, so it lives here; every check of what a file says is fm_domain.performance's
(``build_scheme``), and each error names the line or cell.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from bot.catalog_files.yaml_reader import read_yaml_raw
from fm_domain.errors import SchemeError
from fm_domain.performance import Scheme, build_scheme

# The xlsx modules (openpyxl) are imported where a workbook is read or written: every process that
# chats loads the default scheme, and needs no spreadsheet library for it.
__all__ = ["default_scheme_path", "load_default_scheme", "parse_scheme", "read_scheme_file"]

_DEFAULT = files("bot").joinpath("data", "performance_scheme.yaml")
_YAML_SUFFIXES = {".yaml", ".yml"}


def default_scheme_path() -> Path:
    return Path(str(_DEFAULT))


def load_default_scheme() -> Scheme:
    """The bundled default: three dimensions, 28 items, and the negative item (see the file's comments)."""
    return parse_scheme(_DEFAULT.read_bytes(), "performance_scheme.yaml")


def parse_scheme(content: bytes, name: str) -> Scheme:
    """A scheme from a file's bytes: YAML or xlsx by the name's suffix; SchemeError naming line or cell."""
    suffix = Path(name).suffix.lower()
    if suffix in _YAML_SUFFIXES:
        return build_scheme(read_yaml_raw(content, name, first_key="year"))
    if suffix == ".xlsx":
        from bot.performance_files.scheme_xlsx import read_xlsx_scheme

        return read_xlsx_scheme(content, name)
    raise SchemeError("不支持的文件类型，应为 .yaml、.yml 或 .xlsx", name)


def read_scheme_file(path: Path) -> Scheme:
    if not path.is_file():
        raise SchemeError("文件不存在", str(path))
    return parse_scheme(path.read_bytes(), path.name)
