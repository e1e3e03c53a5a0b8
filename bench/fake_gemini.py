#!/usr/bin/env python3
"""A minimal fake of Gemini's generateContent for the benchmark: answers at once, or after the delay set by
POST /__delay?ms=N. Speaks Gemini's wire format; loopback only."""
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

DELAY = {"seconds": 0.0}
ANSWER = json.dumps({
    "candidates": [{"content": {"role": "model", "parts": [{"text": "A short benchmark answer."}]}, "finishReason": "STOP"}],
    "usageMetadata": {"promptTokenCount": 5, "candidatesTokenCount": 7, "totalTokenCount": 12},
    "modelVersion": "gemini-2.5-flash",
}).encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        url = urlparse(self.path)
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if url.path == "/__delay":
            DELAY["seconds"] = int(parse_qs(url.query)["ms"][0]) / 1000
            body = b"{}"
        else:
            if DELAY["seconds"]:
                time.sleep(DELAY["seconds"])
            body = ANSWER
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
