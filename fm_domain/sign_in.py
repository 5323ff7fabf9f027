"""Sign-in links of the web console: signed, short-lived, single use.

A link carries ``<user id>.<expiry, unix seconds>.<nonce>.<signature>``: the signature (HMAC-SHA256 with
the console's key) lets the server refuse a forged or altered link before it touches the database; the
nonce's hash is what storage records at issue and marks used at sign-in, so a link works once, and only
while its record says it has not expired. Sessions are random ids whose hashes are stored, as for links.
Neither the key nor a token is ever logged.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

LINK_LIFETIME = timedelta(minutes=10)
SESSION_LIFETIME = timedelta(hours=8)
KEY_BYTES = 32


@dataclass(frozen=True)
class SignInToken:
    user_id: int
    expires_at: datetime
    nonce: str

    @property
    def nonce_hash(self) -> str:
        return digest(self.nonce)


def new_key() -> str:
    return secrets.token_urlsafe(KEY_BYTES)


def digest(secret: str) -> str:
    """What storage keeps of a nonce or session id: its SHA-256, hex."""
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def new_session_id() -> str:
    return secrets.token_urlsafe(32)


def issue(key: str, user_id: int, now: datetime) -> tuple[str, SignInToken]:
    """A new link token for the user, valid for LINK_LIFETIME from ``now``; (the text, what it says)."""
    token = SignInToken(user_id, (now + LINK_LIFETIME).astimezone(UTC), secrets.token_urlsafe(18))
    payload = f"{token.user_id}.{int(token.expires_at.timestamp())}.{token.nonce}"
    return f"{payload}.{_signature(key, payload)}", token


def read(key: str, text: str) -> SignInToken | None:
    """What a link token says, when its signature is right; None for anything forged, altered or garbled.
    Whether it has expired or been used is for the caller (the clock and the database) to say."""
    parts = text.strip().split(".")
    if len(parts) != 4:
        return None
    user, expiry, nonce, signature = parts
    if not hmac.compare_digest(_signature(key, f"{user}.{expiry}.{nonce}"), signature):
        return None
    if not (user.isdigit() and expiry.isdigit() and nonce):
        return None
    return SignInToken(int(user), datetime.fromtimestamp(int(expiry), UTC), nonce)


def _signature(key: str, payload: str) -> str:
    mac = hmac.new(key.encode("utf-8"), payload.encode("utf-8"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode("ascii")
