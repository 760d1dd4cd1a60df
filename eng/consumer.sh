#!/usr/bin/env bash
# Packs the library with a unique pre-release version into a local folder feed (artifacts/feed),
# restores samples/Consumer from that feed into its own packages folder (artifacts/consumer-packages,
# so that no cached copy of an earlier package can be used), builds it and runs it: the README's
# library quick start, against the package as a user gets it. Exit code non-zero on any failure.
#   bash eng/consumer.sh            (from the repository root or anywhere)
#   PLACEMENT_VERSION=0.2.0-rc.1 bash eng/consumer.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

base="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -1)"
version="${PLACEMENT_VERSION:-${base}-ci.$(date -u +%Y%m%d%H%M%S)}"
root="$PWD"
feed="$root/artifacts/feed"
packages="$root/artifacts/consumer-packages"
rm -rf "$feed" "$packages" "$root/artifacts/consumer-run"
mkdir -p "$feed" "$root/artifacts/consumer-run"

echo "== pack Spreidingswet.Placement $version"
dotnet pack src/Spreidingswet.Placement -c Release -p:Version="$version" -o "$feed"
for f in "Spreidingswet.Placement.$version.nupkg" "Spreidingswet.Placement.$version.snupkg"; do
  [ -f "$feed/$f" ] || { echo "missing $feed/$f"; exit 1; }
done

# Sources: the folder feed (the package under test), the machine's global packages folder (the
# dependencies, already restored for the solution: no download needed) and nuget.org's mirror.
global="$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: //p')"
sources=(--source "$feed")
[ -n "$global" ] && [ -d "$global" ] && sources+=(--source "$global")
sources+=(--source https://api.nuget.org/v3/index.json)

echo "== restore samples/Consumer from the feed into $packages"
dotnet restore samples/Consumer -p:PlacementVersion="$version" "${sources[@]}" --packages "$packages"
restored="$packages/spreidingswet.placement/$version"
[ -f "$restored/spreidingswet.placement.$version.nupkg" ] || { echo "the consumer did not restore $version from the feed"; exit 1; }
# The package as a user gets it: README, XML docs, licence expression, repository.
[ -f "$restored/README.md" ] || { echo "the package has no README.md"; exit 1; }
grep -q "CBS / Kadaster" "$restored/geodata/README.md" 2>/dev/null && grep -q "CC BY 4.0" "$restored/geodata/README.md" \
  || { echo "the package has no geodata/README.md attributing the embedded layers (CBS / Kadaster, CC BY 4.0)"; exit 1; }
[ -f "$restored/lib/net10.0/Spreidingswet.Placement.xml" ] || { echo "the package has no XML documentation"; exit 1; }
grep -q '<license type="expression">EUPL-1.2</license>' "$restored/spreidingswet.placement.nuspec" || { echo "the package has no EUPL-1.2 licence expression"; exit 1; }
grep -q '<repository type="git"' "$restored/spreidingswet.placement.nuspec" || { echo "the package has no repository metadata"; exit 1; }

echo "== build and run samples/Consumer"
dotnet build samples/Consumer -c Release --no-restore -p:PlacementVersion="$version"
cd artifacts/consumer-run
PLACEMENT_EXPECTED_VERSION="$version" dotnet "$root/samples/Consumer/bin/Release/net10.0/linux-x64/Consumer.dll"
echo "consumer: Spreidingswet.Placement $version packed, restored from the feed, built and run"
