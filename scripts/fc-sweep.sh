#!/usr/bin/env bash
# Runs every property test (each compiled test file that imports fast-check) once per seed, with
# the seed set globally through the FC_SEED preload; prints one line per seed and fails if any did.
#   bash scripts/fc-sweep.sh [first-seed] [count]     (after npm run build; defaults: 1 50)
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
first=${1:-1}
count=${2:-50}
mapfile -t files < <(grep -rl --include='*.test.js' "from 'fast-check'" dist/test | sort)
failed=0
for ((seed = first; seed < first + count; seed++)); do
  log=$(mktemp)
  if FC_SEED=$seed node --import ./dist/test/helpers/fc-seed.js --test --test-concurrency=2 "${files[@]}" >"$log" 2>&1; then
    echo "seed $seed: $(grep -E '^(ℹ|#) (tests|pass|fail) ' "$log" | tr '\n' ' ')"
  else
    failed=$((failed + 1))
    echo "seed $seed: FAILED"; grep -E '^not ok|^✖|Error' "$log" | head -20
  fi
  rm -f "$log"
done
echo "${#files[@]} files x $count seeds: $failed seed(s) failed"
[ "$failed" = 0 ]
