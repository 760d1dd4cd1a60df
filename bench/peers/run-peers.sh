#!/usr/bin/env bash
# The engine against the peers a user would pick instead, on the same instances, in one run:
#   (1) the engine (placement propose, exporting its last tier's model with --export-model),
#   (2) CBC (Debian coinor-cbc) on that exported LP file,
#   (3) a naive one-model CP-SAT formulation of the same LP file (bench/peers/NaiveCpSat: every arc a
#       boolean, every constraint in one model, the same objective, no hint, 2 workers),
#   (4) SCIP and (5) HiGHS, both bundled with OR-Tools 9.15 (ModelBuilder, one thread, their defaults),
#   (6) CP-SAT with the engine's solution (model.lp.hint) as its solution hint, 8 workers.
# Writes one markdown table: bench/results/peers.md (full run, about 30 minutes on 2 cores) or
# $PEERS_WORK/peers-short.md (--short).
#
# Usage: bench/peers/run-peers.sh [--short]
#   --short       small instances only (monthly batch, 400 x 40), cap 30 s: a few minutes.
#   PEERS_CAP     seconds each peer may use (default 300; 30 with --short). A peer gets its own
#                 limit of PEERS_CAP s and is stopped at PEERS_CAP + 30 s wall (reading the file, reporting).
#   PEERS_WORK    scratch folder (default ${TMPDIR:-/tmp}/placement-peers); PEERS_OUT the table file.
#   PEERS_LOCK    a lock file: when set, every heavy command runs under flock on it (shared machines).
#   PEERS_ONLY    run only these instances (space-separated: monthly mid hardmid national closure hardnational germany).
#   PEERS         run only these peers (space-separated, default all: cbc naive scip highs hinted).
#   PEERS_HEAP_GB managed-heap limit of the engine at Germany's size (default: 2/3 of the memory), so that
#                 running out of memory fails that run cleanly instead of waking the kernel's OOM killer.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SHORT=0
case "${1:-}" in
  --short) SHORT=1 ;;
  "") ;;
  -h|--help) sed -n '2,16p' "${BASH_SOURCE[0]}"; exit 0 ;;
  *) echo "unknown option: $1 (use --short or nothing)" >&2; exit 2 ;;
esac

if [[ $SHORT == 1 ]]; then CAP=${PEERS_CAP:-30}; else CAP=${PEERS_CAP:-300}; fi
WORK=${PEERS_WORK:-${TMPDIR:-/tmp}/placement-peers}
if [[ $SHORT == 1 ]]; then OUT=${PEERS_OUT:-$WORK/peers-short.md}; else OUT=${PEERS_OUT:-$ROOT/bench/results/peers.md}; fi
DATE=2026-12-01
GRACE=${PEERS_GRACE:-30}
mkdir -p "$WORK"

lock() { if [[ -n ${PEERS_LOCK:-} ]]; then exec 9>>"$PEERS_LOCK"; flock 9; fi; }
unlock() { if [[ -n ${PEERS_LOCK:-} ]]; then flock -u 9; exec 9>&-; fi; }
heavy() { lock; local rc=0; "$@" || rc=$?; unlock; return $rc; }

