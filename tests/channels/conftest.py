"""Channel tests never leave this machine.

Every test under tests/channels runs with a guard on the socket layer: connecting to, or resolving, any
address that is not loopback (127.0.0.0/8, ::1, ``localhost``) or a Unix socket raises at once and fails
the test at teardown, even when the code under test catches the error (a sender that turns a network
failure into "retry later" must not hide a call to the real WeCom or Telegram). Local fake servers on
127.0.0.1 and the test PostgreSQL on 127.0.0.1 stay reachable.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest
from network_guard import NetworkGuard


@pytest.fixture(autouse=True)
def network_guard(monkeypatch: pytest.MonkeyPatch) -> Iterator[NetworkGuard]:
    guard = NetworkGuard()
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        guard.check_host(host, "resolving")
        return real_getaddrinfo(host, *args, **kwargs)

    def _check_address(sock: socket.socket, address: Any) -> None:
        if sock.family in (socket.AF_INET, socket.AF_INET6) and isinstance(address, tuple):
            guard.check_host(address[0], "connecting to")

    def connect(sock: socket.socket, address: Any) -> None:
        _check_address(sock, address)
        real_connect(sock, address)

    def connect_ex(sock: socket.socket, address: Any) -> int:
        _check_address(sock, address)
        return real_connect_ex(sock, address)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    yield guard
    if guard.attempts:
        pytest.fail("test tried to reach the network: " + "; ".join(guard.attempts), pytrace=False)
