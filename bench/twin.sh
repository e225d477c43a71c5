#!/bin/sh
# bench/twin: the digital twin, measured.
#  - learning: bench/gentwin draws five years of stops (exponential, mean
#    40 h apart; lognormal, median 1.5 h long) and 2,400 completed
#    operations (actual over standard 1.1, 3% scrap, pauses) for 8 work
#    centers; `twin learn` is to recover each within 10%;
#  - backtest: five such plants with 140 to 220 open orders are each
#    scheduled and simulated (1,000 runs); each floor's future is then run
#    REPLICAS times (100) by gentwin --truth, minute by minute under the
#    true distributions, with code of its own.  Calibration: per band of predicted on-time chance, the
#    share of (order, future) pairs on time (goal: within 10 points of
#    the band's mean prediction); the mean absolute error of the median
#    completion, against the plan's own end as the baseline;
#  - speed: bench/twin (1,000 runs of 2,000 orders x 8 operations over 60
#    work centers; goal <= 10 s on one core).
BUILD=${BUILD:-build}
case $BUILD in /*) B=$BUILD ;; *) B=$(pwd)/$BUILD ;; esac
REPLICAS=${REPLICAS:-100}
T=$(mktemp -d /tmp/mes-twin-XXXXXX)
trap 'rm -rf "$T"' EXIT
ctl() { MES_PIN=123456 "$B/mesctl" --db "$T/b.db" --user bench "$@"; }

for open in 140 160 180 200 220; do
	rm -f "$T/b.db"
	"$B/bench/gentwin" "$T/b.db" 1825 $open >/dev/null || exit 1
	[ $open = 140 ] && { ctl twin learn --json > "$T/learn.json" || exit 1; }
	ctl schedule --iterations 3000 > /dev/null || exit 1
	ctl simulate --fixed --no-store --json | sed "s/\"order\":\"/&$open:/" >> "$T/plan.json" || exit 1
	ctl simulate --runs 1000 --no-store --json | sed "s/\"order\":\"/&$open:/" >> "$T/sim.json" || exit 1
	i=1
	while [ $i -le "$REPLICAS" ]; do
		"$B/bench/gentwin" --truth "$T/b.db" $i || exit 1
		i=$((i + 1))
	done | sed "s/^/$open:/" >> "$T/truth.txt"
done
python3 - "$T" <<'EOF'
import json, sys, datetime as dt
T = sys.argv[1]
def rows(f): return [json.loads(l) for l in open(f)]
def t(s): return dt.datetime.strptime(s, "%Y-%m-%dT%H:%MZ")
wcs = [r for r in rows(T + "/learn.json") if r["kind"] == "work_center"]
def rec(field, want):
    v = [r[field] for r in wcs]
    worst = max(abs(x - want) / want for x in v)
    print("  %-22s true %-5g learned %.3f-%.3f, worst %.1f%% off (goal 10%%)"
          % (field, want, min(v), max(v), worst * 100))
print("twin learn: %d work centers, %s downtime events" % (len(wcs),
      rows(T + "/learn.json")[0]["downtime_events"]))
rec("between_stops_h_mean", 40)
rec("stop_h_median", 1.5)
rec("ratio_mean", 1.1)
pred = {r["order"]: r for r in rows(T + "/sim.json") if r["kind"] == "order"}
plan = {r["order"]: r for r in rows(T + "/plan.json") if r["kind"] == "order"}
pairs = []
for l in open(T + "/truth.txt"):
    wo, end, ok = l.split()
    pairs.append((wo, None if end == "-" else t(end), int(ok)))
print("backtest: %d orders of 5 plants, %d futures each; plan: %d late, simulation: %.1f "
      "expected late, futures: %.1f late on average" % (len(pred),
      len(pairs) // max(1, len(pred)), sum(1 for r in plan.values()
      if r["on_time"] < 0.5), sum(1 - r["on_time"] for r in pred.values()),
      sum(1 - ok for _, _, ok in pairs) / (len(pairs) / len(pred))))
bands = {}
for wo, end, ok in pairs:
    p = pred[wo]["on_time"]
    bands.setdefault(min(int(p * 10), 9), []).append((wo, p, ok))
worst = 0
# The futures of one order share its fate: a band is judged by the
# orders in it, 5 or more.
for b in sorted(bands):
    v = bands[b]
    orders = len(set(wo for wo, _, _ in v))
    mp = sum(p for _, p, _ in v) / len(v)
    act = sum(ok for _, _, ok in v) / len(v)
    off = (act - mp) * 100
    if orders >= 5: worst = max(worst, abs(off))
    print("  predicted %3d-%3d%%: %3d orders, predicted %5.1f%%, on time "
          "%5.1f%%, %+5.1f points%s" % (b * 10, b * 10 + 10, orders, mp * 100,
          act * 100, off, "" if orders >= 5 else " (too few to judge)"))
print("  calibration: worst band %.1f points off (goal 10; bands of 5 "
      "orders or more)" % worst)
def mae(when):
    e = [abs((when[wo] - end).total_seconds()) / 3600 for wo, end, _ in pairs
         if end and when.get(wo)]
    return sum(e) / len(e)
p50 = {wo: t(r["p50"]) for wo, r in pred.items() if r["p50"]}
pend = {wo: t(r["p50"]) for wo, r in plan.items() if r["p50"]}
print("  completion, mean absolute error: simulation's median %.1f h, "
      "the plan's end (baseline) %.1f h" % (mae(p50), mae(pend)))
EOF
"$B/bench/twin"
