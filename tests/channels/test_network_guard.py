"""The guard every channel test runs under: nothing but loopback is reachable."""

from __future__ import annotations

import contextlib
import socket

import pytest
import requests
from network_guard import NetworkGuard


def test_resolving_a_public_host_is_refused_and_remembered(network_guard: NetworkGuard) -> None:
    with pytest.raises(OSError):
        socket.getaddrinfo("qyapi.weixin.qq.com", 443)
    assert network_guard.forgive() == ["resolving 'qyapi.weixin.qq.com'"]


def test_connecting_to_a_public_address_is_refused(network_guard: NetworkGuard) -> None:
    with socket.socket() as sock, pytest.raises(OSError):
        sock.connect(("203.0.113.7", 81))
    assert network_guard.forgive() == ["connecting to '203.0.113.7'"]


def test_an_attempt_is_remembered_even_when_the_caller_swallows_the_error(
    network_guard: NetworkGuard,
) -> None:
    with contextlib.suppress(requests.RequestException):  # what a sender does before "retry later"
        requests.get("https://qyapi.weixin.qq.com/cgi-bin/gettoken", timeout=1)
    assert network_guard.forgive() != []


def test_loopback_stays_reachable(network_guard: NetworkGuard) -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    with server, socket.create_connection(server.getsockname(), timeout=1):
        pass
    assert network_guard.attempts == []
