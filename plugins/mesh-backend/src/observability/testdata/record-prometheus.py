#!/usr/bin/env python3
"""Records a real Prometheus' answers to a golden query plan, as test input.

    record-prometheus.py PROMETHEUS_URL plans/topology-namespaces-both.promql recorded/NAME.json

The plan file is one of the golden plans (`# <id>` then the PromQL). Every
query runs as an instant query at the same time; the output maps query id to
Prometheus' `data.result`, plus that time. The assembly tests replay it.
"""
import json
import sys
import time
import urllib.parse
import urllib.request


def queries(plan_file):
    current, out = None, {}
    for line in open(plan_file, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("# "):
            current = line[2:].strip()
        elif line.strip() and current:
            out[current] = line
    return out


def main():
    url, plan_file, out_file = sys.argv[1:4]
    at = int(time.time())
    recorded = {"time": at, "prometheus": "recorded from the fleet's Prometheus scraping tools/trafficsim", "results": {}}
    for qid, promql in queries(plan_file).items():
        body = urllib.parse.urlencode({"query": promql, "time": at}).encode()
        with urllib.request.urlopen(f"{url}/api/v1/query", data=body, timeout=30) as resp:
            doc = json.load(resp)
        if doc.get("status") != "success":
            sys.exit(f"{qid}: {doc}")
        result = sorted(doc["data"]["result"], key=lambda s: json.dumps(s["metric"], sort_keys=True))
        recorded["results"][qid] = result
        print(f"{qid}: {len(result)} series", file=sys.stderr)
    with open(out_file, "w", encoding="utf-8") as f:
        json.dump(recorded, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