# measured PREFIX LIMIT CMD...: runs CMD (under the lock) with /usr/bin/time -v as its direct parent, so
# that its peak memory is known even when it has to be stopped (PREFIX.time); stdout and stderr go to
# PREFIX.out and PREFIX.err. With LIMIT > 0, CMD gets SIGINT at LIMIT s wall (CBC then reports its best
# solution) and SIGKILL 10 s later; PREFIX.killed records that. Returns CMD's exit code.
measured() {
  local prefix=$1 limit=$2; shift 2
  rm -f "$prefix.killed"
  lock
  /usr/bin/time -v -o "$prefix.time" "$@" >"$prefix.out" 2>"$prefix.err" &
  local tpid=$! start=${EPOCHREALTIME/./} child elapsed
  while kill -0 "$tpid" 2>/dev/null; do
    sleep 0.2
    elapsed=$(( (${EPOCHREALTIME/./} - start) / 1000000 ))
    if (( limit > 0 && elapsed >= limit )) && [[ ! -f $prefix.killed ]]; then
      echo "INT at $limit s" > "$prefix.killed"
      child=$(pgrep -P "$tpid" || true); [[ -n $child ]] && kill -INT "$child" 2>/dev/null || true
    fi
    if (( limit > 0 && elapsed >= limit + 10 )); then
      child=$(pgrep -P "$tpid" || true); [[ -n $child ]] && kill -KILL "$child" 2>/dev/null || true
    fi
  done
  local rc=0
  wait "$tpid" || rc=$?
  unlock
  return $rc
}
log() { echo "[peers $(date +%H:%M:%S)] $*" >&2; }

