#!/usr/bin/env bash
# N scenarios in one `placement scenario` call against N separate calls (what a planner would do
# instead), on a generated 2,000 x 100 base: four one-location closures, two policies each.
# Prints both wall times and checks that the moves are the same. Usage: bench/scenario-batch/run.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
dotnet build "$root/src/Spreidingswet.Placement.Cli" -c Release -v quiet -nologo >/dev/null
placement="$root/src/Spreidingswet.Placement.Cli/bin/Release/net10.0/linux-x64/placement.dll"
cd "$work"
dotnet "$placement" generate --youths 2000 --locations 100 --seed 7 --out base >/dev/null 2>&1
i=0
for l in $(cut -d, -f1 base/locations.csv | sed -n '2,5p'); do
  i=$((i + 1))
  printf '{"name": "close %s", "base": {"youths": "base/youths.csv", "locations": "base/locations.csv", "planningDate": "2026-12-01"}, "changes": [{"close": "%s"}]}\n' "$l" "$l" > "s$i.json"
done
start=$(date +%s.%N)
dotnet "$placement" scenario --scenario s1.json --scenario s2.json --scenario s3.json --scenario s4.json --no-audit --out all >/dev/null 2>&1
one=$(python3 -c "print($(date +%s.%N) - $start)")
start=$(date +%s.%N)
for i in 1 2 3 4; do dotnet "$placement" scenario --scenario "s$i.json" --no-audit --out "one$i" >/dev/null 2>&1; done
four=$(python3 -c "print($(date +%s.%N) - $start)")
python3 - "$work" <<'PY'
import json, sys
w = sys.argv[1]
a = json.load(open(f"{w}/all/scenario.json"))["scenarios"]
b = [json.load(open(f"{w}/one{i}/scenario.json"))["scenarios"][0] for i in (1, 2, 3, 4)]
moves = lambda r: [(p["policy"], [(m["youth"], m["from"], m["to"]) for m in p["moves"]]) for p in r["policies"]]
assert all(moves(a[i]) == moves(b[i]) for i in range(4)), "one call and separate calls differ"
print("same moves in both ways: yes")
PY
python3 -c "print(f'one call with 4 scenarios: {$one:.2f} s wall'); print(f'4 separate calls:          {$four:.2f} s wall ({$four / $one:.1f}x)')"
rm -rf "$work"
