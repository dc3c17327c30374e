#!/usr/bin/env bash
# Runs every shipped spec through the command it belongs to, into DIR, and writes DIR/SHA256SUMS
# over the tables and figures. Two trees built from different commits are byte-identical when
# their SHA256SUMS are: the check a refactor that must not change any output runs once.
#   bash test/golden/shipped-outputs.sh DIR            (from the repository root, after npm run build)
#   diff DIR_BEFORE/SHA256SUMS DIR_AFTER/SHA256SUMS
# JSON summaries are left out of the sums: they carry wall times and worker counts.
set -euo pipefail
out=${1:?usage: shipped-outputs.sh DIR}
mkdir -p "$out"
cli="node dist/cli/main.js"
for spec in sweeps/*.json; do
  keys=$(node -e "console.log(Object.keys(JSON.parse(require('fs').readFileSync(process.argv[1],'utf8'))).join(' '))" "$spec")
  case " $keys " in
    *" steps "*) cmds=(trajectory) ;;
    *" grid "*) cmds=(phase) ;;
    *" window "* | *" trajectories "*) cmds=(portrait) ;;
    *" cascade "*) cmds=(sweep cascade) ;;
    *" sweep "*) cmds=(sweep) ;;
    *) echo "skipping $spec: no command recognised" >&2; continue ;;
  esac
  for cmd in "${cmds[@]}"; do
    $cli "$cmd" "$spec" --out "$out/$cmd" >/dev/null 2>"$out/$cmd.$(basename "$spec" .json).stderr" || { echo "FAILED: $cmd $spec" >&2; cat "$out/$cmd.$(basename "$spec" .json).stderr" >&2; exit 1; }
  done
done
$cli analyze sweeps/logs-example --out "$out/analyze" >/dev/null
(cd "$out" && find . -type f \( -name '*.csv' -o -name '*.png' -o -name '*.parquet' \) | LC_ALL=C sort | xargs sha256sum > SHA256SUMS)
wc -l < "$out/SHA256SUMS"
