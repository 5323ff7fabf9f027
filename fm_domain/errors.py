"""Errors the domain raises for bad input. Messages are Chinese: they reach users as they are."""

from __future__ import annotations


class LocatedError(ValueError):
    """A file that cannot be accepted; ``where`` names the line, or sheet and cell, of what is wrong."""

    def __init__(self, message: str, where: str | None = None) -> None:
        self.message = message
        self.where = where
        super().__init__(f"{where}：{message}" if where else message)


class CatalogError(LocatedError):
    """A catalog or 三定 text that cannot be accepted."""


class SchemeError(LocatedError):
    """A performance scheme (绩效考评方案) that cannot be accepted."""


class EvaluationError(LocatedError):
    """An evaluation sheet (考评表) from an evaluating office that cannot be accepted."""
