#!/usr/bin/env bash
# The README's test command: installs the Debian packages the tests need when they are missing
# (chromium: report.html in a real browser; coinor-cbc: the exported model re-solved by CBC), builds
# the whole solution in Release (dotnet test on a solution builds only the test projects) and runs
# every test. Needs nothing beside the clone: the tests' reference data live in the repository.
#   bash eng/test.sh                    (from the repository root or anywhere)
#   bash eng/test.sh --filter Geography (extra arguments go to dotnet test)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v cbc >/dev/null 2>&1 || need+=(coinor-cbc)
if [ "${#need[@]}" -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 && sudo="sudo" || { echo "eng/test.sh: ${need[*]} missing and not root: install them (apt-get install ${need[*]})" >&2; exit 1; }
  fi
  echo "eng/test.sh: installing ${need[*]} (Debian packages the tests use)"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

dotnet build Spreidingswet.Placement.sln -c Release
dotnet test Spreidingswet.Placement.sln -c Release --no-build "$@"
