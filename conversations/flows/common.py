"""Small helpers the flows share: the catalog of this turn, departments by any name, drafts' files."""

from __future__ import annotations

import base64
import re
from typing import Any

from conversations import texts
from conversations.flow import Context
from conversations.messages import Attachment, Inbound
from conversations.rights import sees_department
from fm_domain.matching.precedents import Judgement
from fm_domain.models import Catalog, Department


def catalog(ctx: Context) -> Catalog:
    """The current catalog: its stamp read once per turn, the catalog itself loaded only when that changed."""
    if "catalog" not in ctx.cache:
        ctx.cache["catalog"] = ctx.catalogs.current(ctx.uow.catalog)
    return ctx.cache["catalog"]


def judgements(ctx: Context) -> tuple[Judgement, ...]:
    """The office's judgements that apply to the current catalog (the latest per text), read once per turn
    and handed to every review, so an item worded as a judged one follows the judgement."""
    if "judgements" not in ctx.cache:
        ctx.cache["judgements"] = tuple(
            Judgement(entry.item, entry.department, entry.verdict, entry.duty, entry.internal)
            for entry in ctx.uow.judgements.current()
        )
    return ctx.cache["judgements"]


def department_name(ctx: Context, code: str | None) -> str:
    if not code:
        return ""
    department = catalog(ctx).get(code)
    return department.display_name if department else code


def find_department(known: Catalog, word: str) -> Department | None:
    """A department by code (any case), full name or short name."""
    wanted = word.strip()
    for department in known:
        if wanted.lower() == department.code.lower() or wanted in (department.name, department.short):
            return department
    return None


def departments_list(known: Catalog) -> str:
    return texts.known_departments((d.display_name, d.code) for d in known)


def text_of(message: Inbound) -> str:
    return message.text.strip()


def numbers_in(text: str) -> list[int] | None:
    """ "2 5"、"2,5"、"2、5" → [2, 5]; None when the text holds anything but numbers."""
    parts = [p for p in re.split(r"[\s,，、;；]+", text.strip()) if p]
    if not parts or not all(p.isdigit() for p in parts):
        return None
    return [int(p) for p in parts]


def file_to_draft(attachment: Attachment) -> dict[str, Any]:
    """A file kept in a JSON draft until the user confirms."""
    return {
        "name": attachment.name,
        "mime_type": attachment.mime_type,
        "content": base64.b64encode(attachment.content).decode("ascii"),
    }


def file_from_draft(data: dict[str, Any] | None) -> Attachment | None:
    if not data:
        return None
    return Attachment(data["name"], base64.b64decode(data["content"]), data["mime_type"])


def oversized(ctx: Context, attachment: Attachment) -> str | None:
    """Why an attachment is refused for its size, or None when it fits."""
    limit = ctx.services.max_attachment_bytes
    return texts.file_too_large(limit // (1024 * 1024)) if len(attachment.content) > limit else None


def keep_file(ctx: Context, attachment: Attachment, *, limit: int, too_many: str) -> str | None:
    """Keep the file in the draft's ``files``; why it is refused (too large, or one more than ``limit``)
    when it cannot be kept."""
    if problem := oversized(ctx, attachment):
        return problem
    if len(ctx.data["files"]) >= limit:
        return too_many
    ctx.data["files"].append(file_to_draft(attachment))
    return None


def named_department(ctx: Context, name: str) -> Department | str:
    """The department a user named, or the reply when it is unknown or not theirs to look into."""
    known = catalog(ctx)
    department = find_department(known, name)
    if department is None:
        return texts.unknown_department(name.strip(), departments_list(known))
    if not sees_department(ctx.user, department.code):
        return texts.department_not_yours(department.display_name)
    return department
