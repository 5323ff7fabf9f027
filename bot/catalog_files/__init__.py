"""Catalog files: YAML and xlsx readers, the xlsx export, and the bundled sample catalog.

The formats are described in docs/CATALOG_FORMAT.md. Every reader validates the whole file through
``fm_domain.catalog.builder`` and raises ``CatalogError`` naming the line (or sheet and cell).
"""

from __future__ import annotations

from pathlib import Path

from bot.catalog_files.sample import load_sample_catalog, sample_catalog_path
from bot.catalog_files.xlsx_reader import read_xlsx_catalog
from bot.catalog_files.xlsx_writer import write_catalog_xlsx
from bot.catalog_files.yaml_reader import read_yaml_catalog
from fm_domain.errors import CatalogError
from fm_domain.models import Catalog

__all__ = ["load_sample_catalog", "read_catalog_file", "sample_catalog_path", "write_catalog_xlsx"]

_YAML_SUFFIXES = {".yaml", ".yml"}


def read_catalog_file(path: Path) -> Catalog:
    """The catalog in a .yaml/.yml or .xlsx file, fully validated; CatalogError naming line or cell."""
    suffix = path.suffix.lower()
    if suffix == ".txt":
        raise CatalogError("三定文本请用 fmbot catalog import-text 导入", path.name)
    if suffix not in _YAML_SUFFIXES | {".xlsx"}:
        raise CatalogError("不支持的文件类型，应为 .yaml、.yml 或 .xlsx", path.name)
    if not path.is_file():
        raise CatalogError("文件不存在", str(path))
    return read_xlsx_catalog(path) if suffix == ".xlsx" else read_yaml_catalog(path)
