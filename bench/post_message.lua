-- wrk script: POST a prompt to the session in the SESSION_PATH environment variable.
wrk.method = "POST"
wrk.path = os.getenv("SESSION_PATH")
wrk.body = '{"prompt": "Say something short."}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("ACCESS")
