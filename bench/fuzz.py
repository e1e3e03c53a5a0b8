#!/usr/bin/env python3
"""Fuzz every route through the local host and the real worker, with a fixed seed, and check the answers.

Starts bench/fake_gemini.py and the local host (Release build; build first, as bench/run.sh does), signs a user in,
then sends REQUESTS requests with mutated methods, ids, query strings, headers and bodies. Every answer must come
within TIMEOUT seconds, with no 5xx, and every error must be JSON. Afterwards the app must still be healthy and serve
the user. Prints the figures; exits 1 on any failure.
    python3 bench/fuzz.py [requests] [seed]
"""
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import base64
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

REQUESTS = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
SEED = int(sys.argv[2]) if len(sys.argv) > 2 else 20261202
TIMEOUT = 15.0
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

ROUTES = [  # (method, template, body template or None)
    ("POST", "register/", {"username": "u", "email": "u@example.com", "password": "fuzz-pass-1"}),
    ("POST", "login/", {"username": "fuzzer", "password": "wrong"}),
    ("POST", "api/token/", {"username": "fuzzer", "password": "wrong"}),
    ("POST", "api/token/refresh/", {"refresh": "x"}),
    ("POST", "api/token/verify/", {"token": "x"}),
    ("POST", "api/token/blacklist/", {"refresh": "x"}),
    ("POST", "logout/", {"refresh": "x"}),
    ("POST", "logout/all/", None),
    ("GET", "me/", None),
    ("POST", "me/password/", {"current_password": "wrong", "new_password": "new-pass-123"}),
    ("DELETE", "me/", {"current_password": "wrong"}),
    ("GET", "chatsessions/", None),
    ("POST", "chatsessions/", {"title": "t", "system_prompt": "s", "model": "gemini-2.5-flash"}),
    ("GET", "chatsessions/{s}/", None),
    ("PUT", "chatsessions/{s}/", {"title": "t"}),
    ("PATCH", "chatsessions/{s}/", {"title": "t"}),
    ("DELETE", "chatsessions/{other}/", None),
    ("GET", "chatsessions/{s}/messages/", None),
    ("POST", "chatsessions/{s}/messages/", {"prompt": "hello"}),
    ("POST", "chatsessions/{s}/messages/{m}/stop/", None),
    ("POST", "chatsessions/{s}/messages/{m}/regenerate/", None),
    ("GET", "chatsessions/{s}/export/", None),
    ("POST", "chatsessions/import/", {
        "session": {"title": "t", "started_at": "2026-11-20T10:00:00Z", "updated_at": "2026-11-20T10:05:00Z"},
        "messages": [{"id": 1, "prompt": "p", "response": "r", "status": "complete", "created_at": "2026-11-20T10:01:00Z",
                      "attachments": [{"id": 2, "name": "a.pdf", "content_type": "application/pdf", "size": 10}]}],
        "current_leaf": 1}),
    ("GET", "usage/", None),
    ("GET", "models/", None),
    ("GET", "health/", None),
    ("GET", "openapi.json", None),
    ("GET", "", None),
    ("GET", "app/{asset}", None),
    ("GET", "docs/", None),
    ("GET", "no/such/route/", None),
    ("GET", "registration/", None),
    # The fuzzing user is an admin (claimed with the bootstrap token), so these reach their own checks.
    ("GET", "admin/users/", None),
    ("GET", "admin/users/{u}/", None),
    ("PATCH", "admin/users/{u}/", {"role": "user", "status": "active", "daily_token_quota": 100}),
    ("DELETE", "admin/users/{u}/", None),
    ("GET", "admin/users/{u}/chatsessions/", None),
    ("GET", "admin/chatsessions/{other}/messages/", None),
    ("DELETE", "admin/chatsessions/{other}/", None),
    ("GET", "admin/usage/", None),
    ("POST", "admin/invites/", {"uses": 2, "expires_in_days": 3}),
    ("GET", "admin/invites/", None),
    ("DELETE", "admin/invites/{i}/", None),
    ("GET", "admin/settings/", None),
    ("PATCH", "admin/settings/", {"registration_mode": "open"}),
    ("GET", "admin/audit/", None),
    ("POST", "admin/bootstrap/", {"token": "wrong"}),
    # API keys and /v1/ (with the JWT here: a key's own refusals are covered by the tests).
    ("GET", "me/api-keys/", None),
    ("POST", "me/api-keys/", {"name": "k", "expires_in_days": 30, "scopes": ["chat"], "models": ["gemini-2.5-flash"],
                              "daily_token_budget": 1000, "requests_per_minute": 5}),
    ("DELETE", "me/api-keys/{i}/", None),
    ("GET", "v1/models", None),
    ("POST", "v1/chat/completions", {"model": "gemini-2.5-flash", "messages": [{"role": "user", "content": "hi"}],
                                     "stream": False, "store": False, "attachments": [1]}),
    # Attachments: a JSON body where a multipart one belongs, and ids of files that may not exist or be the user's.
    ("POST", "attachments/", {"file": "not a file"}),
    ("GET", "attachments/{i}/", None),
    ("GET", "attachments/{i}/content/", None),
    ("DELETE", "attachments/{i}/", None),
]
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "FOO"]
BAD_IDS = ["0", "-1", "abc", "1.5", "99999999999999999999", "9223372036854775807", "%00", "%2e%2e", "..", "1;DROP",
           quote("ünï"), "1e3", "%201", "%20", "x" * 300, "007"]
