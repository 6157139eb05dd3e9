-- wrk script for bench/findings-load.sh.
--
-- Pacing (optional): with WRK_RATE_PER_THREAD=r each wrk thread sends at most r requests/s, on a fixed schedule
-- (wrk's delay() hook holds a connection until its next slot; a late schedule catches up). Without it wrk runs
-- closed-loop: every connection sends its next request as soon as the previous answer is in, so the run measures
-- the maximum throughput and the latency AT saturation. Either way latency is timed from the moment a request is
-- written, so waiting for a free connection is not counted (coordinated omission); with pacing at a rate the
-- server sustains, connections are almost always free and that error stays small. wrk2 measures a fixed rate
-- properly but is not packaged in Debian.
--
-- Report: after wrk's own output (--latency), one machine-readable line
--   RESULT label=... requests=... rps=... p50_ms=... p90_ms=... p99_ms=... p999_ms=... max_ms=... ...
-- labelled with the WRK_LABEL environment variable.

local ffi = require("ffi")
ffi.cdef [[
   typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
   int clock_gettime(int clk_id, bench_timespec *tp);
]]
local CLOCK_MONOTONIC = 1
local ts = ffi.new("bench_timespec")

local function now_ms()
   ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
   return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local rate = tonumber(os.getenv("WRK_RATE_PER_THREAD") or "0")

if rate > 0 then
   local interval = 1000 / rate
   local next_at = nil

   -- Called by wrk before each request on a connection of this thread: how many ms to wait first.
   function delay()
      local now = now_ms()
      if next_at == nil then
         next_at = now
      end
      local at = next_at
      next_at = next_at + interval
      local wait = at - now
      return wait > 0 and math.floor(wait + 0.5) or 0
   end
end

done = function(summary, latency, requests)
   local seconds = summary.duration / 1e6
   local e = summary.errors
   io.write(string.format(
      "RESULT label=%s requests=%d rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f p999_ms=%.2f max_ms=%.2f " ..
      "kb_per_response=%.1f non2xx=%d socket_errors=%d\n",
      os.getenv("WRK_LABEL") or "unnamed", summary.requests, summary.requests / seconds,
      latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
      latency:percentile(99.9) / 1000, latency.max / 1000,
      summary.requests > 0 and summary.bytes / summary.requests / 1024 or 0,
      e.status, e.connect + e.read + e.write + e.timeout))
end
