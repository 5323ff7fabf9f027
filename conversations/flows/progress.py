"""Asking the status of each entry of a list, one at a time: last month's items in 月度安排 (完成 / 推进中 /
延期), the year's goals in 半年总结 (已完成 / 推进中 / 未启动).

The entries live in ``ctx.data[key]`` as ``{"text", "status", "reason"}``; ``ctx.data["index"]`` is the entry
being asked about and ``ctx.data["revising"]`` is set while one status is changed from the preview. One status
asks why (延期, 未启动). After the last entry the flow goes on to its items, or back to the preview when it
already has some. Step names are the flow's own, as they are stored with a conversation in progress.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from conversations import texts
from conversations.flow import Context, Goto, Stay, Step, Transition
from conversations.flows.common import numbers_in, text_of
from conversations.messages import Choice, Inbound, Reply


@dataclass(frozen=True)
class Progress:
    key: str  # ctx.data[key]: the entries
    ask_step: str  # the step that asks one entry's status
    reason_step: str  # the step that asks why, for ``needs_reason``
    pick_step: str  # the step that asks which entry to change, from the preview
    labels: Mapping[str, str]  # status → its button label
    needs_reason: str  # the status that asks why
    prompt: Callable[[int, int, str], str]  # (position, count, entry text) → the question
    reason_prompt: Callable[[str], str]  # entry text → the question why
    reason_empty: str
    pick_prompt: str
    heading: Callable[[Context], str]  # shown before the first question: what the flow is for

    def steps(self) -> dict[str, Step]:
        return {
            self.ask_step: Step(self._ask, self._answer, back=self._back),
            self.reason_step: Step(self._ask_reason, self._reason),
            self.pick_step: Step(lambda ctx: Reply(self.pick_prompt), self._pick),
        }

    def start(self, notes: tuple[Reply, ...] = ()) -> Transition:
        return Goto(self.ask_step, notes=notes)

    def revise(self) -> Transition:
        return Goto(self.pick_step)

    def counts(self, ctx: Context) -> dict[str, int]:
        counts: dict[str, int] = {}
        for entry in ctx.data[self.key]:
            counts[entry["status"]] = counts.get(entry["status"], 0) + 1
        return counts

    def _entry(self, ctx: Context) -> dict[str, str]:
        entry: dict[str, str] = ctx.data[self.key][ctx.data["index"]]
        return entry

    def _ask(self, ctx: Context) -> Reply:
        index, entries = ctx.data["index"], ctx.data[self.key]
        prompt = self.prompt(index + 1, len(entries), entries[index]["text"])
        if index == 0 and not ctx.data["revising"]:
            prompt = f"{self.heading(ctx)}\n{prompt}"
        return Reply(prompt, tuple(Choice(label, status) for status, label in self.labels.items()))

    def _answer(self, ctx: Context, message: Inbound) -> Transition:
        status = message.choice or {v: k for k, v in self.labels.items()}.get(text_of(message))
        if status not in self.labels:
            return Stay(texts.UNKNOWN_CHOICE)
        entry = self._entry(ctx)
        entry["status"] = status
        if status == self.needs_reason:
            return Goto(self.reason_step)
        entry["reason"] = ""
        return self._next(ctx)

    def _back(self, ctx: Context) -> Transition | None:
        if ctx.data["revising"] or ctx.data["index"] == 0:
            return None  # the previous step
        ctx.data["index"] -= 1
        return Goto(self.ask_step)

    def _ask_reason(self, ctx: Context) -> Reply:
        return Reply(self.reason_prompt(self._entry(ctx)["text"]))

    def _reason(self, ctx: Context, message: Inbound) -> Transition:
        reason = text_of(message)
        if not reason:
            return Stay(self.reason_empty)
        self._entry(ctx)["reason"] = reason
        return self._next(ctx)

    def _next(self, ctx: Context) -> Transition:
        if ctx.data["revising"]:
            ctx.data["revising"] = False
            return Goto("preview")
        if ctx.data["index"] + 1 < len(ctx.data[self.key]):
            ctx.data["index"] += 1
            return Goto(self.ask_step)
        return Goto("preview") if ctx.data["items"] else Goto("items")

    def _pick(self, ctx: Context, message: Inbound) -> Transition:
        numbers = numbers_in(text_of(message))
        count = len(ctx.data[self.key])
        if not numbers or len(numbers) != 1:
            return Stay(self.pick_prompt)
        if not 1 <= numbers[0] <= count:
            return Stay(texts.number_out_of_range(numbers[0], count))
        ctx.data["index"], ctx.data["revising"] = numbers[0] - 1, True
        return Goto(self.ask_step)
