-- Fills a gateway with BENCH_GROUPS groups of ten series (job JOB, instances i1..iBENCH_GROUPS), each PUT once.
-- Thread t of THREADS pushes instances t, t+THREADS, ...; when all its pushes are answered it
-- writes DONE_DIR/<t> (wrk itself always runs for its whole -d, so bench/run watches these files
-- and ends wrk early). Non-2xx answers are counted in DONE_DIR/<t>. NODES: see common.lua.
package.path = "bench/?.lua;" .. package.path
local common = require("common")

local job = os.getenv("JOB") or "bench"
local groups = tonumber(os.getenv("BENCH_GROUPS") or "1000")
local threads = tonumber(os.getenv("THREADS") or "1")
local doneDir = os.getenv("DONE_DIR") or "."
local body = common.body()
local headers = {["Content-Type"] = "text/plain; version=0.0.4"}
local nextInstance, share, answered, failed, finished, verifying

setup = common.setup

init = function(args)
  nextInstance = tid
  share = 0
  for i = tid, groups, threads do share = share + 1 end
  answered, failed, finished = 0, 0, false
  -- wrk calls request() of its first thread once before it starts, to check the request, and
  -- throws that request away: it must not use up an instance.
  verifying = tid == 1
end

request = function()
  if verifying then
    verifying = false
    return wrk.format("GET", "/-/healthy")
  end
  if nextInstance <= groups then
    local path = "/metrics/job/" .. job .. "/instance/i" .. nextInstance
    nextInstance = nextInstance + threads
    return wrk.format("PUT", path, headers, body)
  end
  -- Every push is sent; keep idle connections busy with a request that is told apart by its body.
  return wrk.format("GET", "/-/healthy")
end

response = function(status, headers, body)
  if finished or (body ~= nil and string.sub(body, 1, 2) == "OK") then
    return
  end
  answered = answered + 1
  if status >= 300 then failed = failed + 1 end
  if answered >= share then
    finished = true
    local f = io.open(doneDir .. "/" .. tid, "w")
    f:write(failed .. "\n")
    f:close()
  end
end
