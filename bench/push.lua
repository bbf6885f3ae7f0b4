-- Pushes ten series per request.
--   METHOD=PUT|POST   (default PUT)
--   TARGET=existing   a random group of job JOB, instances i1..iBENCH_GROUPS (preloaded by preload.lua)
--   TARGET=new        a group never pushed before: instance t<thread>-<n> of job JOB
--   JOB               (default bench), BENCH_GROUPS (default 1000), NODES: see common.lua
package.path = "bench/?.lua;" .. package.path
local common = require("common")

local method = os.getenv("METHOD") or "PUT"
local target = os.getenv("TARGET") or "existing"
local job = os.getenv("JOB") or "bench"
local groups = tonumber(os.getenv("BENCH_GROUPS") or "1000")
local body = common.body()
local headers = {["Content-Type"] = "text/plain; version=0.0.4"}
local sent = 0

setup = common.setup
done = common.done

init = function(args)
  math.randomseed(tid * 7919 + os.time())
end

request = function()
  local instance
  if target == "new" then
    sent = sent + 1
    instance = string.format("t%d-%d", tid, sent)
  else
    instance = "i" .. math.random(groups)
  end
  return wrk.format(method, "/metrics/job/" .. job .. "/instance/" .. instance, headers, body)
end
