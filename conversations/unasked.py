"""Messages a user did not ask for (a notification, a nudge) and their buttons.

Buttons are answered by number on channels without them ("回复 1 …"), and a number means what the user's
state says it means. So a message sent to someone unasked keeps its buttons only when their state can take
them: an idle user gets them; a user in the middle of a flow keeps the flow's numbering and gets the text
alone, which names the command to use instead.
"""

from __future__ import annotations

from datetime import datetime

from conversations.messages import Choice, Reply
from conversations.ports import ConversationStatesPort
from conversations.state import ConversationState


def offer_choices(
    states: ConversationStatesPort, user_id: int, choices: tuple[Choice, ...], now: datetime
) -> bool:
    """Let an idle user answer ``choices`` by number; False when they cannot (in a flow, or their state
    changed meanwhile), so the message must go without its buttons."""
    owner = f"user:{user_id}"
    state = ConversationState.load(owner, states.get(owner))
    if not state.idle:
        return False
    state.choices = list(choices)
    return states.save(
        owner, flow=state.flow, step=state.step, data=state.encode(), version=state.version + 1, now=now
    )


def without_choices(reply: Reply) -> Reply:
    return Reply(reply.text, (), reply.file)
