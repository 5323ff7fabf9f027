"""Printing helpers shared by the report's sections."""

from __future__ import annotations


def display_fit(text: str, width: int) -> str:
    """Left-justified to ``width`` display columns (a Chinese character takes two)."""
    columns = sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
    return text + " " * max(0, width - columns)
