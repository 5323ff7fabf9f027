"""The Chinese font charts are drawn in: Noto Sans CJK from Debian's fonts-noto-cjk, found at run time.

matplotlib ships no CJK glyphs; without one, every Chinese label would be a row of empty boxes. So the font
is looked up in the usual places (fontconfig's directories), and when it is missing the dossier says so in
place of each chart instead of printing boxes. Word and Excel name their fonts and leave the drawing to the
reader's machine, so they need nothing from here.
"""

from __future__ import annotations

import functools
from pathlib import Path

# Debian's fonts-noto-cjk (OpenType collections); other distributions keep the same names elsewhere.
FONT_FILES = ("NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular.otf", "NotoSansSC-Regular.otf")
FONT_DIRECTORIES = (
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".local/share/fonts",
    Path.home() / ".fonts",
)
INSTALL_HINT = "apt-get install fonts-noto-cjk"
# The names Word and Excel are told to use: the East Asian one for Chinese text, the other for the rest.
DOCUMENT_FONT_EAST_ASIA = "宋体"
DOCUMENT_HEADING_EAST_ASIA = "黑体"
DOCUMENT_FONT_LATIN = "Times New Roman"
SHEET_FONT = "等线"


class MissingFont(RuntimeError):
    """No CJK font to draw charts with; the message says what to install."""


@functools.cache
def cjk_font_file() -> Path | None:
    for directory in FONT_DIRECTORIES:
        if not directory.is_dir():
            continue
        for name in FONT_FILES:
            found = next(directory.rglob(name), None)
            if found is not None:
                return found
    return None


def require_cjk_font() -> Path:
    path = cjk_font_file()
    if path is None:
        raise MissingFont(f"no CJK font for the charts (looked for {', '.join(FONT_FILES)}): {INSTALL_HINT}")
    return path
