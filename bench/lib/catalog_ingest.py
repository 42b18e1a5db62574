#!/usr/bin/env python3
"""Helpers of bench/catalog-ingest, and the load, catalog and audit-log parts of
bench/scale (bench/lib/scale.py); standard library only.

Subcommands:
  manifest CLUSTER SERVICES DEPLOYMENTS NAMESPACES [PREFIX BENCH]   YAML of the load of one cluster
  clusters-config ENV_JSON N SERVERS                Kubernetes-plugin config: N logical clusters
                                                    ingest-01..N on the servers (ingest_layout)
  istiod [NAMESPACE [BENCH]]                        YAML of an istiod-shaped Deployment
  wait-full BASE TOKEN CLUSTERS T0                  polls until every expected entity is in the catalog
  wait-role BASE TOKEN CLUSTER ROLE T0              polls until a cluster entity shows a role
  audit-resync FLEET_DIR SINCE CLUSTER...           discovery requests per full resync, per cluster
  audit-window FLEET_DIR FROM TO CLUSTER...         Kubernetes-plugin requests in a time window
TOKEN `-`: the environment's BENCH_TOKEN. Times are Unix seconds (float).
Output: human lines on stderr, a result on stdout.
"""
import json
import os
import sys
import time
import urllib.error
import urllib.request
from datetime import datetime

BENCH_LABEL = 'bench: catalog-ingest'
# The identity the bench's backend reads the clusters with: the one Meshfleet's discovery
# and the Kubernetes plugin both use (`fleet env`), or the bench's own service account
# (BENCH_AUDIT_USER), which no other backend on the machine uses.
MESHFLEET_USER = os.environ.get('BENCH_AUDIT_USER', 'system:serviceaccount:meshfleet-system:meshfleet')
KUBERNETES_ID = 'backstage.io/kubernetes-id'
# Both clients are @kubernetes/client-node / node-fetch 2: same user agent, so the
# Kubernetes plugin's requests are told apart by its label selector (below).
PLUGIN_MARK = 'labelSelector=backstage.io%2Fkubernetes-id'


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- load

def manifest(cluster, services, deployments, namespaces, prefix='bench-ingest', bench='catalog-ingest'):
    """Namespaces <prefix>-1..N (labelled bench=<bench>; bench/scale passes its own);
    services spread over them; the first
    `deployments` services get a Deployment (replicas 1) their selector matches.
    Service 0001 of every cluster carries backstage.io/kubernetes-id=bench-ingest-app
    so the Kubernetes plugin's view of the bench Component finds something."""
    docs = []
    for n in range(1, namespaces + 1):
        docs.append({'apiVersion': 'v1', 'kind': 'Namespace',
                     'metadata': {'name': f'{prefix}-{n}', 'labels': {'bench': bench}}})
    for i in range(1, services + 1):
        ns = f'{prefix}-{(i - 1) % namespaces + 1}'
        name = f'svc-{i:04d}'
        labels = {'app': name, 'bench': bench}
        if i == 1:
            labels[KUBERNETES_ID] = 'bench-ingest-app'
        docs.append({'apiVersion': 'v1', 'kind': 'Service',
                     'metadata': {'name': name, 'namespace': ns, 'labels': labels},
                     'spec': {'selector': {'app': name},
                              'ports': [{'name': 'http', 'port': 80, 'targetPort': 8080, 'protocol': 'TCP'}]}})
        if i <= deployments:
            docs.append({'apiVersion': 'apps/v1', 'kind': 'Deployment',
                         'metadata': {'name': name, 'namespace': ns, 'labels': labels},
                         'spec': {'replicas': 1, 'selector': {'matchLabels': {'app': name}},
                                  'template': {'metadata': {'labels': labels},
                                               'spec': {'containers': [{
                                                   'name': 'app', 'image': 'registry.invalid/bench/app:1',
                                                   'ports': [{'containerPort': 8080}]}]}}}})
    # JSON is YAML; kubectl takes a List.
    print(json.dumps({'apiVersion': 'v1', 'kind': 'List', 'items': docs}))


def istiod(namespace='bench-ingest-1', bench='catalog-ingest'):
    """An istiod-shaped Deployment (label app=istiod, container `discovery`, pilot
    image) with 0 replicas: discovery reads Deployments, so the cluster becomes a
    control plane; no pod, so the fleet's istiod runtime starts nothing."""
    print(json.dumps({
        'apiVersion': 'apps/v1', 'kind': 'Deployment',
        'metadata': {'name': 'istiod', 'namespace': namespace,
                     'labels': {'app': 'istiod', 'istio': 'pilot', 'bench': bench}},
        'spec': {'replicas': 0, 'selector': {'matchLabels': {'app': 'istiod'}},
                 'template': {'metadata': {'labels': {'app': 'istiod', 'istio': 'pilot'}},
                              'spec': {'containers': [{'name': 'discovery',
                                                       'image': 'docker.io/istio/pilot:1.28.0'}]}}}}))


