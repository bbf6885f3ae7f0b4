-- Scrapes the whole store. ACCEPT: the Accept header (default: none, i.e. the text format).
-- GZIP=1: sends Accept-Encoding: gzip, as Prometheus does (the body is counted as received).
-- NODES: see common.lua.
package.path = "bench/?.lua;" .. package.path
local common = require("common")

local accept = os.getenv("ACCEPT")
local headers = {}
if accept and accept ~= "" then
  headers["Accept"] = accept
end
if os.getenv("GZIP") == "1" then
  headers["Accept-Encoding"] = "gzip"
end

setup = common.setup
done = common.done

request = function()
  return wrk.format("GET", os.getenv("SCRAPE_PATH") or "/metrics", headers)
end
