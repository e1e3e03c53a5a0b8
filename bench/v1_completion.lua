-- wrk script: POST /v1/chat/completions with the API key in the KEY environment variable, as OpenAI's clients do.
wrk.method = "POST"
wrk.path = "/v1/chat/completions"
wrk.body = '{"model": "gemini-2.5-flash", "messages": [{"role": "user", "content": "Say something short."}]}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("KEY")
