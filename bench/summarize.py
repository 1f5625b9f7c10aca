#!/usr/bin/env python3
"""Medians per scenario and broker from compare.sh's results.jsonl, the Petrel/Mosquitto ratio of each
figure, and whether the ratio meets the target issue 8 sets. Prints a Markdown table.

Usage: summarize.py RESULTS_JSONL [MODE [BROKER OTHER]]

BROKER and OTHER are the broker names in the results (default petrel and mosquitto); the ratio is
BROKER/OTHER. compare.sh --cluster passes "cluster petrel": a two-node cluster against one node. Issue 8's
targets hold Petrel against Mosquitto, so they are shown only for that pair.
"""
import json
import statistics
import sys
from collections import Counter, defaultdict

# Figures shown per scenario, in order: (result key, how to read it).
FIGURES = {
    "conn": [("connectionsPerSec", "connections/s"), ("connAckP50Ms", "CONNACK p50 ms"),
             ("connAckP99Ms", "CONNACK p99 ms"), ("brokerCpuMsPerThousand", "broker CPU ms / 1,000 conns"),
             ("brokerCores", "broker cores"), ("generatorCores", "generator cores"), ("failed", "failed")],
    "flow": [("deliveredPerSec", "delivered msg/s"), ("lost", "lost"), ("latencyP50Ms", "latency p50 ms"),
             ("latencyP99Ms", "latency p99 ms"), ("latencyP999Ms", "latency p99.9 ms"),
             ("brokerCpuSecondsPerMillion", "broker CPU s / M msgs"), ("brokerCores", "broker cores"),
             ("generatorCores", "generator cores")],
    "idle": [("opened", "connections"), ("rssPerConnectionKiB", "broker RSS KiB / conn"),
             ("brokerRssAfterKiB", "broker RSS after KiB")],
    "retained": [("received", "retained received"), ("retainedSeconds", "delivery s"),
                 ("storeSeconds", "store s")],
}


def kind(result):
    return result["scenario"] if result["scenario"] in ("conn", "idle", "retained") else "flow"


def target(label, key, mode):
    """(description, check(petrel, mosquitto, ratio)) for the figures issue 8 sets a target on."""
    fixed_rate = label.startswith("rate-")
    if fixed_rate and key == "brokerCpuSecondsPerMillion":
        return "ratio <= 0.67", lambda p, m, r: r is not None and r <= 0.67
    if fixed_rate and key == "latencyP99Ms":
        return "ratio <= 1.0", lambda p, m, r: r is not None and r <= 1.0
    if not fixed_rate and key == "deliveredPerSec" and label in ("fanin-q0", "fanin-q1", "fanout-q0", "p2p-q0", "p2p-q1"):
        return ("ratio >= 1.0" if mode == "pinned" else "ratio >= 1.0 (set for pinned)"), \
            lambda p, m, r: r is not None and r >= 1.0
    if key == "connectionsPerSec" and label == "conn":
        return "ratio >= 1.5", lambda p, m, r: r is not None and r >= 1.5
    if key == "rssPerConnectionKiB":
        return "Petrel <= 3 KiB", lambda p, m, r: p is not None and p <= 3.0
    if key == "lost" and ("-q1" in label or "-q2" in label):
        return "Petrel loses 0", lambda p, m, r: p == 0
    return "", None


def fmt(value):
    if value is None:
        return "-"
    if isinstance(value, str):
        return value
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def main():
    path = sys.argv[1]
    mode = sys.argv[2] if len(sys.argv) > 2 else ""
    first, second = sys.argv[3:5] if len(sys.argv) > 4 else ("petrel", "mosquitto")
    with_targets = (first, second) == ("petrel", "mosquitto")
    runs = defaultdict(lambda: defaultdict(list))
    order = []
    with open(path) as lines:
        for line in lines:
            result = json.loads(line)
            label = result["label"]
            if label not in order:
                order.append(label)
            runs[label][result["broker"]].append(result)

    ratio_name = "P/M" if with_targets else f"{first}/{second}"
    print(f"| scenario | figure | {title(first)} | {title(second)} | ratio {ratio_name} | target | met |")
    print("|---|---|---:|---:|---:|---|---|")
    for label in order:
        petrel, mosquitto = runs[label].get(first, []), runs[label].get(second, [])
        sample = (petrel or mosquitto)[0]
        for key, name in FIGURES[kind(sample)]:
            p = median(petrel, key)
            m = median(mosquitto, key)
            ratio = p / m if p is not None and m not in (None, 0) else None
            description, check = target(label, key, mode) if with_targets else ("", None)
            met = "" if check is None else ("yes" if check(p, m, ratio) else "**no**")
            print(f"| {label} | {name} | {fmt(p)} | {fmt(m)} | {fmt(ratio)} | {description} | {met} |")
        print(f"| {label} | limit (runs) | {limits(petrel)} | {limits(mosquitto)} | | | |")
        print(f"| {label} | runs | {len(petrel)} | {len(mosquitto)} | | | |")


def title(broker):
    return {"petrel": "Petrel", "mosquitto": "Mosquitto", "cluster": "Petrel cluster (2 nodes)"}.get(broker, broker)


# Figures computed from others: what a connection costs the broker, whichever side was the limit.
DERIVED = {
    "brokerCpuMsPerThousand": lambda r: r["brokerCores"] / r["connectionsPerSec"] * 1e6
    if r.get("brokerCores") is not None and r.get("connectionsPerSec") else None,
}


def median(results, key):
    values = [DERIVED[key](r) if key in DERIVED else r.get(key) for r in results]
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def limits(results):
    return ", ".join(f"{limit}×{count}" for limit, count in Counter(r["limit"] for r in results).most_common())


if __name__ == "__main__":
    main()
