"""The 三定 catalog: validating catalog records, importing 三定 texts, guessing duty categories."""

from fm_domain.catalog.builder import build_catalog, build_department, build_departments
from fm_domain.catalog.categories import guess_category
from fm_domain.catalog.raw import Raw
from fm_domain.catalog.sanding_text import parse_sanding_text

__all__ = [
    "Raw",
    "build_catalog",
    "build_department",
    "build_departments",
    "guess_category",
    "parse_sanding_text",
]
