-- wrk prints this one line of JSON when a run ends; bench/run.py reads it.
-- Latencies are in microseconds; "status" counts answers of 400 and above.
-- With WRK_STOP_AFTER=N in the environment, each of wrk's threads stops after N answers, so
-- a run lasts until threads x N requests or its -d, whichever comes first.
local stop_after = tonumber(os.getenv("WRK_STOP_AFTER") or "0") or 0
if stop_after > 0 then
  local answered = 0
  response = function(status, headers, body)
    answered = answered + 1
    if answered >= stop_after then
      wrk.thread:stop()
    end
  end
end

done = function(summary, latency, requests)
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p95_us": %d, ' ..
    '"p99_us": %d, "connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout))
end
