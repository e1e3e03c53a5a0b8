#!/usr/bin/env python3
"""Streams completions through /v1/chat/completions and prints how long each of the fake Gemini's chunks took to
reach the client as a `chat.completion.chunk` carrying its text (both clocks are this machine's wall clock).

    v1_stream_latency.py BASE_URL API_KEY FAKE_GEMINI_URL [RUNS]
"""
import http.client
import json
import sys
import time
import urllib.request
from urllib.parse import urlparse

base, key, fake = sys.argv[1:4]
runs = int(sys.argv[4]) if len(sys.argv) > 4 else 50
url = urlparse(base)
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
    sent = json.load(urllib.request.urlopen(f"{fake}/__last_stream"))["sent_ns"]
    assert len(sent) == len(contents_at), (sent, contents_at)
    return (first_at - started) / 1e6, [(got - flushed) / 1e6 for got, flushed in zip(contents_at, sent)]


def summary(name, values):
    values = sorted(values)
    p = lambda q: values[min(len(values) - 1, int(q * len(values)))]
    print(f"   {name:<42} p50 {p(0.5):6.2f} ms   p90 {p(0.9):6.2f} ms   p99 {p(0.99):6.2f} ms   max {values[-1]:6.2f} ms"
          f"   (n={len(values)})")


connection = http.client.HTTPConnection(url.hostname, url.port)
for _ in range(5):  # warm-up: JIT, connection pools
    stream_once(connection)
first_chunks, first_contents, later_contents = [], [], []
for _ in range(runs):
    first, contents = stream_once(connection)
    first_chunks.append(first)
    first_contents.append(contents[0])
    later_contents.extend(contents[1:])
summary("request sent -> first chunk", first_chunks)
summary("Gemini's first chunk -> its /v1/ chunk", first_contents)
summary("Gemini's later chunks -> their /v1/ chunk", later_contents)
