-- wrk: POST /api/v1/billing/webhook with signed customer.subscription.updated events made by
-- `plangate-benchtool sign-webhooks` (BENCH_EVENTS), each thread sending its own share once.
-- When a thread runs out it sends its events again: those are duplicates (answered from the
-- server's memory of the newest 4,096 it processed, else after a Stripe read by the claim), and
-- the run reports how many events were applied from the database instead.
package.path = "bench/?.lua;" .. package.path
local common = require("common")
local events
local i = 0
setup = common.setup

init = function(args)
  events = common.share(common.lines(os.getenv("BENCH_EVENTS")), index, tonumber(os.getenv("BENCH_THREADS")))
end

request = function()
  i = i % #events + 1
  local signature, body = events[i]:match("^([^\t]+)\t(.*)$")
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/json",
    ["Stripe-Signature"] = signature,
  }, body)
end
