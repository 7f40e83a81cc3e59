-- wrk: GET (the URL's path) as the load's 64 users in turn, bearer tokens from BENCH_TOKENS.
package.path = "bench/?.lua;" .. package.path
local common = require("common")
local tokens = common.lines(os.getenv("BENCH_TOKENS"))
local i = 0
setup = common.setup

request = function()
  i = i % #tokens + 1
  return wrk.format("GET", nil, {["Authorization"] = "Bearer " .. tokens[i]})
end
