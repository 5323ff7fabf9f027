"""Secrets never reach the logs, whichever library's error text carries them."""

from __future__ import annotations

import logging
import sys

from bot.log_redaction import RedactingFilter, redact

TOKEN = "123456789:AAH-fake-token-for-tests_0123456789a"


def test_a_telegram_token_inside_a_url_is_masked() -> None:
    masked = redact(f"Cannot connect to https://api.telegram.org/bot{TOKEN}/getUpdates")
    assert TOKEN not in masked and "getUpdates" in masked


def test_wecom_secrets_in_a_query_string_are_masked() -> None:
    masked = redact("GET /cgi-bin/gettoken?corpid=ww1&corpsecret=s3cr3t&x=1 and access_token=abc123")
    assert "s3cr3t" not in masked and "abc123" not in masked and "corpid=ww1" in masked


def test_the_filter_masks_the_message_and_the_traceback_of_a_record() -> None:
    try:
        raise RuntimeError(f"POST https://api.telegram.org/bot{TOKEN}/sendMessage failed")
    except RuntimeError:
        record = logging.LogRecord("t", logging.ERROR, __file__, 1, "failed: %s", (TOKEN,), sys.exc_info())
    RedactingFilter().filter(record)
    assert TOKEN not in record.getMessage()
    assert record.exc_text and TOKEN not in record.exc_text


def test_a_web_console_sign_in_token_is_masked() -> None:
    token = "1.1796629003.G1IEo6x8jFPgESsNYqwJmJW9.hdufGIximFhBSKkNPVX90F65cNJDftyv7wAxUHsahdk"
    masked = redact(f"POST /signin/{token} HTTP/1.1 from 127.0.0.1")
    assert token not in masked and "G1IEo6x8" not in masked and "/signin/***" in masked
