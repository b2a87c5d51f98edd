-- wrk script for bench/run.sh: requests cycle through a query log, and the
-- run ends with one line of JSON (prefixed "BENCH_JSON ") on stdout.
--
--   wrk -t2 -c64 -d10s -s bench/wrk_queries.lua http://127.0.0.1:PORT -- QUERIES.tsv
--       GET /api/search?limit=10&q=QUERY for each query of the log
--       ("kind<TAB>query" lines), round robin; each thread starts at its
--       own offset in the log
--   wrk ... -s bench/wrk_queries.lua http://127.0.0.1:PORT -- /ping
--       GET /ping every time (the same script, so the same per-request cost
--       in wrk, for the HTTP ceiling)
--
-- The JSON: requests, duration_s, requests_per_second, latency_ms
-- {mean, p50, p90, p99, max}, errors {connect, read, write, timeout,
-- status}; wrk counts a response with a status of 400 or more as a status
-- error.

local thread_count = 0

function setup(thread)
  thread:set("thread_index", thread_count)
  thread_count = thread_count + 1
end

local paths = {}
local next_path = 0

local function url_encode(s)
  return (s:gsub("[^%w%-%._~]", function(c)
    return string.format("%%%02X", string.byte(c))
  end))
end

function init(args)
  local source = args[1]
  if source == nil then
    error("usage: wrk ... -s wrk_queries.lua URL -- QUERIES.tsv|/PATH")
  end
  -- A readable file is a query log (its path may begin with "/" too);
  -- anything else starting with "/" is the one path to request.
  local log = io.open(source, "r")
  if log == nil and source:sub(1, 1) == "/" then
    paths[1] = source
  else
    if log ~= nil then log:close() end
    for line in io.lines(source) do
      if line ~= "" and line:sub(1, 1) ~= "#" then
        local query = line:match("^[^\t]*\t(.*)$")
        if query then
          paths[#paths + 1] = "/api/search?limit=10&q=" .. url_encode(query)
        end
      end
    end
    if #paths == 0 then
      error(source .. ": no queries")
    end
  end
  -- Threads spread over the log rather than sending the same queries.
  next_path = ((thread_index or 0) * 7919) % #paths
end

function request()
  next_path = next_path % #paths + 1
  return wrk.format("GET", paths[next_path])
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_s": %.3f, "requests_per_second": %.1f, ' ..
    '"latency_ms": {"mean": %.3f, "p50": %.3f, "p90": %.3f, "p99": %.3f, "max": %.3f}, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d, "status": %d}}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency.mean / 1e3, latency:percentile(50) / 1e3, latency:percentile(90) / 1e3,
    latency:percentile(99) / 1e3, latency.max / 1e3,
    e.connect, e.read, e.write, e.timeout, e.status))
end