# ---------------------------------------------------------------- logical clusters

def locator_config(env_json, assignments):
    """The Kubernetes plugin's `config` cluster locator: one entry per (NAME, SERVER)
    in `assignments`, a cluster name of its own at one of the fleet's API servers
    (URL, token, CA and options as `fleet env --format json` gives them)."""
    with open(env_json) as fh:
        env = {c['name']: c for c in json.load(fh)['clusters']}
    clusters = []
    for name, server in assignments:
        c = env[server]
        clusters.append({'name': name, 'url': c['url'], 'authProvider': 'serviceAccount',
                         'serviceAccountToken': c['serviceAccountToken'], 'caData': c['caData'],
                         'skipMetricsLookup': True})
    return {'kubernetes': {'serviceLocatorMethod': {'type': 'multiTenant'},
                           'clusterLocatorMethods': [{'type': 'config', 'clusters': clusters}]}}


def ingest_layout(n, servers):
    """bench/catalog-ingest's logical clusters ingest-01..N: the last (the delta
    cluster, which gets an istiod during the run) alone on servers[0], the one before
    it (the mesh cluster, whose istiod exists from the start) alone on servers[1],
    the others spread over the remaining servers. Alone, so that an istiod at a server
    makes one logical cluster a control plane, and that server's audit log counts
    one cluster's requests."""
    if len(servers) < 3:
        raise SystemExit('catalog-ingest needs at least 3 servers (BENCH_SERVERS)')
    names = [f'ingest-{i:02d}' for i in range(1, n + 1)]
    rest = servers[2:]
    layout = [(name, rest[i % len(rest)]) for i, name in enumerate(names[:-2])]
    return layout + [(names[-2], servers[1]), (names[-1], servers[0])]


def clusters_config(env_json, n, servers_csv):
    print(json.dumps(locator_config(env_json, ingest_layout(int(n), servers_csv.split(',')))))


# ---------------------------------------------------------------- catalog

def get_json(base, path, token):
    """GET a backend JSON path. TOKEN `-` is the environment's BENCH_TOKEN (the benches'
    static token: kept off command lines, which `ps` shows)."""
    if token == '-':
        token = os.environ['BENCH_TOKEN']
    req = urllib.request.Request(base + path, headers={'Authorization': f'Bearer {token}'})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.load(resp)


def catalog_resources(base, token, spec_type):
    out, cursor = [], None
    while True:
        q = (f'/api/catalog/entities/by-query?filter=kind=resource,spec.type={spec_type}'
             '&fields=metadata.name,metadata.annotations&limit=500')
        if cursor:
            q = f'/api/catalog/entities/by-query?cursor={urllib.request.quote(cursor)}'
        page = get_json(base, q, token)
        out.extend(page.get('items', []))
        cursor = page.get('pageInfo', {}).get('nextCursor')
        if not cursor:
            return out


def full_state(base, token, expected_clusters, mesh_cluster=None, mesh_services=0):
    """What "every expected entity" means here, checked against the mesh API:
    - /api/mesh/clusters lists every configured cluster as reachable with a Kubernetes
      version: discovery finished listing all 8 resource types there (Services
      included: a cluster turns reachable only after all its lists applied);
    - the catalog has one kubernetes-cluster Resource per cluster, reachable, whose
      cluster-role equals the mesh API's istioRole;
    - the catalog has one service-mesh Resource per mesh the mesh API reports
      (meshes exist only where an istiod runs), and the bench's own mesh (an
      istiod-shaped Deployment in `mesh_cluster`) is among them with at least
      `mesh_services` services: the services reached the model."""
    clusters = get_json(base, '/api/mesh/clusters', token)
    clusters = clusters.get('items', clusters) if isinstance(clusters, dict) else clusters
    meshes = get_json(base, '/api/mesh/meshes', token)
    meshes = meshes.get('items', meshes) if isinstance(meshes, dict) else meshes
    reachable = {c['name']: c for c in clusters
                 if c.get('reachability') == 'reachable' and c.get('kubernetesVersion')}
    ents = catalog_resources(base, token, 'kubernetes-cluster')
    by_cluster = {}
    for e in ents:
        a = e.get('metadata', {}).get('annotations', {})
        by_cluster[a.get('meshfleet.io/cluster-name')] = a
    ok_entities = [n for n in expected_clusters
                   if n in reachable and n in by_cluster
                   and by_cluster[n].get('meshfleet.io/reachability') == 'reachable'
                   and by_cluster[n].get('meshfleet.io/cluster-role') == reachable[n].get('istioRole')]
    mesh_ents = catalog_resources(base, token, 'service-mesh')
    mesh_ids = {m['id'] for m in meshes}
    ent_ids = {e['metadata'].get('annotations', {}).get('meshfleet.io/mesh-id') for e in mesh_ents}
    bench_mesh = next((m for m in meshes if m.get('controlPlaneCluster') == mesh_cluster), None)
    bench_mesh_ok = mesh_cluster is None or (
        bench_mesh is not None and bench_mesh.get('serviceCount', 0) >= mesh_services
        and bench_mesh['id'] in ent_ids)
    return {
        'reachable': sum(1 for n in expected_clusters if n in reachable),
        'cluster_entities': len(ok_entities),
        'meshes': len(mesh_ids),
        'mesh_entities': len(mesh_ids & ent_ids),
        'bench_mesh_services': bench_mesh.get('serviceCount') if bench_mesh else None,
        'done': len(ok_entities) == len(expected_clusters) and mesh_ids <= ent_ids and bench_mesh_ok,
    }


