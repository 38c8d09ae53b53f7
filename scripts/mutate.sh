#!/usr/bin/env bash
# npm run mutate [layer …]: one Stryker run per core layer (src/<layer>), each result kept
# in reports/mutation/<layer>.json, so a long run cut short keeps what it finished; a
# layer already there is skipped (delete its file to run it again). Then the table.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p reports/mutation
layers=("$@")
[ ${#layers[@]} -gt 0 ] || layers=(internal model unknown policy format response fp)
for layer in "${layers[@]}"; do
  [ -f "reports/mutation/$layer.json" ] && continue
  npx stryker run --mutate "src/$layer/**/*.ts"
  mv reports/mutation/mutation.json "reports/mutation/$layer.json"
done
npx tsx scripts/mutation-report.ts
