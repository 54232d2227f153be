#!/usr/bin/env bash
# fdcat against GNU cat on a 1 GiB file in the page cache: medians of alternating runs, and the ratios.
#
#   bash bench/cat/run.sh [RUNS]        # RUNS >= 7 (default 9); startup uses max(RUNS, 31) runs
#
# Environment: FDCAT=path/to/fdcat skips the publish step; WORK=dir holds the scratch files (default: a
# fresh directory under ${TMPDIR:-/tmp}, removed at the end; it needs 2 GiB free); SIZE_MIB (default 1024).
# Each scenario runs fdcat and GNU cat by turns (the order flips every round), so drifts in the machine's
# load hit both alike; a run's wall time comes from bash's $EPOCHREALTIME around the command.
set -euo pipefail
cd "$(dirname "$0")/../.."

runs=${1:-9}
if [ "$runs" -lt 7 ]; then
  echo "RUNS must be at least 7" >&2
  exit 2
fi
startup_runs=$(( runs > 31 ? runs : 31 ))
size_mib=${SIZE_MIB:-1024}
gnu=/bin/cat
export LC_ALL=C

work=${WORK:-}
own_work=0
if [ -z "$work" ]; then
  work=$(mktemp -d "${TMPDIR:-/tmp}/fdcat-bench.XXXXXX")
  own_work=1
fi
cleanup() {
  rm -f "$work/big" "$work/out" "$work/empty"
  if [ "$own_work" -eq 1 ]; then rm -rf "$work"; fi
}
trap cleanup EXIT

fdcat=${FDCAT:-}
if [ -z "$fdcat" ]; then
  echo "publishing fdcat (NativeAOT) ..." >&2
  dotnet publish demo/cat -c Release -o "$work/publish" >"$work/publish.log" 2>&1 || { cat "$work/publish.log" >&2; exit 1; }
  fdcat="$work/publish/fdcat"
fi
# A NativeAOT program that does nothing, published with fdcat's settings: the runtime's own start.
floor=${FLOOR:-}
if [ -z "$floor" ]; then
  dotnet publish bench/cat/floor -c Release -o "$work/floor" >"$work/floor.log" 2>&1 || { cat "$work/floor.log" >&2; exit 1; }
  floor="$work/floor/floor"
fi

echo "making a ${size_mib} MiB file ..." >&2
head -c "$((size_mib * 1024 * 1024))" /dev/urandom > "$work/big"
: > "$work/empty"
"$gnu" "$work/big" > /dev/null   # into the page cache

# Both programs must produce the same bytes before their times mean anything.
"$fdcat" "$work/big" | cmp -s - "$work/big" || { echo "fdcat's output differs from its input" >&2; exit 1; }
"$fdcat" "$work/big" > "$work/out" && cmp -s "$work/out" "$work/big" || { echo "fdcat's file output differs" >&2; exit 1; }
rm -f "$work/out"

# One timed run of scenario $1 with program $2, in microseconds.
run_once() {
  local scenario=$1 prog=$2 t0 t1
  case $scenario in
    devnull) t0=$EPOCHREALTIME; "$prog" "$work/big" > /dev/null; t1=$EPOCHREALTIME ;;
    pipe)    t0=$EPOCHREALTIME; "$prog" "$work/big" | "$gnu" > /dev/null; t1=$EPOCHREALTIME ;;
    file)    rm -f "$work/out"; sync -f "$work" 2>/dev/null || true
             t0=$EPOCHREALTIME; "$prog" "$work/big" > "$work/out"; t1=$EPOCHREALTIME
             rm -f "$work/out" ;;
    startup) t0=$EPOCHREALTIME; "$prog" "$work/empty" > /dev/null; t1=$EPOCHREALTIME ;;
    floor)   t0=$EPOCHREALTIME; "$floor" "$work/empty" > /dev/null; t1=$EPOCHREALTIME ;;
  esac
  echo $(( ${t1/./} - ${t0/./} ))
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

# scenario, runs, target ratio, description
scenarios=(
  "devnull $runs 0.50 to /dev/null"
  "pipe $runs 0.35 into a pipe (| cat >/dev/null)"
  "file $runs 0.50 to a regular file"
)

printf '%s\n' "fdcat: $fdcat" "GNU:   $("$gnu" --version | head -n 1)" "file:  ${size_mib} MiB, $(uname -sr), $(nproc) cores"
printf '%-34s %6s %12s %12s %8s %8s\n' scenario runs "fdcat ms" "GNU ms" ratio target
for line in "${scenarios[@]}"; do
  read -r scenario n target description <<<"$line"
  fd_times=() gnu_times=()
  for ((i = 0; i < n; i++)); do
    if (( i % 2 == 0 )); then
      fd_times+=("$(run_once "$scenario" "$fdcat")"); gnu_times+=("$(run_once "$scenario" "$gnu")")
    else
      gnu_times+=("$(run_once "$scenario" "$gnu")"); fd_times+=("$(run_once "$scenario" "$fdcat")")
    fi
  done
  fd_med=$(printf '%s\n' "${fd_times[@]}" | median)
  gnu_med=$(printf '%s\n' "${gnu_times[@]}" | median)
  awk -v d="$description" -v n="$n" -v f="$fd_med" -v g="$gnu_med" -v t="$target" 'BEGIN {
    r = f / g
    printf "%-34s %6d %12.2f %12.2f %8.3f %7s%s\n", d, n, f / 1000, g / 1000, r, "<=" t, (r <= t ? "" : "  (missed)")
  }'
done

# Startup: fdcat, GNU cat and the floor (a NativeAOT program that does nothing) by turns, the order
# rotating every round. The floor is what no change inside fdcat can go below.
fd_times=() gnu_times=() floor_times=()
for ((i = 0; i < startup_runs; i++)); do
  case $(( i % 3 )) in
    0) fd_times+=("$(run_once startup "$fdcat")"); gnu_times+=("$(run_once startup "$gnu")"); floor_times+=("$(run_once floor "$floor")") ;;
    1) gnu_times+=("$(run_once startup "$gnu")"); floor_times+=("$(run_once floor "$floor")"); fd_times+=("$(run_once startup "$fdcat")") ;;
    2) floor_times+=("$(run_once floor "$floor")"); fd_times+=("$(run_once startup "$fdcat")"); gnu_times+=("$(run_once startup "$gnu")") ;;
  esac
done
fd_med=$(printf '%s\n' "${fd_times[@]}" | median)
gnu_med=$(printf '%s\n' "${gnu_times[@]}" | median)
floor_med=$(printf '%s\n' "${floor_times[@]}" | median)
awk -v n="$startup_runs" -v f="$fd_med" -v g="$gnu_med" -v e="$floor_med" 'BEGIN {
  r = f / g
  printf "%-34s %6d %12.2f %12.2f %8.3f %7s%s\n", "empty file (startup)", n, f / 1000, g / 1000, r, "<=2.00", (r <= 2 ? "" : "  (missed)")
  printf "%-34s %6d %12.2f %12.2f %8.3f   (floor: an empty NativeAOT program in the fdcat column)\n", "startup floor", n, e / 1000, g / 1000, e / g
}'
