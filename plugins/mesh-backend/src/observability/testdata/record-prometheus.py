#!/usr/bin/env python3
"""Records a real Prometheus' answers to a golden query plan, as test input.

    record-prometheus.py PROMETHEUS_URL plans/topology-namespaces-both.promql recorded/NAME.json

The plan file is one of the golden plans (`# <id>` then the PromQL). Every
query runs as an instant query at the same time; the output maps query id to
Prometheus' `data.result`, plus that time. The assembly tests replay it.

With a `latency-buckets` query, Prometheus' own `histogram_quantile` (p50,
p95, p99) per cluster pair, edge and service over the same bucket rates is
recorded too (`latency-parts`, `latency-edges`, `latency-services`): the
assembly tests check the backend's quantiles against them.
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


# The groupings of topology/plan.ts (LATENCY_PART_LABELS, LATENCY_EDGE_LABELS, LATENCY_SERVICE_LABELS).
CHECK_GROUPINGS = {
    "latency-parts": "source_cluster, source_workload_namespace, source_canonical_service, destination_cluster, "
    "destination_service_namespace, destination_service_name, request_protocol",
    "latency-edges": "source_workload_namespace, source_canonical_service, destination_service_namespace, "
    "destination_service_name, request_protocol",
    "latency-services": "destination_service_namespace, destination_service_name",
}


def quantile_checks(buckets_query):
    """Prometheus' quantiles of the bucket query's series, per grouping (a `quantile` label)."""
    rates = buckets_query[buckets_query.index(") (") + 2:]  # the query's `(union of rates)`
    out = {}
    for qid, labels in CHECK_GROUPINGS.items():
        out[qid] = " or ".join(
            f'label_replace(histogram_quantile({q}, sum by ({labels}, le) {rates}), "quantile", "{q}", "", "")'
            for q in ("0.5", "0.95", "0.99")
        )
    return out


def main():
    url, plan_file, out_file = sys.argv[1:4]
    at = int(time.time())
    recorded = {"time": at, "prometheus": "recorded from the fleet's Prometheus scraping tools/trafficsim", "results": {}}
    plan = queries(plan_file)
    if "latency-buckets" in plan:
        plan.update(quantile_checks(plan["latency-buckets"]))
    for qid, promql in plan.items():
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