# --- what it needs --------------------------------------------------------------------------------
missing=()
command -v cbc >/dev/null || missing+=(coinor-cbc)
[[ -x /usr/bin/time ]] || missing+=(time)
command -v jq >/dev/null || missing+=(jq)
command -v pgrep >/dev/null || missing+=(procps)
command -v flock >/dev/null || missing+=(util-linux)
if (( ${#missing[@]} > 0 )); then
  log "installing ${missing[*]}"
  SUDO=; [[ $(id -u) == 0 ]] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

log "building the CLI and the naive CP-SAT runner (Release)"
dotnet build "$ROOT/src/Spreidingswet.Placement.Cli" -c Release -nologo -v q >/dev/null
dotnet build "$ROOT/bench/peers/NaiveCpSat" -c Release -nologo -v q >/dev/null
PLACEMENT="$ROOT/src/Spreidingswet.Placement.Cli/bin/Release/net10.0/linux-x64/placement"
NAIVE="$ROOT/bench/peers/NaiveCpSat/bin/Release/net10.0/linux-x64/naive-cpsat"
NATIVE=$(dirname "$(find "${NUGET_PACKAGES:-$HOME/.nuget/packages}/google.ortools.runtime.linux-x64" -name libscip.so* | head -1)" 2>/dev/null || true)
SCIP_VERSION=$(ls "$NATIVE" 2>/dev/null | sed -n 's/^libscip\.so\.//p' | head -1)
HIGHS_VERSION=$(strings "$NATIVE/libhighs.so.1" 2>/dev/null | grep -m1 -x '1\.[0-9]*\.[0-9]*' || true)
HIGHS_VERSION=${PEERS_HIGHS_VERSION:-${HIGHS_VERSION:-1.12.0}}
# PEERS: which peers run on each exported model (default: all), in this order.
PEERS=${PEERS:-cbc naive scip highs hinted}

# --- helpers --------------------------------------------------------------------------------------
peak_mb() { awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$1"; }
wall_s() {  # "Elapsed (wall clock) time (h:mm:ss or m:ss): 1:02.5" -> seconds
  awk -F'): ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.1f", s}' "$1"
}
fmt_s() { awk -v s="$1" 'BEGIN { if (s == "") print "-"; else if (s < 10) printf "%.2f s", s; else printf "%.0f s", s }'; }
fmt_int() { [[ -z $1 || $1 == null ]] && { echo "-"; return; }; printf "%'d" "$1" 2>/dev/null || echo "$1"; }
gap_pct() {  # objective bound -> relative gap in %
  awk -v o="$1" -v b="$2" 'BEGIN { if (o == "" || b == "" || o == "null" || b == "null") { print "-"; exit }
    d = o - b; if (d < 0) d = 0; a = o < 0 ? -o : o; if (a < 1) a = 1; printf "%.2f %%", 100 * d / a }'
}
ratio() {  # peer_seconds engine_seconds peer_objective engine_objective
  awk -v p="$1" -v e="$2" -v po="$3" -v eo="$4" 'BEGIN {
    if (e <= 0) e = 0.001
    r = p / e
    if (po == "" || po == "null") printf "> %.0fx (no solution)", r
    else if (po + 0 > eo + 0) printf "> %.0fx (worse objective)", r
    else if (po + 0 < eo + 0) printf "%.1fx (better objective)", r
    else printf "%.1fx", r }'
}
same() { [[ -z $1 || $1 == null ]] && { echo "-"; return; }; [[ $1 == "$2" ]] && echo yes || echo "no"; }

ROWS=()
add() { ROWS+=("| $1 | $2 | $3 | $4 | $5 | $6 | $7 | $8 | $9 | ${10} |"); }

# run_engine NAME LABEL ARGS...: engine on an instance; exports model.lp unless NAME is germany.
run_engine() {
  local name=$1 label=$2; shift 2
  local dir="$WORK/$name"; mkdir -p "$dir"
  local export=(--export-model "$dir/model.lp" --force)
  [[ $name == germany ]] && export=()
  log "$name: engine"
  local rc=0
  measured "$dir/engine" 0 "$PLACEMENT" propose "$@" --planning-date "$DATE" --no-compare --no-audit \
    "${export[@]}" --out "$dir/engine" || rc=$?
  if [[ ! -f $dir/engine/proposal.json ]]; then
    add "$label" engine "failed (exit $rc)" - - - - "$(fmt_s "$(wall_s "$dir/engine.time")")" "$(peak_mb "$dir/engine.time") MB" -
    E_OBJ=; E_SEC=; return
  fi
  local json="$dir/engine/proposal.json"
  E_OBJ=$(jq -r '.solver.objective' "$json")
  E_SEC=$(jq -r '.solver.seconds' "$json")
  local status gap
  status=$(jq -r '.solver.status' "$json")
  gap=$(jq -r '.solver.gap // "-"' "$json")
  [[ $gap != - ]] && gap=$(awk -v g="$gap" 'BEGIN { printf "%.2f %%", 100 * g }')
  add "$label" "engine ($(jq -r '.solver.method' "$json" | cut -d, -f1 | cut -d'(' -f1 | sed 's/ *$//'))" "$status" "$(fmt_int "$E_OBJ")" "$gap" yes \
    "$(fmt_s "$E_SEC")" "$(fmt_s "$(wall_s "$dir/engine.time")")" "$(peak_mb "$dir/engine.time") MB" 1x
}

run_cbc() {
  local name=$1 label=$2 dir="$WORK/$1"
  log "$name: CBC (cap $CAP s)"
  local rc=0
  measured "$dir/cbc" $((CAP + GRACE)) stdbuf -oL cbc "$dir/model.lp" timeMode elapsed sec "$CAP" solve || rc=$?
  local result objective bound seconds status
  result=$(sed -n 's/^Result - //p' "$dir/cbc.out" | head -1)
  objective=$(awk '/^Objective value:/ {printf "%.0f", $3}' "$dir/cbc.out")
  bound=$(awk '/^Lower bound:/ {printf "%.0f", $3}' "$dir/cbc.out")
  seconds=$(awk '/^Time \(Wallclock seconds\):/ {print $4}' "$dir/cbc.out")
  grep -q "No feasible solution found" "$dir/cbc.out" && objective=
  [[ -z $seconds ]] && seconds=$(wall_s "$dir/cbc.time")
  case "$result" in
    "Optimal solution found"*) status=optimal; bound=$objective ;;
    *infeasible*) status=infeasible ;;
    *) if [[ -n $objective ]]; then status="feasible (stopped at $CAP s)"; else status="no solution in $CAP s"; fi ;;
  esac
  [[ -f $dir/cbc.killed && -z $objective ]] && status="no solution in $CAP s (stopped at $((CAP + GRACE)) s wall)"
  add "$label" "CBC $(cbc_version)" "$status" "$(fmt_int "$objective")" "$(gap_pct "$objective" "$bound")" "$(same "$objective" "$E_OBJ")" \
    "$(fmt_s "$seconds")" "$(fmt_s "$(wall_s "$dir/cbc.time")")" "$(peak_mb "$dir/cbc.time") MB" "$(ratio "$seconds" "$E_SEC" "$objective" "$E_OBJ")"
}

