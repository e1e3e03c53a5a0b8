#!/usr/bin/env python3
"""Streams completions through /v1/chat/completions and prints how long each of the fake Gemini's chunks took to
reach the client as a `chat.completion.chunk` carrying its text (both clocks are this machine's wall clock).

    v1_stream_latency.py BASE_URL API_KEY FAKE_GEMINI_URL [RUNS]
"""
import json
import sys
import time

from stream_timing import measure, since_flushed

base, key, fake = sys.argv[1:4]
runs = int(sys.argv[4]) if len(sys.argv) > 4 else 50
body = json.dumps({"model": "gemini-2.5-flash", "stream": True,
                   "messages": [{"role": "user", "content": "Tell me a story"}]})


def stream_once(connection):
    """Returns (ms from sending to the first chunk, [ms from each Gemini chunk's flush to its content chunk])."""
    started = time.time_ns()
    connection.request("POST", "/v1/chat/completions", body=body,
                       headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    response = connection.getresponse()
    assert response.status == 200, (response.status, response.read())
    first_at, contents_at = None, []
    while line := response.readline():
        arrived = time.time_ns()
        line = line.decode().rstrip("\r\n")
        if not line.startswith("data: "):
            continue
        if line == "data: [DONE]":
            break
        chunk = json.loads(line[6:])
        first_at = first_at or arrived
        if any(choice.get("delta", {}).get("content") for choice in chunk.get("choices", [])):
            contents_at.append(arrived)
    response.read()
    return (first_at - started) / 1e6, since_flushed(fake, contents_at)


measure(base, runs, stream_once, ["request sent -> first chunk", "Gemini's first chunk -> its /v1/ chunk",
                                  "Gemini's later chunks -> their /v1/ chunk"])
