#!/usr/bin/env python3
"""Streams answers through the app and prints how long each step took to reach the client:
the `message` event after the request was sent, and each `delta` after bench/fake_gemini.py flushed the chunk
it carries (both clocks are this machine's wall clock).

    stream_latency.py BASE_URL ACCESS_TOKEN SESSION_ID FAKE_GEMINI_URL [RUNS]
"""
import json
import statistics
import sys
import time

from stream_timing import measure, since_flushed

base, access, session, fake = sys.argv[1:5]
runs = int(sys.argv[5]) if len(sys.argv) > 5 else 50


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
    return (message_at - started) / 1e6, since_flushed(fake, deltas_at)


first_deltas = measure(base, runs, stream_once, ["request sent -> `message` event", "Gemini's first chunk -> first `delta`",
                                                 "Gemini's later chunks -> their `delta`"])
print(f"   mean time to first delta over the fake's first chunk: {statistics.mean(first_deltas):.2f} ms")
