"""The import rule of docs/ARCHITECTURE.md, checked on every run."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# package -> top-level modules it must never import
FORBIDDEN = {
    "fm_domain": {
        "bot",
        "conversations",
        "storage",
        "sqlmodel",
        "sqlalchemy",
        "aiogram",
        "wechatpy",
        "aiohttp",
        "requests",
        "yaml",
        "openpyxl",
        "docx",
        "psycopg",
        "alembic",
        "apscheduler",
    },
    "conversations": {
        "bot",
        "storage",
        "sqlmodel",
        "sqlalchemy",
        "aiogram",
        "wechatpy",
        "aiohttp",
        "psycopg",
        "alembic",
    },
    "storage": {"bot", "conversations", "aiogram", "wechatpy", "aiohttp"},
}


def _imported_top_levels(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_only_in_the_allowed_direction(package: str) -> None:
    offences = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in _modules(package)
        for name in sorted(_imported_top_levels(path) & FORBIDDEN[package])
    ]
    assert offences == []


def test_every_package_has_modules_to_check() -> None:
    assert all(_modules(package) for package in FORBIDDEN)
