#!/bin/sh
# The workload suite with a memory canary beside it (started through sv.run=): the canary fills
# memory with a pattern and checks it over and over while the suite runs.
/bin/canary 32 &
pid=$!
/bin/run-all.sh
status=$?
kill -TERM "$pid"
wait "$pid" || status=1
echo "canary-run: done status=$status"
exit $status
