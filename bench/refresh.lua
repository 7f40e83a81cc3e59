-- wrk: POST /api/v1/auth/token/refresh. Each refresh rotates the cookie, so every thread keeps a
-- pool of live refresh tokens (BENCH_COOKIES, one per line, split between threads): a request
-- takes one, its response gives back the successor.
package.path = "bench/?.lua;" .. package.path
local common = require("common")
local pool
setup = common.setup

init = function(args)
  pool = common.share(common.lines(os.getenv("BENCH_COOKIES")), index, tonumber(os.getenv("BENCH_THREADS")))
end

request = function()
  local token = table.remove(pool, 1)
  return wrk.format("POST", nil, {
    ["Cookie"] = "refresh_token=" .. token,
    ["X-Requested-With"] = "XMLHttpRequest",
  })
end

response = function(status, headers, body)
  local cookie = headers["Set-Cookie"] or headers["set-cookie"]
  local token = cookie and cookie:match("refresh_token=([^;]+)")
  if token then pool[#pool + 1] = token end
end