cbc_version() { cbc -quit 2>/dev/null </dev/null | awk '/^Version:/ {print $2; exit}'; }

# run_runner NAME LABEL PREFIX DISPLAY RUNNER-ARGS...: one peer of bench/peers/NaiveCpSat on the exported model.
run_runner() {
  local name=$1 label=$2 prefix=$3 display=$4 dir="$WORK/$1"; shift 4
  log "$name: $display (cap $CAP s)"
  local rc=0
  measured "$dir/$prefix" $((CAP + GRACE)) "$NAIVE" "$dir/model.lp" --time-limit "$CAP" "$@" || rc=$?
  local line status objective bound seconds
  line=$(grep '^{' "$dir/$prefix.out" 2>/dev/null | tail -1 || true)
  if [[ $line == \{* ]]; then
    status=$(jq -r .status <<<"$line"); objective=$(jq -r '.objective // empty' <<<"$line")
    bound=$(jq -r '.bound // empty' <<<"$line"); seconds=$(jq -r .solveSeconds <<<"$line")
  else
    status=noSolution; objective=; bound=; seconds=$(wall_s "$dir/$prefix.time")
  fi
  case "$status" in
    feasible) status="feasible (stopped at $CAP s)" ;;
    noSolution) status="no solution in $CAP s"; [[ -f $dir/$prefix.killed ]] && status+=" (stopped at $((CAP + GRACE)) s wall)" ;;
  esac
  [[ $status == optimal ]] && bound=$objective
  add "$label" "$display" "$status" "$(fmt_int "$objective")" "$(gap_pct "$objective" "$bound")" "$(same "$objective" "$E_OBJ")" \
    "$(fmt_s "$seconds")" "$(fmt_s "$(wall_s "$dir/$prefix.time")")" "$(peak_mb "$dir/$prefix.time") MB" "$(ratio "$seconds" "$E_SEC" "$objective" "$E_OBJ")"
}

run_naive() { run_runner "$1" "$2" cpsat "naive CP-SAT (2 workers, no hint)" --workers 2; }
run_scip() { run_runner "$1" "$2" scip "SCIP $SCIP_VERSION (OR-Tools bundled, 1 thread)" --solver scip --workers 1; }
run_highs() { run_runner "$1" "$2" highs "HiGHS $HIGHS_VERSION (OR-Tools bundled, 1 thread)" --solver highs --workers 1; }
run_hinted() { run_runner "$1" "$2" hinted "CP-SAT hinted with the engine's solution (8 workers)" --workers 8 --hint "$WORK/$1/model.lp.hint"; }

wanted() { [[ -z ${PEERS_ONLY:-} || " $PEERS_ONLY " == *" $1 "* ]]; }

# instance NAME LABEL ENGINE-ARGS...: engine, then both peers on its exported model.
instance() {
  local name=$1 label=$2; shift 2
  wanted "$name" || return 0
  run_engine "$name" "$label" "$@"
  if [[ -f $WORK/$name/model.lp && -n ${E_OBJ:-} ]]; then
    # The header says "\ U units (...), L locations, A candidate arcs": kept to size the Germany estimate.
    sed -n '2s/.* \([0-9]*\) units.* \([0-9]*\) locations, \([0-9]*\) candidate arcs.*/\1 \2 \3/p' "$WORK/$name/model.lp" > "$WORK/$name/arcs"
    for peer in $PEERS; do "run_$peer" "$name" "$label"; done
    rm -f "$WORK/$name/model.lp" "$WORK/$name/model.lp.hint"
  else
    for peer in $PEERS; do add "$label" "$peer" "not run: the engine exported no model" - - - - - - -; done
  fi
}

