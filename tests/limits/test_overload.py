"""Overload against a real `cruce serve` process: /v1 gets fast 503s while /healthz and /metrics keep answering.

Slow clients hold /v1 requests open by sending their bodies a few bytes at a
time, as a slow or hostile network peer would. With ``max_concurrent = 4``,
eight such clients fill every slot; the test then checks what other callers get.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from limits_setup import make_sources

PROJECT = Path(__file__).resolve().parents[2]
SLOW_CLIENTS = 8
MAX_CONCURRENT = 4
TRICKLE_SECONDS = 4.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    config, keys = make_sources(tmp_path, f"max_concurrent = {MAX_CONCURRENT}\nopen_metrics = true\nrate_per_second = 1000.0\nburst = 1000")
    port = free_port()
    log_file = (tmp_path / "server.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "engine.cli", "--config", str(config), "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=PROJECT, stdout=log_file, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            status, _, _ = request(port, "GET", "/healthz")
            if status == 200:
                break
        except OSError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            raise AssertionError((tmp_path / "server.log").read_text(errors="replace"))
        time.sleep(0.1)

    yield port, keys
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
    log_file.close()


def request(port: int, method: str, path: str, body: dict | None = None, key: str | None = None) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Content-Type": "application/json"}
    if key:
        headers["X-API-Key"] = key
    try:
        connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def slow_search(port: int, key: str, statuses: list[int]) -> None:
    """Send a search whose body arrives over TRICKLE_SECONDS, and record the status it gets."""
    head = b'{"name": "Ana Ruiz"'
    padding = 40
    body_length = len(head) + padding + 1
    with socket.create_connection(("127.0.0.1", port), timeout=15) as connection:
        connection.sendall(
            b"POST /v1/persons/search HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + f"X-API-Key: {key}\r\nContent-Length: {body_length}\r\nConnection: close\r\n\r\n".encode()
            + head
        )
        try:
            for _ in range(padding):
                connection.sendall(b" ")
                time.sleep(TRICKLE_SECONDS / padding)
            connection.sendall(b"}")
        except OSError:
            pass  # the server answered 503 and closed the connection before the body was sent
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    statuses.append(int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/") else 0)


def test_overload_gets_503_while_health_answers(server):
    port, keys = server
    statuses: list[int] = []
    clients = [threading.Thread(target=slow_search, args=(port, keys["officer"], statuses)) for _ in range(SLOW_CLIENTS)]
    for client in clients:
        client.start()
    time.sleep(1.0)

    started = time.monotonic()
    refused_status, refused_headers, refused_body = request(port, "POST", "/v1/persons/search", {"name": "Ana Ruiz"}, keys["officer"])
    refused_seconds = time.monotonic() - started

    started = time.monotonic()
    health_status, _, _ = request(port, "GET", "/healthz")
    health_seconds = time.monotonic() - started

    metrics_status, _, metrics_body = request(port, "GET", "/metrics")

    for client in clients:
        client.join(timeout=30)
    after_status, _, _ = request(port, "POST", "/v1/persons/search", {"name": "Ana Ruiz"}, keys["officer"])

    assert refused_status == 503
    assert refused_headers["retry-after"] == "1"
    assert json.loads(refused_body)["error"] == "access.overloaded"
    assert refused_seconds < 2.0
    assert health_status == 200
    assert health_seconds < 2.0
    assert metrics_status == 200
    assert b'cruce_rejected_requests_total{reason="overloaded",status="503"}' in metrics_body
    assert sorted(statuses).count(200) == MAX_CONCURRENT
    assert statuses.count(503) == SLOW_CLIENTS - MAX_CONCURRENT
    assert after_status == 200
