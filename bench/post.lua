-- wrk script: POST a call; body, content type, key and database come from the
-- environment (no Authorization header when BENCH_KEY is empty: legacy calls
-- carry their credentials in the body).
wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY")
wrk.headers["Content-Type"] = os.getenv("BENCH_CONTENT_TYPE") or "application/json"
local key = os.getenv("BENCH_KEY")
if key and key ~= "" then
  wrk.headers["Authorization"] = "bearer " .. key
end
wrk.headers["X-Odoo-Database"] = os.getenv("BENCH_DB")
