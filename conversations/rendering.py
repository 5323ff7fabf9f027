"""Buttons as numbered text, for channels that cannot show buttons (WeCom app messages, the console).

The engine remembers the last prompt's buttons, so the user answers with the bare number on any channel.
"""

from __future__ import annotations

from conversations import texts
from conversations.messages import Reply


def render_numbered(reply: Reply) -> str:
    """``回复 1 确认提交`` lines under the text; the text alone when there are no buttons."""
    if not reply.choices:
        return reply.text
    lines = [texts.numbered_choice(n, choice.label) for n, choice in enumerate(reply.choices, start=1)]
    return reply.text + "\n" + "\n".join(lines)