def wait_full(base, token, clusters_csv, t0, mesh_cluster=None, mesh_services='0', timeout=600):
    expected = clusters_csv.split(',')
    t0 = float(t0)
    first = {}
    last = None
    log(f'  {time.time() - t0:6.1f}s polling the mesh API and the catalog')
    while time.time() - t0 < timeout:
        try:
            st = full_state(base, token, expected, mesh_cluster, int(mesh_services))
        except (urllib.error.URLError, OSError, ValueError, KeyError) as e:
            st = {'error': str(e)[:120]}
        now = time.time() - t0
        for k in ('reachable', 'cluster_entities'):
            if st.get(k) == len(expected) and k not in first:
                first[k] = now
                log(f'  {now:6.1f}s all {len(expected)} {k.replace("_", " ")}')
        if st != last:
            log(f'  {now:6.1f}s {st}')
            last = st
        if st.get('done'):
            print(json.dumps({'full_s': round(now, 1), 'mesh_api_all_reachable_s': round(first.get('reachable', now), 1), **st}))
            return
        time.sleep(0.25)
    print(json.dumps({'full_s': None, **(last or {})}))
    sys.exit(1)


def wait_role(base, token, cluster, role, t0, timeout=300):
    """Until the cluster's entity has the role; also notes when the mesh API shows it
    and (for control-plane) when a service-mesh entity names it as control plane."""
    t0 = float(t0)
    api_s = mesh_s = role_s = None
    while time.time() - t0 < timeout:
        if role == 'control-plane' and mesh_s is None:
            try:
                for e in catalog_resources(base, token, 'service-mesh'):
                    if e['metadata'].get('annotations', {}).get('meshfleet.io/control-plane-cluster') == cluster:
                        mesh_s = time.time() - t0
                        log(f'  {mesh_s:6.2f}s catalog has mesh entity {e["metadata"]["name"]}')
            except (urllib.error.URLError, OSError, ValueError, KeyError) as e:
                log(f'  poll failed: {e}')
        try:
            if api_s is None:
                clusters = get_json(base, '/api/mesh/clusters', token)
                clusters = clusters.get('items', clusters) if isinstance(clusters, dict) else clusters
                if any(c['name'] == cluster and c.get('istioRole') == role for c in clusters):
                    api_s = time.time() - t0
                    log(f'  {api_s:6.2f}s mesh API shows {cluster} as {role}')
            for e in catalog_resources(base, token, 'kubernetes-cluster'):
                a = e['metadata'].get('annotations', {})
                if a.get('meshfleet.io/cluster-name') == cluster and a.get('meshfleet.io/cluster-role') == role:
                    if role_s is None:
                        role_s = time.time() - t0
                        log(f'  {role_s:6.2f}s catalog entity of {cluster} has cluster-role {role}')
                    if role == 'control-plane' and mesh_s is None:
                        break  # report both: keep polling for the mesh entity
                    print(json.dumps({'delta_s': round(role_s, 2), 'mesh_api_s': round(api_s or role_s, 2),
                                      'mesh_entity_s': round(mesh_s, 2) if mesh_s else None}))
                    return
        except (urllib.error.URLError, OSError, ValueError, KeyError) as e:
            log(f'  poll failed: {e}')
        time.sleep(0.1)
    print(json.dumps({'delta_s': None}))
    sys.exit(1)


