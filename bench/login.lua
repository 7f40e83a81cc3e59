-- wrk: POST /api/v1/auth/login as the seeded users in turn (all share the bench password).
local i = 0
request = function()
  i = i % 10000 + 1
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"},
                    '{"email":"user' .. i .. '@bench.example","password":"Bench-Strong-Pass-1"}')
end
