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


def _conversations_imports(path: Path) -> list[str]:
    """How a module imports from ``conversations``: the submodules it reaches into, and the names it takes
    from the package itself."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names if alias.name.startswith("conversations."))
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "conversations":
                found.extend(f"conversations:{alias.name}" for alias in node.names)
            elif node.module.startswith("conversations."):
                found.append(node.module)
    return found


def test_bot_uses_only_the_public_names_of_conversations() -> None:
    """``bot`` hosts and schedules; what it needs of the conversations is their public contract, so their
    modules can be rearranged without touching the composition root."""
    import conversations

    public = {f"conversations:{name}" for name in conversations.__all__}
    offences = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in _modules("bot")
        for name in _conversations_imports(path)
        if name not in public
    ]
    assert offences == []