# ---------------------------------------------------------------- audit

def ts(value):
    return datetime.fromisoformat(value.replace('Z', '+00:00')).timestamp()


def audit_entries(fleet_dir, cluster, since):
    """Meshfleet-user requests (one per auditID) received at or after `since`."""
    seen = {}
    logs = os.path.join(fleet_dir, 'clusters', cluster, 'logs')
    # audit.log and its rotated backup (audit-<timestamp>.log)
    files = [os.path.join(logs, f) for f in os.listdir(logs)
             if f.startswith('audit') and f.endswith('.log')]
    for f in sorted(files):
        with open(f, errors='replace') as fh:
            for line in fh:
                if MESHFLEET_USER not in line:
                    continue
                try:
                    e = json.loads(line)
                except ValueError:
                    continue
                if e.get('user', {}).get('username') != MESHFLEET_USER:
                    continue
                t = ts(e['requestReceivedTimestamp'])
                if t >= since:
                    seen[e['auditID']] = (t, e.get('verb'), e.get('requestURI', ''), e.get('userAgent', ''))
    return sorted(seen.values())


def is_plugin(uri):
    return PLUGIN_MARK in uri or 'labelSelector=backstage.io/kubernetes-id' in uri


def audit_resync(fleet_dir, since, *clusters):
    """Per cluster: discovery's requests between two consecutive relists (each relist
    starts with GET /version), i.e. one full resync in steady state: the second
    complete interval after `since` (the first is the start-up list)."""
    since = float(since)
    per_cluster, startup = {}, {}
    for c in clusters:
        reqs = [r for r in audit_entries(fleet_dir, c, since) if not is_plugin(r[2])]
        starts = [r[0] for r in reqs if r[2].startswith('/version')]
        if len(starts) < 3:
            log(f'  {c}: only {len(starts)} relists seen since backend start')
            continue
        startup[c] = sum(1 for r in reqs if starts[0] <= r[0] < starts[1])
        window = [r for r in reqs if starts[1] <= r[0] < starts[2]]
        per_cluster[c] = len(window)
        if c == clusters[-1]:
            kinds = {}
            for r in window:
                key = f"{r[1]} {r[2].split('?')[0]}"
                kinds[key] = kinds.get(key, 0) + 1
            log(f'  {c}: one resync = ' + ', '.join(f'{v}x {k}' for k, v in sorted(kinds.items())))
    if not per_cluster:
        print(json.dumps({'requests_per_cluster': None}))
        sys.exit(1)
    values = sorted(per_cluster.values())
    log(f'  per cluster (steady-state resync): min {values[0]} median {values[len(values) // 2]} max {values[-1]} over {len(values)} audited clusters')
    log(f'  per cluster (first list at start, incl. watches opened): {sorted(startup.values())}')
    print(json.dumps({'requests_per_cluster': values[len(values) // 2], 'clusters': len(values),
                      'min': values[0], 'max': values[-1]}))


def audit_window(fleet_dir, t_from, t_to, *clusters):
    t_from, t_to = float(t_from), float(t_to)
    plugin, other, per = 0, 0, {}
    kinds = {}
    for c in clusters:
        reqs = [r for r in audit_entries(fleet_dir, c, t_from) if r[0] <= t_to]
        p = [r for r in reqs if is_plugin(r[2])]
        per[c] = len(p)
        plugin += len(p)
        other += len(reqs) - len(p)
        for r in p:
            key = f"{r[1]} {r[2].split('?')[0]}"
            kinds[key] = kinds.get(key, 0) + 1
    log(f'  Kubernetes plugin requests by path (all audited clusters): ' +
        ', '.join(f'{v}x {k}' for k, v in sorted(kinds.items())))
    log(f'  per cluster: {sorted(set(per.values()))}; other Meshfleet-user requests in the window (discovery): {other}')
    print(json.dumps({'plugin_requests': plugin, 'clusters': len(clusters),
                      'per_cluster': sorted(per.values())[len(per) // 2] if per else 0, 'other': other}))


if __name__ == '__main__':
    cmd, args = sys.argv[1], sys.argv[2:]
    {
        'manifest': lambda: manifest(args[0], int(args[1]), int(args[2]), int(args[3]), *args[4:6]),
        'istiod': lambda: istiod(*args),
        'clusters-config': lambda: clusters_config(*args),
        'wait-full': lambda: wait_full(*args),
        'wait-role': lambda: wait_role(*args),
        'audit-resync': lambda: audit_resync(*args),
        'audit-window': lambda: audit_window(*args),
    }[cmd]()
