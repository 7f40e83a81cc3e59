-- Shared by the wrk scripts: lines of a file, and each thread's own share of them.
local common = {}

function common.lines(path)
  local out = {}
  for line in io.lines(path) do out[#out + 1] = line end
  return out
end

-- wrk runs one Lua state per thread; setup() numbers them so that each takes every n-th line.
local counter = 0
function common.setup(thread)
  thread:set("index", counter)
  counter = counter + 1
end

function common.share(all, index, threads)
  local mine = {}
  for i = 1 + index, #all, threads do mine[#mine + 1] = all[i] end
  return mine
end

return common
