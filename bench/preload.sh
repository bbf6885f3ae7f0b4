#!/usr/bin/env bash
# Fills a gateway with GROUPS groups of ten series: preload.sh BASE_URL GROUPS
set -euo pipefail
base=$1; groups=$2
body=$(for i in $(seq 1 10); do echo "bench_metric_$i{kind=\"k$i\"} $i"; done)
seq 1 "$groups" | xargs -P 8 -I{} curl -sf -o /dev/null -X PUT --data-binary "$body"$'\n' "$base/metrics/job/bench/instance/i{}"
