-- The view beacon as many different readers: each request its own browser, so every
-- one should count once. `-- <delay ms> <run name>`: the delay spaces each connection's
-- requests; the run name keeps two runs' readers apart.
local counter = 0
local threads = 0

function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

function init(args)
  pause = tonumber(args[1]) or 0
  run = args[2] or ""
end

function request()
  counter = counter + 1
  local agent = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0 reader-" .. run .. id .. "-" .. counter
  return wrk.format("GET", nil, { ["User-Agent"] = agent, ["Sec-Fetch-Site"] = "same-origin" })
end

function delay()
  return pause
end
