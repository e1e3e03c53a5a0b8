#!/usr/bin/env python3
"""A minimal fake of Gemini for the benchmark, in Gemini's wire format, on loopback only.

- POST .../models/{model}:generateContent answers at once, or after the delay set by POST /__delay?ms=N.
- POST .../models/{model}:streamGenerateContent?alt=sse sends STREAM_CHUNKS events, STREAM_GAP apart, and
  records the wall-clock time (ns) each was flushed; GET /__last_stream returns those times, so a client on
  the same machine can tell how long each chunk took to reach it through the app.
- GET .../models/{model} describes the model, with its inputTokenLimit.
- FAKE_STREAM_CHUNKS=N and FAKE_STREAM_GAP_MS=M in the environment make a stream N chunks of about 1,100 characters,
  M ms apart (a long answer that a client can stop half way: bench/stopped_answers.py).
"""
import json
import os
import socket
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

DELAY = {"seconds": 0.0}
STREAM_CHUNKS = ["Once upon a time, ", "a benchmark streamed ", "its answer."]
STREAM_GAP = 0.05
if os.environ.get("FAKE_STREAM_CHUNKS"):
    STREAM_CHUNKS = [f"Paragraph {n}: " + "a long answer goes on and on. " * 37 for n in range(int(os.environ["FAKE_STREAM_CHUNKS"]))]
    STREAM_GAP = int(os.environ.get("FAKE_STREAM_GAP_MS", "50")) / 1000
LAST_STREAM = {"sent_ns": []}
USAGE = {"promptTokenCount": 5, "candidatesTokenCount": 7, "totalTokenCount": 12}
ANSWER = json.dumps({
    "candidates": [{"content": {"role": "model", "parts": [{"text": "A short benchmark answer."}]}, "finishReason": "STOP"}],
    "usageMetadata": USAGE,
    "modelVersion": "gemini-2.5-flash",
}).encode()


def chunk(text, last):
    candidate = {"content": {"role": "model", "parts": [{"text": text}]}}
    body = {"candidates": [candidate], "modelVersion": "gemini-2.5-flash"}
    if last:
        candidate["finishReason"] = "STOP"
        body["usageMetadata"] = USAGE
    return f"data: {json.dumps(body)}\r\n\r\n".encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        # Each SSE event is a small write; Nagle's algorithm would hold it back behind the previous one's ACK.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self):
        if self.path == "/__last_stream":
            self.reply(json.dumps(LAST_STREAM).encode())
        else:
            model = urlparse(self.path).path.rsplit("/", 1)[-1]
            self.reply(json.dumps({"name": f"models/{model}", "inputTokenLimit": 1048576, "outputTokenLimit": 65536}).encode())

    def do_POST(self):
        url = urlparse(self.path)
        self.read_body()
        if url.path == "/__delay":
            DELAY["seconds"] = int(parse_qs(url.query)["ms"][0]) / 1000
            self.reply(b"{}")
        elif url.path.endswith(":streamGenerateContent"):
            self.stream()
        else:
            if DELAY["seconds"]:
                time.sleep(DELAY["seconds"])
            self.reply(ANSWER)

    def read_body(self):
        # As Google's front end does, take a chunked body as well as one with a Content-Length: a body left unread
        # would be taken for the next request on the kept-alive connection.
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            while (size := int(self.rfile.readline().split(b";")[0], 16)) > 0:
                self.rfile.read(size + 2)
            self.rfile.readline()
        else:
            self.rfile.read(int(self.headers.get("Content-Length", 0)))

    def stream(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        sent = []
        for index, text in enumerate(STREAM_CHUNKS):
            if index:
                time.sleep(STREAM_GAP)
            event = chunk(text, index == len(STREAM_CHUNKS) - 1)
            self.wfile.write(b"%x\r\n%s\r\n" % (len(event), event))
            sent.append(time.time_ns())
        self.wfile.write(b"0\r\n\r\n")
        LAST_STREAM["sent_ns"] = sent

    def reply(self, body):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer.request_queue_size = 256
server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
server.serve_forever()
