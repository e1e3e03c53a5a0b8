#!/usr/bin/env python3
"""Issue 25's "stop dodges the quota" figure, through the local host and the real worker from the Release build
(dotnet build Chatbot.sln -c Release first), with bench/fake_gemini.py streaming long answers slowly (Gemini reports
usage only in its last chunk, which a stopped answer never reaches). Sends 15 streamed prompts, stops each once
about 1,000 characters have arrived, and prints the characters received against the tokens GET /usage/ charged.
Run by hand:  python3 bench/stopped_answers.py
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(base, method, path, body=None, token=None, accept="application/json"):
    request = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode())
    request.add_header("Content-Type", "application/json")
    request.add_header("Accept", accept)
    if token:
        request.add_header("Authorization", "Bearer " + token)
    return urllib.request.urlopen(request, timeout=60)


def main():
    data = tempfile.mkdtemp(prefix="chatbot-bench-stop.")
    gemini_port, port = free_port(), free_port()
    gemini = subprocess.Popen([sys.executable, os.path.join(ROOT, "bench", "fake_gemini.py"), str(gemini_port)],
                              env={**os.environ, "FAKE_STREAM_CHUNKS": "40", "FAKE_STREAM_GAP_MS": "100"},
                              stderr=subprocess.DEVNULL)  # a stopped stream's broken pipe is expected
    env = {**os.environ, "AZURE_FUNCTIONS_ENVIRONMENT": "Production", "Chatbot__DataDirectory": data,
           "Jwt__SigningKey": "YmVuY2gtc2lnbmluZy1rZXktb2YtdGhpcnR5LXR3by1ieXRlcw==",
           "Gemini__ApiKey": "fake", "Gemini__BaseUrl": f"http://127.0.0.1:{gemini_port}/", "Limits__Enabled": "false"}
    host = subprocess.Popen(["dotnet", os.path.join(ROOT, "Chatbot.LocalHost/bin/Release/net10.0/Chatbot.LocalHost.dll"),
                             "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                call(base, "GET", "/health/")
                break
            except Exception:
                time.sleep(1)
        call(base, "POST", "/register/", {"username": "stopper", "email": "s@example.com", "password": "long-enough-pass"})
        token = json.load(call(base, "POST", "/login/", {"username": "stopper", "password": "long-enough-pass"}))["access"]
        received = 0
        for n in range(15):
            session = json.load(call(base, "POST", "/chatsessions/", {"title": f"stop {n}"}, token))["id"]
            stream = call(base, "POST", f"/chatsessions/{session}/messages/", {"prompt": "Tell me a long story"}, token,
                          accept="text/event-stream")
            message, got, event, stopped = None, 0, None, False
            for raw in stream:
                line = raw.decode().rstrip("\r\n")
                if line.startswith("event: "):
                    event = line[7:]
                elif line.startswith("data: ") and event == "message":
                    message = json.loads(line[6:])["id"]
                elif line.startswith("data: ") and event == "delta":
                    got += len(json.loads(line[6:])["text"])
                    if got >= 1000 and not stopped:
                        stopped = True
                        call(base, "POST", f"/chatsessions/{session}/messages/{message}/stop/", {}, token)
                elif line.startswith("data: ") and event in ("done", "error"):
                    break
            stream.close()
            received += got
        time.sleep(1)
        today = json.load(call(base, "GET", "/usage/", token=token))["today"]
        print(f"15 stopped answers: {received} characters received (the stop takes effect at the next heartbeat); charged {today['prompt_tokens']} prompt + "
              f"{today['response_tokens']} answer = {today['total_tokens']} tokens")
    finally:
        host.terminate()
        gemini.terminate()
        host.wait()
        gemini.wait()


main()
