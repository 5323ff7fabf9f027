"""The socket-level guard behind tests/channels/conftest.py (kept importable for tests of the guard)."""

from __future__ import annotations

import ipaddress
from typing import Any

_LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


class NetworkGuard:
    """Remembers every attempt to reach a non-loopback host, and refuses it."""

    def __init__(self) -> None:
        self.attempts: list[str] = []

    def check_host(self, host: Any, what: str) -> None:
        if host is None or is_local_host(host):
            return
        self.attempts.append(f"{what} {host!r}")
        raise OSError(f"tests must not reach the network: {what} {host!r} refused")

    def forgive(self) -> list[str]:
        """Clear and return the attempts seen so far (for tests of this guard itself)."""
        attempts, self.attempts = self.attempts, []
        return attempts


def is_local_host(host: Any) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    if host.lower() in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False
