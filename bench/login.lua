-- wrk script: log the benchmark's user in, again and again (bench/run.sh turns the abuse limits off).
wrk.method = "POST"
wrk.path = "/login/"
wrk.body = '{"username": "bench", "password": "benchpass"}'
wrk.headers["Content-Type"] = "application/json"
