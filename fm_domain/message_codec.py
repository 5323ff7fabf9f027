"""JSON encodings of inbound messages and replies, as stored in the inbox and outbox.

JSON only (never pickle), so that any process, and any future version, can read what another wrote.
"""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Any

from fm_domain.messages import Attachment, Choice, ConversationKey, Inbound, Reply


def attachment_to_json(attachment: Attachment | None) -> dict[str, Any] | None:
    if attachment is None:
        return None
    return {
        "name": attachment.name,
        "mime_type": attachment.mime_type,
        "content": base64.b64encode(attachment.content).decode("ascii"),
    }


def attachment_from_json(data: dict[str, Any] | None) -> Attachment | None:
    if data is None:
        return None
    return Attachment(data["name"], base64.b64decode(data["content"]), data["mime_type"])


def encode_inbound(inbound: Inbound) -> str:
    return json.dumps(
        {
            "channel": inbound.key.channel,
            "user": inbound.key.external_user_id,
            "message_id": inbound.message_id,
            "received_at": inbound.received_at.isoformat(),
            "text": inbound.text,
            "choice": inbound.choice,
            "attachment": attachment_to_json(inbound.attachment),
        },
        ensure_ascii=False,
    )


def decode_inbound(payload: str) -> Inbound:
    data = json.loads(payload)
    return Inbound(
        key=ConversationKey(data["channel"], data["user"]),
        message_id=data["message_id"],
        received_at=datetime.fromisoformat(data["received_at"]),
        text=data["text"],
        choice=data["choice"],
        attachment=attachment_from_json(data["attachment"]),
    )


def encode_reply(reply: Reply) -> str:
    return json.dumps(
        {
            "text": reply.text,
            "choices": [{"label": c.label, "payload": c.payload} for c in reply.choices],
            "file": attachment_to_json(reply.file),
        },
        ensure_ascii=False,
    )


def decode_reply(payload: str) -> Reply:
    data = json.loads(payload)
    return Reply(
        text=data["text"],
        choices=tuple(Choice(c["label"], c["payload"]) for c in data["choices"]),
        file=attachment_from_json(data["file"]),
    )
