-- wrk: PATCH /api/v1/apps/{id} as the load's 64 users in turn, each on the app run.sh made for
-- them: user n (token n - 1) owns app BASE + n - 2, BASE being the script's argument.
package.path = "bench/?.lua;" .. package.path
local common = require("common")
local tokens = common.lines(os.getenv("BENCH_TOKENS"))
local base
local i, n = 0, 0
setup = common.setup

init = function(args)
  base = tonumber(args[1])
end

request = function()
  i = i % #tokens + 1
  n = n + 1
  return wrk.format("PATCH", "/api/v1/apps/" .. (base + i - 1), {
    ["Authorization"] = "Bearer " .. tokens[i],
    ["Content-Type"] = "application/json",
  }, '{"name":"bench app patched ' .. n .. '","description":"patched by make bench"}')
end
