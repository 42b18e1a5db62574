#!/usr/bin/env python3
"""Helper of bench/topology: writes the simulated mesh as a trafficsim graph file.

Deterministic (fixed seed): 50 namespaces x 20 services = 1,000 services over
the clusters bench-c1..bench-c5, and 5,000 edges (each service calls 5 others,
mostly in its own namespace), as one workload per (service, cluster).

- A namespace lives in one home cluster (namespace i in bench-c((i-1)%5+1)).
- Every fifth service also runs in the next cluster, so those services are one
  graph node with parts in two clusters (the merge across clusters).
- A call goes to the target's workload in the caller's cluster when there is
  one, else to its home cluster: calls between namespaces of different clusters
  cross clusters.
- Protocols: 60 % http, 25 % grpc, 15 % tcp; a few edges answer errors.

Usage: topology_graph.py OUT.json  (JSON is a valid trafficsim graph file).
"""
import json
import random
import sys

NAMESPACES = 50
SERVICES_PER_NAMESPACE = 20
CLUSTERS = 5
CALLS_PER_SERVICE = 5
SAME_NAMESPACE_CALLS = 4


def cluster_name(index):
    return f"bench-c{index % CLUSTERS + 1}"


def build():
    rng = random.Random(20261210)
    services = []  # (namespace, name, [clusters])
    for n in range(NAMESPACES):
        namespace = f"bench-ns-{n + 1:02d}"
        for s in range(SERVICES_PER_NAMESPACE):
            clusters = [cluster_name(n)]
            if s % 5 == 0:
                clusters.append(cluster_name(n + 1))
            services.append((namespace, f"svc-{s + 1:02d}", clusters))

    workloads = []
    workload_of = {}
    for namespace, name, clusters in services:
        for cluster in clusters:
            wid = f"{cluster}-{namespace}-{name}"
            workload_of[(namespace, name, cluster)] = wid
            workloads.append({
                "id": wid, "cluster": cluster, "namespace": namespace,
                "name": f"{name}-v1", "app": name, "version": "v1",
                "service": name, "serviceAccount": name,
            })

    by_namespace = {}
    for svc in services:
        by_namespace.setdefault(svc[0], []).append(svc)

    edges = []
    for namespace, name, clusters in services:
        local = [t for t in by_namespace[namespace] if t[1] != name]
        others = [t for t in services if t[0] != namespace]
        targets = rng.sample(local, SAME_NAMESPACE_CALLS) + rng.sample(others, CALLS_PER_SERVICE - SAME_NAMESPACE_CALLS)
        source_cluster = clusters[0]
        source = workload_of[(namespace, name, source_cluster)]
        for t_namespace, t_name, t_clusters in targets:
            t_cluster = source_cluster if source_cluster in t_clusters else t_clusters[0]
            roll = rng.random()
            protocol = "http" if roll < 0.60 else "grpc" if roll < 0.85 else "tcp"
            edge = {
                "id": f"{namespace}.{name}--{t_namespace}.{t_name}",
                "from": source,
                "to": workload_of[(t_namespace, t_name, t_cluster)],
                "protocol": protocol,
                "rps": round(rng.uniform(0.5, 5), 2),
            }
            if protocol != "tcp":
                if rng.random() < 0.05:
                    edge["errorRatio"] = round(rng.uniform(0.02, 0.2), 3)
                p50 = rng.choice([5, 10, 20, 40])
                edge["latency"] = {"p50Ms": p50, "p99Ms": p50 * 6}
            edges.append(edge)
    return {"trustDomain": "cluster.local", "workloads": workloads, "edges": edges}


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: topology_graph.py OUT.json")
    graph = build()
    with open(sys.argv[1], "w", encoding="utf-8") as out:
        json.dump(graph, out)
    print(f"topology_graph: {len(graph['workloads'])} workloads, {len(graph['edges'])} edges", file=sys.stderr)


if __name__ == "__main__":
    main()
