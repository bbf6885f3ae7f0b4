-- Shared by the wrk scripts of bench/: spreading threads over several nodes, and the result line.
local common = {}

-- NODES="127.0.0.1:9091,127.0.0.1:9092": thread i talks to node i modulo their number. Empty or
-- unset: every thread uses the URL given to wrk.
local function nodeAddresses()
  local addrs = {}
  for host, port in string.gmatch(os.getenv("NODES") or "", "([^,:]+):(%d+)") do
    addrs[#addrs + 1] = wrk.lookup(host, port)[1]
  end
  return addrs
end

local addrs = nil
local threads = 0

-- Gives each thread a number (global `tid`, from 1) and its node.
function common.setup(thread)
  addrs = addrs or nodeAddresses()
  threads = threads + 1
  thread:set("tid", threads)
  if #addrs > 0 then
    thread.addr = addrs[(threads - 1) % #addrs + 1]
  end
end

-- One line that bench/run reads: requests per second, latency percentiles, errors of any kind.
function common.done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "BENCH requests=%d seconds=%.3f rps=%.2f p50_ms=%.3f p99_ms=%.3f errors=%d bytes=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.status + e.timeout, summary.bytes))
end

-- The body every push sends: ten untyped series, as a small batch job would push.
function common.body()
  local lines = {}
  for i = 1, 10 do
    lines[#lines + 1] = string.format('bench_metric_%d{kind="k%d"} %d', i, i, i)
  end
  return table.concat(lines, "\n") .. "\n"
end

return common
