"""Errors the domain raises for bad input. Messages are Chinese: they reach users as they are."""

from __future__ import annotations


class CatalogError(ValueError):
    """A catalog or 三定 text that cannot be accepted; ``where`` names the line, or sheet and cell."""

    def __init__(self, message: str, where: str | None = None) -> None:
        self.message = message
        self.where = where
        super().__init__(f"{where}：{message}" if where else message)
