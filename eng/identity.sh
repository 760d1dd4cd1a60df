#!/usr/bin/env bash
# Output identity: runs the CLI on fixed inputs (the demo, a generated 2,000 x 100 instance under all
# three policies, Dutch texts, the LP export, an explanation and the committed scenario), removes
# the run metadata (run ids, clock times, solver seconds) and prints one SHA-256 per output file.
#
#   bash eng/identity.sh [CLI]            print the hashes (CLI: a published placement executable;
#                                          default: build and run src/Spreidingswet.Placement.Cli)
#   bash eng/identity.sh --check [CLI]    compare them with eng/identity.sha256 (exit 1 on a difference)
#
# A restructuring must leave every hash unchanged; a change that is meant to change outputs updates
# eng/identity.sha256 in the same commit and says why.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
check=0
if [[ "${1:-}" == "--check" ]]; then check=1; shift; fi
cli="${1:-}"
if [[ -z "$cli" ]]; then
  dotnet build "$root/src/Spreidingswet.Placement.Cli" -c Release -nologo -v q >/dev/null
  cli="$root/src/Spreidingswet.Placement.Cli/bin/Release/net10.0/linux-x64/placement"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
run() { "$cli" "$@" >"$work/last.stdout" 2>"$work/last.stderr" || { cat "$work/last.stderr" >&2; exit 2; }; }

run propose --demo --no-audit --out demo
run propose --demo --no-audit --lang nl --export-model demo-nl/model.lp --out demo-nl
youth="$(sed -n 2p demo/proposal.csv | cut -d, -f1)"
run explain --proposal demo --youth "$youth"
cp last.stdout demo/explain.txt
run explain --proposal demo --youth "$youth" --lang nl
cp last.stdout demo/explain-nl.txt
run generate --youths 2000 --locations 100 --seed 11 --closures 2 --out gen
for policy in education-first weighted capacity-only; do
  run propose --youths gen/youths.csv --locations gen/locations.csv --planning-date 2026-12-01 \
      --policy "$policy" --no-audit --out "gen-$policy"
  cp last.stdout "gen-$policy/stdout.txt"
done
run scenario --scenario "$root/examples/scenario/amsterdam-closures.json" --no-audit --out scenario

# Run metadata differs between any two runs: run ids, clock times and measured seconds.
# Inputs are recorded with their path: the checkout's own path is replaced by ROOT.
find . -type f \( -name '*.json' -o -name '*.html' -o -name '*.txt' -o -name '*.csv' -o -name '*.lp' \) \
  -not -name 'last.*' -print0 | xargs -0 sed -i -E \
  -e "s#$root#ROOT#g" \
  -e 's/"(id|runId)": "[0-9a-f]{32}"/"\1": "RUN"/g' \
  -e 's/"timeUtc": "[^"]*"/"timeUtc": "TIME"/g' \
  -e 's/"seconds": [0-9.eE+-]+/"seconds": 0/g' \
  -e 's/\b[0-9a-f]{32}\b/RUN/g' \
  -e 's/[0-9]+(\.[0-9]+)? ?(ms|s)\b/T/g'
hashes="$(find . -type f -not -name 'last.*' | LC_ALL=C sort | xargs sha256sum | sed 's# \./# #')"
if [[ $check -eq 1 ]]; then
  if diff <(cat "$root/eng/identity.sha256") <(echo "$hashes"); then
    echo "identity: $(echo "$hashes" | wc -l) outputs unchanged"
  else
    echo "identity: outputs differ from eng/identity.sha256 (above: < expected, > now)" >&2
    exit 1
  fi
else
  echo "$hashes"
fi
