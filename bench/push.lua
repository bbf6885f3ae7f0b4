-- PUT a group of ten series to one of GROUPS groups, chosen at random per request.
local groups = tonumber(os.getenv("GROUPS") or "1000")
local lines = {}
for i = 1, 10 do
  lines[#lines + 1] = string.format('bench_metric_%d{kind="k%d"} %d', i, i, i)
end
local body = table.concat(lines, "\n") .. "\n"

request = function()
  local path = string.format("/metrics/job/bench/instance/i%d", math.random(groups))
  return wrk.format("PUT", path, {["Content-Type"] = "text/plain"}, body)
end

done = function(summary, latency, requests)
  local non2xx = summary.errors.status
  io.write(string.format("requests=%d non2xx=%d p50_ms=%.2f p99_ms=%.2f\n",
    summary.requests, non2xx, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
