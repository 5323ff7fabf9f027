"""Sign-in link tokens: what a signed token says, and that an altered or foreign one says nothing."""

from __future__ import annotations

from datetime import UTC, datetime

from fm_domain import sign_in

NOW = datetime(2026, 3, 10, 1, 0, tzinfo=UTC)


def test_a_token_reads_back_as_issued_with_its_expiry_ten_minutes_on() -> None:
    text, token = sign_in.issue("key", 7, NOW)
    read = sign_in.read("key", text)
    assert read == token
    assert read is not None and (read.user_id, read.expires_at) == (7, NOW + sign_in.LINK_LIFETIME)


def test_an_altered_token_or_another_key_is_refused() -> None:
    text, _ = sign_in.issue("key", 7, NOW)
    _user, rest = text.split(".", 1)
    assert sign_in.read("key", f"8.{rest}") is None
    assert sign_in.read("other key", text) is None
    assert sign_in.read("key", "garbage") is None


def test_storage_keeps_only_a_hash_of_the_nonce() -> None:
    _text, token = sign_in.issue("key", 7, NOW)
    assert token.nonce not in token.nonce_hash and len(token.nonce_hash) == 64
