#!/usr/bin/env bash
# npm run mutate [layer …]: one Stryker run per core layer (src/<layer>), incremental: each
# layer's result is kept in reports/mutation/<layer>.json, and the next run reads it back
# (Stryker's --incremental), so only what changed is tested again — a mutant whose code
# changed, a killed mutant whose killing test changed or went, a survivor that a new test
# covers. Delete a layer's file (or pass --force through STRYKER_FORCE=1) for a run from
# scratch. A run cut short keeps the layers it finished. Then the table.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p reports/mutation
layers=("$@")
[ ${#layers[@]} -gt 0 ] || layers=(internal model unknown policy format response fp)
force=()
[ "${STRYKER_FORCE:-}" = 1 ] && force=(--force)
for layer in "${layers[@]}"; do
  npx stryker run --mutate "src/$layer/**/*.ts" --incremental \
    --incrementalFile "reports/mutation/$layer.json" "${force[@]}"
done
npx tsx scripts/mutation-report.ts
