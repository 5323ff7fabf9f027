"""The matcher's data files, parsed: domain dictionary, synonyms, concept thesaurus, stop words, role cues.

The files live in ``fm_domain/matching/data/`` as plain UTF-8 text so that staff can extend them; each opens
with a comment that explains its columns. Parsing is pure (text in, values out) and errors name the file
and line, so a bad edit is caught when the index is built rather than silently ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from importlib import resources

from fm_domain.models import DutyCategory

COMMON_FIELD = "通用"  # the field of work every bureau does (党建, 机关自身建设, 安全生产, 信访 …)
FUNCTION_FIELD = "职能"  # a kind of function, not a subject (规划, 监督检查, 考核, 执法 …)
TERM_SEPARATOR = "、"


class LexiconError(ValueError):
    """A data file line that cannot be read; the message names the file and line."""

    def __init__(self, message: str, source: str, line: int) -> None:
        self.message = message
        self.source = source
        self.line = line
        super().__init__(f"{source} 第 {line} 行：{message}")


class Role(StrEnum):
    """How a duty's wording places the department: leading (负责, 牵头) or assisting (配合, 协助)."""

    LEAD = "lead"
    ASSIST = "assist"


@dataclass(frozen=True)
class Concept:
    """One thesaurus entry: a field word as duties use it, and the words that signal it in work items."""

    name: str
    broader: tuple[str, ...]  # broader concepts (usually one; 城管执法 is both 城市管理 and 行政执法)
    field: str
    terms: tuple[str, ...]
    note: str = ""

    @property
    def common(self) -> bool:
        """Work every bureau does for itself: it counts for the plan's own department only."""
        return self.field == COMMON_FIELD

    @property
    def function(self) -> bool:
        """A kind of function: it refines a match on the subject and never makes one."""
        return self.field == FUNCTION_FIELD


def _rows(text: str) -> list[tuple[int, list[str]]]:
    """Non-comment, non-blank lines as (line number, tab-separated cells)."""
    rows = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append((number, [cell.strip() for cell in line.split("\t")]))
    return rows


def _terms(cell: str) -> list[str]:
    return [term.strip() for term in cell.split(TERM_SEPARATOR) if term.strip()]


def parse_dictionary(text: str, source: str = "dictionary.txt") -> list[tuple[str, int | None]]:
    """jieba user-dictionary lines: ``word [frequency] [tag]`` separated by blanks."""
    words: list[tuple[str, int | None]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) > 3:
            raise LexiconError("格式应为“词语 [词频] [词性]”", source, number)
        frequency: int | None = None
        if len(parts) >= 2:
            if not parts[1].isdigit():
                raise LexiconError(f"词频应为整数，实际为 {parts[1]!r}", source, number)
            frequency = int(parts[1])
        words.append((parts[0], frequency))
    return words


def parse_synonyms(text: str, source: str = "synonyms.tsv") -> dict[str, str]:
    """``canonical <TAB> variant、variant <TAB> note`` → {variant: canonical}."""
    variants: dict[str, str] = {}
    for number, cells in _rows(text):
        if len(cells) < 2 or not cells[0] or not _terms(cells[1]):
            raise LexiconError("格式应为“规范词<TAB>同义词、简称…<TAB>说明”", source, number)
        canonical = cells[0]
        for variant in _terms(cells[1]):
            if variant in variants and variants[variant] != canonical:
                raise LexiconError(f"“{variant}”已是“{variants[variant]}”的同义词", source, number)
            if variant != canonical:
                variants[variant] = canonical
    return variants


def parse_concepts(text: str, source: str = "thesaurus.tsv") -> list[Concept]:
    """``concept <TAB> broader、…|- <TAB> field <TAB> term、… <TAB> note`` → concepts.

    Broader concepts are checked when the thesaurus is built, once every file is read.
    """
    concepts: list[Concept] = []
    for number, cells in _rows(text):
        if len(cells) < 4 or not cells[0] or not cells[2]:
            raise LexiconError(
                "格式应为“概念<TAB>上位概念或-<TAB>领域<TAB>词语、词语…<TAB>说明”", source, number
            )
        name, broader, field, terms = cells[0], cells[1], cells[2], _terms(cells[3])
        short = [term for term in [name, *terms] if len(term) < 2]
        if short:
            raise LexiconError(f"词语至少两个字：{short[0]!r}", source, number)
        concepts.append(
            Concept(
                name=name,
                broader=() if broader in ("", "-") else tuple(_terms(broader)),
                field=field,
                terms=tuple(dict.fromkeys([name, *terms])),
                note=cells[4] if len(cells) > 4 else "",
            )
        )
    return concepts


def parse_stopwords(text: str) -> frozenset[str]:
    """One word per line (several per line separated by blanks are accepted too)."""
    words: set[str] = set()
    for raw in text.splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            words.update(line.split())
    return frozenset(words)


def parse_roles(text: str, source: str = "roles.tsv") -> dict[str, Role]:
    """``cue <TAB> lead|assist <TAB> note`` → {cue: role}."""
    cues: dict[str, Role] = {}
    for number, cells in _rows(text):
        if len(cells) < 2 or cells[1] not in {role.value for role in Role}:
            raise LexiconError("格式应为“提示词<TAB>lead 或 assist<TAB>说明”", source, number)
        cues[cells[0]] = Role(cells[1])
    return cues


def parse_work_types(text: str, source: str = "work_types.tsv") -> dict[str, DutyCategory]:
    """``cue <TAB> category <TAB> note`` → {cue: category}."""
    known = {category.value: category for category in DutyCategory}
    cues: dict[str, DutyCategory] = {}
    for number, cells in _rows(text):
        if len(cells) < 2 or len(cells[0]) < 2 or cells[1] not in known:
            raise LexiconError(
                f"格式应为“提示词（至少两个字）<TAB>职能类别（{'、'.join(known)}）<TAB>说明”", source, number
            )
        cues[cells[0]] = known[cells[1]]
    return cues


def data_text(name: str) -> str:
    """The text of one bundled data file (read-only package data, as jieba reads its dictionary)."""
    return resources.files(__package__).joinpath("data").joinpath(name).read_text(encoding="utf-8")


def data_files(prefix: str, suffix: str) -> list[str]:
    """Names of bundled data files that start with ``prefix`` and end with ``suffix``, sorted."""
    folder = resources.files(__package__).joinpath("data")
    return sorted(
        entry.name
        for entry in folder.iterdir()
        if entry.name.startswith(prefix) and entry.name.endswith(suffix)
    )
