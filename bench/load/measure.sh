# shellcheck shell=bash
# Sourced by service.sh: what every load script prints per run, in one line, measured on the service's own process.
# find_app sets app to the pid of the process that serves (`dotnet run`, whose pid is $service, starts it as its
# child); run_start marks the start of a run; hey_line (after a `hey` run) or run_line (for other runs) prints the
# run's throughput, latency, service CPU per operation, peak RSS and every answer that was not 2xx, and sets
# run_rate (operations per second) and run_failed (answers that were not 2xx, plus requests that got no answer);
# hey_line also sets run_codes, the status codes and their counts as printed ("[200] 2000 [503] 16").

# Sets app to the pid of the service's application process (the child of `dotnet run`, or $service itself).
find_app() {
  local child
  # shellcheck disable=SC2154 # service is set by service.sh before it calls find_app
  child=$(pgrep -P "$service" | head -1 || true)
  app="${child:-$service}"
}

# CPU seconds (user + system) the service process has used so far, from /proc.
service_cpu() {
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$app/stat"
}

# The service process's peak resident set (VmHWM) in MB.
service_peak_rss() {
  awk '$1 == "VmHWM:" { printf "%.0f", $2 / 1024 }' "/proc/$app/status"
}

# Starts one measured run: notes the service's CPU time so far and resets its peak RSS to its current RSS (writing 5
# to /proc/<pid>/clear_refs), so the peak printed after the run is the run's own. Where the reset is not allowed, the
# printed peak is the one since the service started, and says so.
run_start() {
  run_cpu=$(service_cpu)
  if { echo 5 >"/proc/$app/clear_refs"; } 2>/dev/null; then rss_scope=""; else rss_scope=" (since start)"; fi
}

# Prints one run's line: run_line LABEL OPERATIONS SECONDS UNIT LATENCY ANSWERS FAILED, where LATENCY is the text
# to print for latency (p50 and p99, or a batch's duration), ANSWERS the status codes seen and FAILED how many
# answers were not 2xx (or got none). Sets run_rate and run_failed.
run_line() {
  run_rate=$(awk -v n="$2" -v s="$3" 'BEGIN { printf "%.1f", (s > 0 ? n / s : 0) }')
  # shellcheck disable=SC2034 # run_failed is for the script that printed the run
  run_failed="$7"
  local cpu
  cpu=$(awk -v c0="$run_cpu" -v c1="$(service_cpu)" -v n="$2" 'BEGIN { printf "%.2f", (n ? (c1 - c0) * 1000 / n : 0) }')
  printf '%-16s %9s %s/s  %s  CPU %6s ms/%s  peak RSS %4s MB%s  non-2xx %s  %s\n' \
    "$1" "$run_rate" "$4s" "$5" "$cpu" "$4" "$(service_peak_rss)" "$rss_scope" "$7" "$6"
}

# Prints the line of the `hey` run whose output is in FILE: hey_line LABEL UNIT FILE. Operations are the answers
# hey counted; a request that got no answer (hey's error distribution) counts as not 2xx and is printed.
hey_line() {
  local summary
  summary=$(awk '
    /^  Total:/ { total = $2 }
    / 50% in / { p50 = $3 * 1000 }
    / 99% in / { p99 = $3 * 1000 }
    /^Status code distribution:/ { section = "codes"; next }
    /^Error distribution:/ { section = "errors"; next }
    section == "codes" && match($0, /\[[0-9]+\]/) {
      code = substr($0, RSTART + 1, RLENGTH - 2); n += $2; codes = codes sprintf("[%s] %d ", code, $2)
      if (code !~ /^2/) failed += $2
    }
    section == "errors" && match($0, /^  \[[0-9]+\]/) { errors += substr($0, RSTART + 3, RLENGTH - 4) }
    END {
      if (errors) codes = codes sprintf("no answer %d ", errors)
      printf "%d\t%s\t%.1f\t%.1f\t%d\t%s", n, total, p50, p99, failed + errors, codes
    }' "$3")
  local answers seconds p50 p99 failed codes
  IFS=$'\t' read -r answers seconds p50 p99 failed codes <<<"$summary"
  run_codes="${codes% }"
  run_line "$1" "$answers" "$seconds" "$2" "$(printf 'p50 %7.1f ms  p99 %7.1f ms' "$p50" "$p99")" "$run_codes" "$failed"
}