generate() {  # generate NAME ARGS...
  wanted "$1" || return 0
  local dir="$WORK/$1/input"; shift
  rm -rf "$dir"
  heavy "$PLACEMENT" generate "$@" --out "$dir" >/dev/null 2>&1
}

# --- instances ------------------------------------------------------------------------------------
START=$(date +%s)
instance monthly "monthly batch (demo): 500 arrivals + residents of 5 closing locations, 400 locations" --demo

generate mid --youths 400 --locations 40 --seed 7
instance mid "mid-size 400 x 40 (seed 7)" --youths "$WORK/mid/input/youths.csv" --locations "$WORK/mid/input/locations.csv"

generate hardmid --youths 600 --locations 60 --seed 7 --profile hard
instance hardmid "hard class, mid-size 600 x 60 (seed 7, --profile hard)" --youths "$WORK/hardmid/input/youths.csv" --locations "$WORK/hardmid/input/locations.csv"

if [[ $SHORT == 0 ]]; then
  generate hardnational --youths 8000 --locations 400 --seed 7 --profile hard
  instance hardnational "hard class, national 8,000 x 400 (seed 7, --profile hard)" --youths "$WORK/hardnational/input/youths.csv" --locations "$WORK/hardnational/input/locations.csv"

  generate national --youths 8000 --locations 400 --seed 7
  instance national "national re-plan 8,000 x 400 (seed 7)" --youths "$WORK/national/input/youths.csv" --locations "$WORK/national/input/locations.csv"

  generate closure --youths 8000 --locations 400 --seed 7 --closures 1
  instance closure "one-location closure, 8,000 x 400 (seed 7, --closures 1)" --youths "$WORK/closure/input/youths.csv" --locations "$WORK/closure/input/locations.csv"

  # Germany's size: the engine runs; the model is not exported (far too large for an LP file). The arc
  # count comes from the engine's own refusal to export a model over 20 million arcs without --force.
  if wanted germany; then
    generate germany --youths 100000 --locations 5000 --seed 7
    label="Germany's size 100,000 x 5,000 (seed 7)"
    G=(--youths "$WORK/germany/input/youths.csv" --locations "$WORK/germany/input/locations.csv")
    heap_gb=${PEERS_HEAP_GB:-$(awk '/^MemTotal/ {printf "%d", $2 * 2 / 3 / 1048576}' /proc/meminfo)}
    export DOTNET_GCHeapHardLimit=$(printf '0x%x' $((heap_gb * 1024 * 1024 * 1024)))
    run_engine germany "$label" "${G[@]}"
    arcs=; note=
    # Pruned candidates (over 25 million estimated arcs): the method text states the full count.
    pruned=
    [[ -f $WORK/germany/engine/proposal.json ]] && \
      pruned=$(jq -r '.solver.method' "$WORK/germany/engine/proposal.json" | grep -o 'of [0-9,]* candidate arcs in the model' | grep -o '[0-9][0-9,]*' | head -1 || true)
    if [[ -n $pruned ]]; then
      arcs=$pruned; note="not run: $arcs arcs"
    elif [[ -f $WORK/germany/engine/proposal.json ]]; then
      log "germany: counting arcs (the engine refuses to export over 20 million arcs)"
      heavy "$PLACEMENT" propose "${G[@]}" --planning-date "$DATE" --no-compare --no-audit --time-limit 1 \
        --export-model "$WORK/germany/refused.lp" --out "$WORK/germany/refused" >/dev/null 2>"$WORK/germany/arcs.err" || true
      rm -f "$WORK/germany/refused.lp"
      arcs=$(grep -o 'the model has [0-9,]* arcs' "$WORK/germany/arcs.err" | grep -o '[0-9][0-9,]*' | head -1 || true)
      [[ -n $arcs ]] && note="not run: $arcs arcs"
    elif grep -q OutOfMemory "$WORK/germany/engine.err"; then
      ROWS[-1]=${ROWS[-1]/failed (exit /out of memory (GC heap limit $heap_gb GB; exit }
    fi
    unset DOTNET_GCHeapHardLimit
    if [[ -z $note && -s $WORK/national/arcs ]]; then  # estimate at the national re-plan's arc density
      read -r _ nl na < "$WORK/national/arcs"
      note="not run: ~$(awk -v a="$na" -v l="$nl" 'BEGIN { printf "%.0f", a / (8000 * l) * 100000 * 5000 / 1e6 }') M arcs (estimated at the national instance's arcs per youth and location; the engine did not count them)"
    fi
    [[ -z $note ]] && note="not run: arc count unknown (see $WORK/germany)"
    for peer in $PEERS; do add "$label" "$peer" "$note" - - - - - - -; done
  fi
fi
ELAPSED=$(( $(date +%s) - START ))

# --- the table ------------------------------------------------------------------------------------
cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
mem=$(awk '/^MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)
os=$(. /etc/os-release && echo "$PRETTY_NAME")
dotnet_sdk=$(dotnet --version)
runtime=$(dotnet --list-runtimes | awk '/Microsoft.NETCore.App/ {v = $2} END {print v}')
ortools=$(sed -n 's/.*Google.OrTools" Version="\([^"]*\)".*/\1/p' "$ROOT/Directory.Packages.props")
{
  echo "# Engine against peers$([[ $SHORT == 1 ]] && echo " (short mode)")"
  echo
  echo "Generated by \`bench/peers/run-peers.sh$([[ $SHORT == 1 ]] && echo " --short")\` on $(date -u +%Y-%m-%d) in $((ELAPSED / 60)) min $((ELAPSED % 60)) s."
  echo
  echo "Machine: $cpu, $(nproc) cores, $mem memory, $os, .NET SDK $dotnet_sdk (runtime $runtime); CBC $(cbc_version) (defaults, one thread), OR-Tools $ortools."
  echo
  echo "Each instance: the engine (\`placement propose --export-model\`, education-first, planning date $DATE) exports its last"
  echo "tier's model (every candidate arc, earlier tiers as constraints) and its solution (model.lp.hint); CBC, a naive one-model CP-SAT (every variable of"
  echo "that file in one model, same objective, no hint, \`num_workers:2\`), SCIP $SCIP_VERSION and HiGHS $HIGHS_VERSION (both bundled with OR-Tools $ortools, through"
  echo "ModelBuilder, defaults, one thread; the model built from the same LP reader as CP-SAT's) and CP-SAT with the engine's solution as its"
  echo "solution hint (\`num_workers:8\`) solve that same file, each capped at **$CAP s** of"
  echo "its own time limit (stopped at $((CAP + GRACE)) s wall: SIGINT, then SIGKILL 10 s later). *objective* is the exported tier's value; *= engine* says whether the peer reached"
  echo "the engine's objective. *solve* is the solver's own time (engine: \`solver.seconds\`; CBC: its wall clock; CP-SAT: \`Solve\`),"
  echo "*wall* the whole process (engine: reading, candidates, solve, explanations, writing and exporting; peers: reading the LP"
  echo "file and solving); *peak memory* is the maximum resident set size (\`/usr/bin/time -v\`). *ratio* = peer solve time /"
  echo "engine solve time; \"> Nx\" when the peer did not reach the engine's objective within its cap. The engine's"
  echo "command line compiles the engine's stages on its second core while it reads the input (\`PlacementEngine.WarmUp\`), so"
  echo "its *solve* holds little JIT compilation; its *wall* holds all of it. Both solvers warm in one process, without"
  echo "reading or start-up: \`SmallModelPeerBenchmarks\` (bench/RESULTS.md)."
  echo
  echo "| instance | solver | status | objective | gap | = engine | solve | wall | peak memory | ratio to engine |"
  echo "|---|---|---|---:|---:|---|---:|---:|---:|---|"
  printf '%s\n' "${ROWS[@]}"
} > "$OUT.tmp"
mv "$OUT.tmp" "$OUT"
log "wrote $OUT"
cat "$OUT"
