"""Small, pure translations between Telegram's identifiers and the engine's."""

from __future__ import annotations

from conversations import ConversationKey

CHANNEL = "telegram"


def conversation_key(chat_id: int) -> ConversationKey:
    """fmbot talks to people in private chats, where the chat id is the user id."""
    return ConversationKey(CHANNEL, str(chat_id))


def chat_id_of(key: ConversationKey) -> int:
    if key.channel != CHANNEL:
        raise ValueError(f"{key} is not a Telegram account")
    return int(key.external_user_id)


def message_id_of(chat_id: int, message_id: int) -> str:
    """The engine's id of a chat message: the same on every resend of its update.

    Not the update_id: after a week without updates Telegram starts update ids afresh at a random
    number, which could meet an id the inbox already holds. A message id is unique within its chat.
    """
    return f"m:{chat_id}:{message_id}"


def callback_id_of(callback_query_id: str) -> str:
    """The engine's id of a button press: Telegram's callback query ids are unique."""
    return f"cb:{callback_query_id}"


def command_text(text: str) -> str:
    """Telegram's own conventions, in the engine's words.

    Opening the bot sends ``/start``: that is a request for help. A link ``t.me/<bot>?start=CODE`` (how
    staff can hand out an invite) sends ``/start CODE``: that is binding with the code.
    """
    head, _, rest = text.strip().partition(" ")
    if head.split("@", 1)[0].lower() != "/start":
        return text
    code = rest.strip()
    return f"/bind {code}" if code else "/help"
