#!/usr/bin/env bash
# Paired A/B of two builds of the command line on the same inputs: whole-process wall time and peak
# memory (GNU time), runs alternating A B A B so that drift of a shared machine hits both alike; prints
# per case the median of A, of B and of the pair-by-pair ratio B/A.
#
#   bash bench/ab/run.sh A_CLI B_CLI [PAIRS]
#
# A_CLI, B_CLI: published `placement` executables (dotnet publish src/Spreidingswet.Placement.Cli -c
# Release -o DIR, once per commit). Cases: propose on a generated 2,000 x 100 instance under each
# policy and with the LP export (--export-model), on the national 8,000 x 400 instance
# (education-first), and the committed scenario.
set -euo pipefail
a="$1"; b="$2"; pairs="${3:-5}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
"$a" generate --youths 2000 --locations 100 --seed 11 --closures 2 --out "$work/g2k" >/dev/null
"$a" generate --youths 8000 --locations 400 --seed 7 --out "$work/g8k" >/dev/null
cases=(
  "2,000 x 100 education-first|propose --youths $work/g2k/youths.csv --locations $work/g2k/locations.csv --planning-date 2026-12-01 --policy education-first --no-audit --out $work/out"
  "2,000 x 100 weighted|propose --youths $work/g2k/youths.csv --locations $work/g2k/locations.csv --planning-date 2026-12-01 --policy weighted --no-audit --out $work/out"
  "2,000 x 100 capacity-only|propose --youths $work/g2k/youths.csv --locations $work/g2k/locations.csv --planning-date 2026-12-01 --policy capacity-only --no-audit --out $work/out"
  "2,000 x 100 with LP export|propose --youths $work/g2k/youths.csv --locations $work/g2k/locations.csv --planning-date 2026-12-01 --no-audit --export-model $work/out-lp/model.lp --out $work/out-lp"
  "8,000 x 400 education-first|propose --youths $work/g8k/youths.csv --locations $work/g8k/locations.csv --planning-date 2026-12-01 --no-audit --out $work/out"
  "scenario amsterdam-closures|scenario --scenario $root/examples/scenario/amsterdam-closures.json --no-audit --out $work/out"
)
median() { sort -g | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
measure() { /usr/bin/time -f '%e %M' -o "$work/t" "$@" >/dev/null 2>&1; cat "$work/t"; }
printf '%-30s %10s %10s %9s %10s %10s\n' case "A wall s" "B wall s" "B/A" "A MB" "B MB"
for c in "${cases[@]}"; do
  name="${c%%|*}"; read -r -a args <<<"${c#*|}"
  measure "$a" "${args[@]}" >/dev/null; measure "$b" "${args[@]}" >/dev/null   # warm-up
  : >"$work/a"; : >"$work/b"; : >"$work/r"
  for _ in $(seq "$pairs"); do
    ta=$(measure "$a" "${args[@]}"); tb=$(measure "$b" "${args[@]}")
    echo "$ta" >>"$work/a"; echo "$tb" >>"$work/b"
    awk -v x="${ta%% *}" -v y="${tb%% *}" 'BEGIN {print y / x}' >>"$work/r"
  done
  printf '%-30s %10s %10s %9.3f %10d %10d\n' "$name" "$(cut -d' ' -f1 "$work/a" | median)" "$(cut -d' ' -f1 "$work/b" | median)" \
    "$(median <"$work/r")" "$(( $(cut -d' ' -f2 "$work/a" | median | cut -d. -f1) / 1024 ))" "$(( $(cut -d' ' -f2 "$work/b" | median | cut -d. -f1) / 1024 ))"
done
