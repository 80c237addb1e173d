-- wrk script: POST a JSON-2 call; body, key and database come from the environment.
wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "bearer " .. os.getenv("BENCH_KEY")
wrk.headers["X-Odoo-Database"] = os.getenv("BENCH_DB")
