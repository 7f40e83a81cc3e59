-- wrk: POST /api/v1/apps as the first N of the load's users in turn (the script's argument, all
-- 64 by default). With N = 32 and 64 connections, each user has two requests out at a time on
-- average, which queue on the owner's row lock (src/apps/service.cpp AppsService::Create).
-- run.sh deletes the apps afterwards.
package.path = "bench/?.lua;" .. package.path
local common = require("common")
local tokens = common.lines(os.getenv("BENCH_TOKENS"))
local users = #tokens
local i, n = 0, 0
setup = common.setup

init = function(args)
  if args[1] then users = math.min(tonumber(args[1]), #tokens) end
end

request = function()
  i = i % users + 1
  n = n + 1
  return wrk.format("POST", nil, {
    ["Authorization"] = "Bearer " .. tokens[i],
    ["Content-Type"] = "application/json",
  }, '{"name":"bench app ' .. n .. '","description":"created by make bench"}')
end