QUERIES = ["", "limit=1", "limit=0", "limit=-5", "limit=abc", "limit=100000", "before=1", "after=abc", "before=1&after=2",
           "format=json", "format=markdown", "format=pdf", "limit=2&limit=3", "%zz=1", "q=" + "a" * 3000, "before=-1",
           "branches=all", "after=9223372036854775807", "days=30", "days=0", "days=99999", "action=login", "action=x",
           "user=1", "user=abc", "role=admin", "status=banned"]
ACCEPTS = [None, "application/json", "text/event-stream", "*/*", "text/html", "text/event-stream;q=0.1, application/json"]
CONTENT_TYPES = [None, "application/json", "application/json; charset=utf-8", "text/plain", "application/xml",
                 "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "garbage/;;"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(port, method, path, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        connection.request(method, "/" + path, body=body, headers=headers or {})
        response = connection.getresponse()
        data = response.read() if method != "HEAD" else b""
        return response.status, response.getheader("Content-Type") or "", data
    finally:
        connection.close()


def post_get(port, path, token):
    return json.loads(call(port, "GET", path, headers={"Authorization": "Bearer " + token})[2])


def mutate_body(rng, template, secrets):
    choice = rng.random()
    if template is None or choice < 0.1:
        return rng.choice([b"", b"{", b"null", b"[]", b"\x00\xff\xfe", b'"text"', b"{}" * 10, b"[" * 200 + b"]" * 200,
                           json.dumps({"a": "b" * 70_000}).encode()])
    body = dict(template)
    field = rng.choice(list(body)) if body else None
    if field is not None and choice < 0.8:
        body[field] = rng.choice([None, 1, -1, 1.5, True, [], {}, "", " ", "x" * 5000, "\u0000", "ａdmin", "<script>",
                                  {"$gt": ""}, rng.choice(secrets)])
    if choice > 0.9:
        body["extra"] = "field"
    if rng.random() < 0.05:
        return json.dumps(body).encode()[:-1]  # cut short
    return json.dumps(body).encode()


def one(args):
    port, index, user = args
    rng = random.Random(SEED * 100_003 + index)
    method, template, body_template = rng.choice(ROUTES)
    if rng.random() < 0.2:
        method = rng.choice(METHODS)
    ids = {"s": user["session"], "other": user["spare"], "m": user["message"], "u": rng.choice(user["user_ids"]), "i": "1", "asset": rng.choice(["app.js", "app.css", "x.js", "..%2fhost.json", "%2e%2e/%2e%2e/etc/passwd"])}
    for key in ("s", "other", "m", "u", "i"):
        if rng.random() < 0.25:
            ids[key] = rng.choice(BAD_IDS + ["1", "2", "3"])
    path = template.format(**ids)
    if rng.random() < 0.1:
        path = path.rstrip("/")
    if rng.random() < 0.1:
        path = path.upper()
    query = rng.choice(QUERIES) if rng.random() < 0.4 else ""
    if query:
        path += "?" + query
    headers = {}
    auth = rng.random()
    if auth < 0.6:
        headers["Authorization"] = "Bearer " + user["access"]
    elif auth < 0.8:
        headers["Authorization"] = rng.choice(["Bearer", "Bearer ", "Basic Zm9vOmJhcg==", "Bearer x.y.z", "bearer " + user["access"][:-3] + "abc",
                                               "Bearer " + user["refresh_other"], "Bearer " + "a" * 9000])
    accept = rng.choice(ACCEPTS)
    if accept:
        headers["Accept"] = accept
    body = mutate_body(rng, body_template, user["secrets"]) if method in ("POST", "PUT", "PATCH", "DELETE") or rng.random() < 0.05 else None
    content_type = rng.choice(CONTENT_TYPES) if rng.random() < 0.3 else "application/json"
    if content_type and body is not None:
        headers["Content-Type"] = content_type
    if rng.random() < 0.05:
        headers["x-ms-invocation-id"] = rng.choice(["00000000-0000-0000-0000-000000000000", "junk", str(index)])
    if rng.random() < 0.05:
        headers["X-Forwarded-For"] = rng.choice(["1.2.3.4", "garbage", "::1, 10.0.0.1", "999.1.1.1"])
    if rng.random() < 0.03:
        headers["Content-Length-Lie"] = "1"
    started = time.monotonic()
    try:
        status, content_type_out, data = call(port, method, path, body, headers)
    except Exception as error:  # a hang or a reset is a failure
        return (method, path, None, f"{type(error).__name__}: {error}", time.monotonic() - started, None)
    elapsed = time.monotonic() - started
    problem = None
    if status >= 500:
        problem = "5xx"
    elif status == 400 and not data and not content_type_out:
        # Kestrel itself refuses a request line it cannot parse (a NUL in the path), before any of our code runs;
        # counted apart, never hidden.
        return (method, path, status, None, elapsed, "refused by the HTTP server")
    elif status >= 400 and method != "HEAD" and "json" not in content_type_out:
        problem = f"non-JSON error ({content_type_out or 'no content type'})"
    return (method, path, status, problem and f"{problem}: {data[:200]!r}", elapsed, None)


def main():
    subprocess.run(["dotnet", "build", os.path.join(ROOT, "Chatbot.sln"), "-c", "Release", "--nologo", "-v", "quiet"],
                   check=True, stdout=subprocess.DEVNULL)
    work = tempfile.mkdtemp(prefix="chatbot-fuzz.")
    gemini_port, port = free_port(), free_port()
    env = dict(os.environ, AZURE_FUNCTIONS_ENVIRONMENT="Production", Chatbot__DataDirectory=work,
               Jwt__SigningKey=base64.b64encode(os.urandom(32)).decode(), Gemini__ApiKey="fuzz-key",
               Gemini__BaseUrl=f"http://127.0.0.1:{gemini_port}", Titles__Enabled="false",
               # High enough that the fuzz reaches every route's own checks; the limits themselves still answer.
               Limits__MessagesPerMinute="100000", Limits__AnswersInProgress="1000", Limits__SearchesPerUserPerMinute="100000",
               Admin__BootstrapToken="fuzz-bootstrap-token")
    gemini = subprocess.Popen([sys.executable, os.path.join(ROOT, "bench", "fake_gemini.py"), str(gemini_port)])
    log = open(os.path.join(work, "host.log"), "w")
    host = subprocess.Popen(["dotnet", os.path.join(ROOT, "Chatbot.LocalHost/bin/Release/net10.0/Chatbot.LocalHost.dll"),
                             "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if call(port, "GET", "health/")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or host.poll() is not None:
                print(open(os.path.join(work, "host.log")).read())
                sys.exit("the app did not start")
            time.sleep(0.1)

        def post(path, payload, token=None):
            headers = {"Content-Type": "application/json"}
            if token:
                headers["Authorization"] = "Bearer " + token
            status, _, data = call(port, "POST", path, json.dumps(payload).encode(), headers)
            return status, json.loads(data) if data else None

        post("register/", {"username": "fuzzer", "email": "f@example.com", "password": "fuzz-pass-1"})
        post("register/", {"username": "other", "email": "o@example.com", "password": "fuzz-pass-2"})
        tokens = post("login/", {"username": "fuzzer", "password": "fuzz-pass-1"})[1]
        other = post("login/", {"username": "other", "password": "fuzz-pass-2"})[1]
        assert post("admin/bootstrap/", {"token": "fuzz-bootstrap-token"}, tokens["access"])[0] == 200
        ids = [str(post_get(port, "me/", token)["id"]) for token in (tokens["access"], other["access"])]
        session = post("chatsessions/", {"title": "fuzz"}, tokens["access"])[1]["id"]
        spare = post("chatsessions/", {"title": "spare"}, other["access"])[1]["id"]
        message = post(f"chatsessions/{session}/messages/", {"prompt": "hello"}, tokens["access"])[1]["id"]
        user = {"access": tokens["access"], "session": str(session), "spare": str(spare), "message": str(message),
                "refresh_other": other["refresh"], "user_ids": ids, "secrets": [other["refresh"], other["access"], "fuzz-pass-2"]}

        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(one, [(port, i, user) for i in range(REQUESTS)]))
        duration = time.monotonic() - started

        statuses = {}
        for _, _, status, _, _, _ in results:
            key = f"{status // 100}xx" if status else "no answer"
            statuses[key] = statuses.get(key, 0) + 1
        failures = [r for r in results if r[3]]
        latencies = sorted(r[4] for r in results)
        healthy = call(port, "GET", "health/")[0] == 200
        still_serves = call(port, "GET", "chatsessions/", headers={"Authorization": "Bearer " + tokens["access"]})[0]
        print(f"fuzz: {REQUESTS} requests, seed {SEED}, in {duration:.1f} s ({REQUESTS / duration:.0f} req/s)")
        print("fuzz: answers by class: " + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items())))
        print(f"fuzz: latency p50 {latencies[len(latencies) // 2] * 1000:.1f} ms, p99 {latencies[int(len(latencies) * 0.99)] * 1000:.1f} ms, "
              f"max {latencies[-1] * 1000:.0f} ms")
        refused = sum(1 for r in results if r[5])
        print(f"fuzz: {refused} refused by Kestrel's request-line parser (400, empty body, before the app; a NUL in the path)")
        print(f"fuzz: failures {len(failures)}; afterwards /health/ {'200' if healthy else 'NOT healthy'}, "
              f"the user's list {still_serves} (401 means the fuzz revoked its own token)")
        for method, path, status, problem, _, _ in failures[:15]:
            print(f"  {method} /{path[:120]} -> {status}: {problem}")
        sys.exit(0 if not failures and healthy else 1)
    finally:
        host.terminate()
        gemini.terminate()
        host.wait(timeout=20)
        gemini.wait(timeout=5)


if __name__ == "__main__":
    main()
