"""Checking and opening WeCom's encrypted callbacks before anything else looks at them.

WeCom signs every callback with SHA-1 over (Token, timestamp, nonce, ciphertext) and encrypts the message
with the app's EncodingAESKey, the corp id sealed inside. A request passes only if the signature matches,
its timestamp is recent, the envelope is small, well-formed XML, and the decrypted message is addressed
to our corp and our app. Anything else is a :class:`CallbackRejected` carrying the HTTP status to answer.

Two refusals concern a genuine message from a member: one too long (an envelope over 64 KB, roughly
15,000 Chinese characters) and one holding a control character that XML does not allow (pasted from
another program). Such a message is still opened, so that :class:`MessageRefused` can name its sender
and the member hears why nothing happened instead of meeting silence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, NoReturn

import xmltodict
from wechatpy.enterprise.crypto import WeChatCrypto
from wechatpy.enterprise.exceptions import InvalidCorpIdException
from wechatpy.enterprise.parser import parse_message
from wechatpy.exceptions import InvalidSignatureException
from wechatpy.messages import BaseMessage

from bot.channels.wecom import texts
from bot.channels.wecom.config import WecomConfig

# A WeCom callback is a few kilobytes; a member's longest message is a long paste.
MAX_BODY_BYTES = 64 * 1024
# A larger body is still read, up to this, only to tell its sender it is too long; beyond it, unread.
MAX_READ_BYTES = 1024 * 1024
# Characters XML 1.0 forbids, raw or as a character reference: control characters other than tab, line
# feed and carriage return (XML parsers refuse the whole message for one of them).
_FORBIDDEN_CHARACTERS = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]"
    r"|&#(?:[xX]0*(?:[0-8bBcCeEfF]|1[0-9a-fA-F])|0*(?:[0-8]|1[124-9]|2[0-9]|3[01]));"
)
# WeCom's own servers keep good time; a callback older than this is a replay, not a slow network.
MAX_CLOCK_SKEW_SECONDS = 300


class CallbackRejected(Exception):
    """A callback that must not reach the engine; ``reason`` is safe to log (no secrets, no content)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class MessageRefused(CallbackRejected):
    """A genuine message refused for its content; ``sender`` is told ``notice`` (Chinese, for the member)."""

    def __init__(self, status: int, reason: str, *, sender: str, notice: str) -> None:
        super().__init__(status, reason)
        self.sender = sender
        self.notice = notice


class CallbackVerifier:
    def __init__(self, config: WecomConfig, clock: Callable[[], float]) -> None:
        self._config = config
        self._crypto = WeChatCrypto(config.token, config.aes_key, config.corp_id)
        self._clock = clock

    def verify_url(self, query: Mapping[str, str]) -> str:
        """The decrypted ``echostr`` of WeCom's URL check, to be answered as it is."""
        signature, timestamp, nonce = self._signed_params(query)
        # A '+' in a query string decodes to a space; base64 never holds a space, so put it back.
        echostr = query.get("echostr", "").replace(" ", "+")
        if not echostr:
            raise CallbackRejected(400, "missing echostr")
        try:
            plaintext = self._crypto.check_signature(signature, timestamp, nonce, echostr)
        except InvalidSignatureException:
            raise CallbackRejected(403, "wrong signature") from None
        except InvalidCorpIdException:
            raise CallbackRejected(403, "echostr sealed for another corp id") from None
        except Exception:  # bad base64, bad padding, wrong key: all just "not a WeCom echostr"
            raise CallbackRejected(400, "undecryptable echostr") from None
        return str(plaintext)

    def open_message(self, query: Mapping[str, str], body: bytes) -> BaseMessage:
        """The decrypted, parsed message of a POST callback, addressed to our corp and app."""
        signature, timestamp, nonce = self._signed_params(query)
        envelope = _parse_envelope(body)
        try:
            plaintext = self._crypto.decrypt_message(envelope, signature, timestamp, nonce)
        except InvalidSignatureException:
            raise CallbackRejected(403, "wrong signature") from None
        except InvalidCorpIdException:
            raise CallbackRejected(403, "message sealed for another corp id") from None
        except Exception:
            raise CallbackRejected(400, "undecryptable message") from None
        if len(body) > MAX_BODY_BYTES:
            self._refuse(
                plaintext, 413, f"body of {len(body)} bytes is over {MAX_BODY_BYTES}", texts.MESSAGE_TOO_LONG
            )
        if _FORBIDDEN_CHARACTERS.search(plaintext):
            self._refuse(plaintext, 400, "control character in the message", texts.UNREADABLE_CHARACTERS)
        message = _parse(plaintext)
        self._check_addressee(message)
        return message

    def _refuse(self, plaintext: str, status: int, reason: str, notice: str) -> NoReturn:
        """Raise MessageRefused naming the sender; CallbackRejected when not even the sender can be read."""
        message = _parse(_FORBIDDEN_CHARACTERS.sub("", plaintext))
        self._check_addressee(message)
        sender = message._data.get("FromUserName")
        if not isinstance(sender, str) or not sender.strip():
            raise CallbackRejected(status, reason)
        raise MessageRefused(status, reason, sender=sender.strip(), notice=notice)

    def _signed_params(self, query: Mapping[str, str]) -> tuple[str, str, str]:
        signature = query.get("msg_signature", "")
        timestamp = query.get("timestamp", "")
        nonce = query.get("nonce", "")
        if not (signature and timestamp and nonce):
            raise CallbackRejected(400, "missing msg_signature, timestamp or nonce")
        if not timestamp.isdigit():
            raise CallbackRejected(400, "timestamp is not a number")
        skew = abs(self._clock() - int(timestamp))
        if skew > MAX_CLOCK_SKEW_SECONDS:
            raise CallbackRejected(403, f"timestamp {int(skew)} s away from our clock")
        return signature, timestamp, nonce

    def _check_addressee(self, message: BaseMessage) -> None:
        data: dict[str, Any] = message._data
        if data.get("ToUserName") != self._config.corp_id:
            raise CallbackRejected(403, "ToUserName is not our corp id")
        agent = str(data.get("AgentID") or "").strip()
        if agent != str(self._config.agent_id):
            raise CallbackRejected(403, f"unknown AgentID {agent[:20]!r}")


def _parse(plaintext: str) -> BaseMessage:
    try:
        message = parse_message(plaintext)
    except Exception:
        raise CallbackRejected(400, "malformed decrypted XML") from None
    if not isinstance(message, BaseMessage):
        raise CallbackRejected(400, "empty decrypted message")
    return message


def _parse_envelope(body: bytes) -> dict[str, Any]:
    if len(body) > MAX_READ_BYTES:
        raise CallbackRejected(413, f"body of {len(body)} bytes is over {MAX_READ_BYTES}")
    # The envelope never needs a DTD; refusing one outright shuts the door on entity tricks.
    if b"<!" in body.replace(b"<![CDATA[", b""):
        raise CallbackRejected(400, "XML with a DTD or declaration")
    try:
        document = xmltodict.parse(body, disable_entities=True)
    except Exception:
        raise CallbackRejected(400, "malformed XML") from None
    envelope = document.get("xml") if isinstance(document, dict) else None
    if not isinstance(envelope, dict) or not isinstance(envelope.get("Encrypt"), str):
        raise CallbackRejected(400, "XML without <xml><Encrypt>")
    return envelope
