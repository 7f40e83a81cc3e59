-- wrk: POST /api/v1/apps, then DELETE of the app it created (as the same user), alternating.
package.path = "bench/?.lua;" .. package.path
local common = require("common")
local tokens = common.lines(os.getenv("BENCH_TOKENS"))
local i, n = 0, 0
local created = {}    -- {id, token} waiting for their DELETE
setup = common.setup

request = function()
  if #created > 0 then
    local app = table.remove(created, 1)
    return wrk.format("DELETE", "/api/v1/apps/" .. app[1],
                      {["Authorization"] = "Bearer " .. app[2]})
  end
  i = i % #tokens + 1
  n = n + 1
  return wrk.format("POST", "/api/v1/apps", {
    ["Authorization"] = "Bearer " .. tokens[i],
    ["Content-Type"] = "application/json",
  }, '{"name":"bench app ' .. n .. '","description":"created by make bench"}')
end

response = function(status, headers, body)
  if status == 201 then
    local id = body:match('"id":(%d+)')
    -- Tokens are listed in user-id order from id 2, so the owner in the body names the token
    -- that may delete the app.
    local owner = body:match('"owner_id":(%d+)')
    created[#created + 1] = {id, tokens[(tonumber(owner) - 2) % #tokens + 1]}
  end
end
