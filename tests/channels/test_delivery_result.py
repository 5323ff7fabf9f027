"""What senders report to the outbox loop, and how long the loop waits before trying again."""

from __future__ import annotations

import random

from bot.channels.delivery_result import DeliveryResult, DeliveryStatus, backoff_delay


def test_each_fate_says_what_the_loop_should_do() -> None:
    assert DeliveryResult.sent("m1").is_sent
    assert DeliveryResult.retry("HTTP 502", 10).should_retry
    gone = DeliveryResult.undeliverable("errcode 81013")
    assert (gone.status, gone.is_sent, gone.should_retry) == (DeliveryStatus.UNDELIVERABLE, False, False)


def test_backoff_doubles_with_each_attempt_up_to_the_cap() -> None:
    delays = [backoff_delay(n, base=5, cap=60, jitter=0) for n in range(1, 7)]

    assert delays == [5, 10, 20, 40, 60, 60]


def test_backoff_never_comes_back_before_the_sender_asked() -> None:
    assert backoff_delay(1, at_least=45, base=5, jitter=0) == 45


def test_jitter_spreads_retries_of_messages_that_failed_together() -> None:
    rng = random.Random(7)

    delays = {backoff_delay(3, base=5, rng=rng) for _ in range(20)}

    assert len(delays) > 1 and all(16 <= d <= 24 for d in delays)
