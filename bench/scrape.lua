-- Scrapes the whole store. ACCEPT: the Accept header (default: none, i.e. the text format).
-- NODES: see common.lua.
package.path = "bench/?.lua;" .. package.path
local common = require("common")

local accept = os.getenv("ACCEPT")
local headers = {}
if accept and accept ~= "" then
  headers["Accept"] = accept
end

setup = common.setup
done = common.done

request = function()
  return wrk.format("GET", os.getenv("SCRAPE_PATH") or "/metrics", headers)
end
