"""Turning a decrypted WeCom message into the engine's ``Inbound``.

What fmbot acts on: text (and voice when WeCom's speech recognition filled ``Recognition``), images and
files (whose content is fetched later through media/get, see :class:`MediaRef`), menu clicks (the menu
key is a command, e.g. ``/月度安排``) and template-card button presses (the button key is a choice
payload). Other messages (video, location, voice without recognition) reach the engine empty, so the
member is told what fmbot expects; other events (entering the app, subscribing) are acknowledged and
dropped.

Idempotency keys follow WeCom's advice: ``MsgId`` for messages, ``FromUserName + CreateTime + Event``
for events, which carry no id. WeCom resends a callback byte for byte, so every field here, the time
included, comes from the message and not from our clock: four deliveries give four identical Inbounds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from wechatpy.messages import BaseMessage

from conversations import ConversationKey, Inbound

CHANNEL = "wecom"


@dataclass(frozen=True)
class MediaRef:
    """A file or image that WeCom keeps for three days under ``media_id``."""

    media_id: str
    kind: str  # image | file
    file_name: str = ""  # images come without a name


@dataclass(frozen=True)
class WecomInbound:
    inbound: Inbound  # without the attachment, which still sits on WeCom's side
    media: MediaRef | None = None


def to_inbound(message: BaseMessage) -> WecomInbound | None:
    """The Inbound of ``message``, or None for the kinds fmbot ignores."""
    data: dict[str, Any] = message._data
    user = _field(data, "FromUserName")
    if not user:
        return None
    msg_type = _field(data, "MsgType").lower()
    if msg_type == "event":
        return _event(data, user)
    message_id = _field(data, "MsgId")
    if not message_id:
        return None
    base = {"key": ConversationKey(CHANNEL, user), "message_id": message_id, "received_at": _sent_at(data)}
    if msg_type == "text":
        return WecomInbound(Inbound(**base, text=_field(data, "Content")))
    if msg_type == "voice" and _field(data, "Recognition"):
        return WecomInbound(Inbound(**base, text=_field(data, "Recognition")))
    if msg_type in ("image", "file") and _field(data, "MediaId"):
        media = MediaRef(_field(data, "MediaId"), msg_type, _field(data, "FileName"))
        return WecomInbound(Inbound(**base), media)
    # Voice without recognition, video, location, link: nothing fmbot can read, but the member should hear
    # back rather than meet silence, so the engine gets an empty message and answers with what it expects.
    return WecomInbound(Inbound(**base))


def _event(data: dict[str, Any], user: str) -> WecomInbound | None:
    event = _field(data, "Event")
    key = _field(data, "EventKey")
    created = _field(data, "CreateTime")
    if event.lower() not in ("click", "template_card_event") or not key or not created:
        return None
    inbound = Inbound(
        key=ConversationKey(CHANNEL, user),
        message_id=f"{user}:{created}:{event}",
        received_at=_sent_at(data),
        text=key if event.lower() == "click" else "",
        choice=key if event.lower() == "template_card_event" else None,
    )
    return WecomInbound(inbound)


def _field(data: dict[str, Any], name: str) -> str:
    value = data.get(name)
    return value.strip() if isinstance(value, str) else ""


def _sent_at(data: dict[str, Any]) -> datetime:
    created = _field(data, "CreateTime")
    return datetime.fromtimestamp(int(created), UTC) if created.isdigit() else datetime.fromtimestamp(0, UTC)
