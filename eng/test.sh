#!/usr/bin/env bash
# The README's test command: installs the Debian packages the tests need when they are missing
# (chromium: report.html and the web app in a real browser; coinor-cbc: the exported model re-solved by
# CBC; nodejs/npm: the web app's map bundle, built with the solution), builds
# the whole solution in Release (dotnet test on a solution builds only the test projects) and runs
# every test. Needs nothing beside the clone: the tests' reference data live in the repository.
#   bash eng/test.sh                    (from the repository root or anywhere)
#   bash eng/test.sh --filter Geography (extra arguments go to dotnet test)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

need=()
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || need+=(chromium)
command -v cbc >/dev/null 2>&1 || need+=(coinor-cbc)
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)   # the web app bundles its map library at build time
if [ "${#need[@]}" -gt 0 ]; then
  sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo -n)
  echo "eng/test.sh: installing ${need[*]} (Debian packages the tests use)"
  if ! { "${sudo[@]}" apt-get update -qq && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null; }; then
    echo "eng/test.sh: warning: could not install ${need[*]} (run: sudo apt-get install ${need[*]}); the tests that need them will fail and say so" >&2
  fi
fi

dotnet build Spreidingswet.Placement.sln -c Release
dotnet test Spreidingswet.Placement.sln -c Release --no-build "$@"
