#!/bin/sh
# make bench-sched: the scheduler on every shipped instance (one core,
# SCHED_TIME_LIMIT seconds each, default 10), then on a plant-sized model.
BUILD=${BUILD:-build}
LIMIT=${SCHED_TIME_LIMIT:-10}
SCALE=${SCHED_SCALE_CHECKPOINTS:-10,60}
st=0
"$BUILD/bench/sched" --time-limit "$LIMIT" bench/data/jssp/*.txt || st=1
"$BUILD/bench/sched" --time-limit "$LIMIT" bench/data/fjsp/*.fjs || st=1
"$BUILD/bench/sched" --mes-scale --checkpoints "$SCALE" || st=1
exit $st
