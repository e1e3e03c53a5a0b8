#!/usr/bin/env python3
"""Streams answers through the app and prints how long each step took to reach the client:
the `message` event after the request was sent, and each `delta` after bench/fake_gemini.py flushed the chunk
it carries (both clocks are this machine's wall clock).

    stream_latency.py BASE_URL ACCESS_TOKEN SESSION_ID FAKE_GEMINI_URL [RUNS]
"""
import http.client
import json
import statistics
import sys
import time
import urllib.request
from urllib.parse import urlparse

base, access, session, fake = sys.argv[1:5]
runs = int(sys.argv[5]) if len(sys.argv) > 5 else 50
url = urlparse(base)


def stream_once(connection):
    """Returns (ms from sending to the message event, [ms from each chunk's flush to its delta])."""
    started = time.time_ns()
    connection.request("POST", f"/chatsessions/{session}/messages/", body=json.dumps({"prompt": "Tell me a story"}),
                       headers={"Authorization": f"Bearer {access}", "Accept": "text/event-stream",
                                "Content-Type": "application/json"})
    response = connection.getresponse()
    assert response.status == 200, response.status
    message_at, deltas_at, event = None, [], None
    while line := response.readline():
        arrived = time.time_ns()
        line = line.decode().rstrip("\r\n")
        if line.startswith("event: "):
            event = line[7:]
        elif line.startswith("data: ") and event == "message":
            message_at = arrived
        elif line.startswith("data: ") and event == "delta":
            deltas_at.append(arrived)
        elif line.startswith("data: ") and event == "error":
            raise SystemExit(f"the stream failed: {line}")
    sent = json.load(urllib.request.urlopen(f"{fake}/__last_stream"))["sent_ns"]
    assert len(sent) == len(deltas_at), (sent, deltas_at)
    return (message_at - started) / 1e6, [(got - flushed) / 1e6 for got, flushed in zip(deltas_at, sent)]


def summary(name, values):
    values = sorted(values)
    p = lambda q: values[min(len(values) - 1, int(q * len(values)))]
    print(f"   {name:<42} p50 {p(0.5):6.2f} ms   p90 {p(0.9):6.2f} ms   p99 {p(0.99):6.2f} ms   max {values[-1]:6.2f} ms"
          f"   (n={len(values)})")


connection = http.client.HTTPConnection(url.hostname, url.port)
for _ in range(5):  # warm-up: JIT, connection pools
    stream_once(connection)
first_events, first_deltas, later_deltas = [], [], []
for _ in range(runs):
    first_event, deltas = stream_once(connection)
    first_events.append(first_event)
    first_deltas.append(deltas[0])
    later_deltas.extend(deltas[1:])
summary("request sent -> `message` event", first_events)
summary("Gemini's first chunk -> first `delta`", first_deltas)
summary("Gemini's later chunks -> their `delta`", later_deltas)
print(f"   mean time to first delta over the fake's first chunk: {statistics.mean(first_deltas):.2f} ms")
