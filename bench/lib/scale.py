#!/usr/bin/env python3
"""Helpers of bench/scale (standard library only). The load, the catalog and
mesh API reads and the audit-log parsing are bench/lib/catalog_ingest.py's;
this adds what logical clusters need. TOKEN `-`: the environment's BENCH_TOKEN.

Subcommands:
  clusters-config ENV_JSON N SERVERS        Kubernetes-plugin config: N logical clusters on the servers
  aliases N SERVERS                         SERVER=COUNT: how many logical clusters read each server
  wait-full BASE TOKEN N SERVICES T0        polls until N clusters and N*SERVICES services are in
  wait-network BASE TOKEN CLUSTER VALUE T0  polls until a cluster's network is VALUE (API, then catalog)
  audit-shared FLEET_DIR FROM TO SERVER=ALIASES...   discovery requests per logical cluster in a window
  audit-write FLEET_DIR SERVER SINCE PATH            when the API server received a write of PATH
  audit-first FLEET_DIR SINCE SERVER...              when the bench's backend sent its first request
Times are Unix seconds (float). Output: human lines on stderr, a result on stdout.
"""
import json
import os
import sys
import time
import urllib.error
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import catalog_ingest as ci  # noqa: E402

PREFIX = 'scale'
NETWORK_ANNOTATION = 'meshfleet.io/network'
CLUSTER_NAME_ANNOTATION = 'meshfleet.io/cluster-name'


def log(msg):
    ci.log(msg)


def logical_names(n):
    return [f'{PREFIX}-{i:03d}' for i in range(1, int(n) + 1)]


def server_of(index, servers):
    """Logical cluster 1 alone reads servers[0], so that a change there is a change in
    exactly one cluster (delta) and that server's audit log counts one cluster's
    requests; the others are spread over the remaining servers."""
    if index == 1 or len(servers) == 1:
        return servers[0]
    return servers[1 + (index - 2) % (len(servers) - 1)]


def clusters_config(env_json, n, servers_csv):
    """The Kubernetes plugin's `config` cluster locator with N logical clusters."""
    servers = servers_csv.split(',')
    names = logical_names(n)
    print(json.dumps(ci.locator_config(env_json, [(name, server_of(i, servers))
                                                  for i, name in enumerate(names, start=1)])))


def aliases(n, servers_csv):
    """How many logical clusters read each server, as SERVER=COUNT words."""
    servers = servers_csv.split(',')
    counts = {s: 0 for s in servers}
    for i in range(1, int(n) + 1):
        counts[server_of(i, servers)] += 1
    print(' '.join(f'{s}={c}' for s, c in counts.items()))


def api_state(base, token, expected, services_wanted):
    """What the mesh API says: how many of the expected clusters are read (reachable
    with a Kubernetes version: every list applied) and how many services the meshes
    they control hold (each logical cluster is the control plane of one mesh: the
    bench's istiod-shaped Deployment)."""
    clusters = ci.get_json(base, '/api/mesh/clusters', token)
    wanted = set(expected)
    reachable = sum(1 for c in clusters if c['name'] in wanted
                    and c.get('reachability') == 'reachable' and c.get('kubernetesVersion'))
    meshes = ci.get_json(base, '/api/mesh/meshes', token)
    services = sum(m.get('serviceCount', 0) for m in meshes if m.get('controlPlaneCluster') in wanted)
    return {'reachable': reachable, 'services': services,
            'api_done': reachable == len(expected) and services >= services_wanted}


def wait_full(base, token, n, services_per_cluster, t0, timeout=900):
    """Until the mesh API has every cluster read and every service, then until the
    catalog also holds every cluster and mesh entity (catalog_ingest.full_state).
    The catalog is read only once the API is done, so polling it does not slow
    the first read down."""
    expected = logical_names(n)
    services_wanted = int(n) * int(services_per_cluster)
    t0 = float(t0)
    api_s, last = None, None
    while time.time() - t0 < timeout:
        try:
            st = api_state(base, token, expected, services_wanted)
            if st['api_done']:
                st.update(ci.full_state(base, token, expected))
        except (urllib.error.URLError, OSError, ValueError, KeyError) as e:
            st = {'error': str(e)[:120]}
        now = time.time() - t0
        if st.get('api_done') and api_s is None:
            api_s = now
            log(f'  {now:6.1f}s mesh API: all {len(expected)} clusters read, {st["services"]} services')
        if st != last:
            log(f'  {now:6.1f}s {st}')
            last = st
        if st.get('done'):
            print(json.dumps({'full_s': round(now, 1), 'api_s': round(api_s, 1), **st}))
            return
        time.sleep(0.5)
    print(json.dumps({'full_s': None, **(last or {})}))
    sys.exit(1)


def cluster_entity(base, token, cluster):
    q = ('/api/catalog/entities/by-query?filter=kind=resource,spec.type=kubernetes-cluster,'
         f'metadata.annotations.{CLUSTER_NAME_ANNOTATION}={urllib.parse.quote(cluster)}'
         '&fields=metadata.annotations')
    items = ci.get_json(base, q, token).get('items', [])
    return items[0] if items else None


def wait_network(base, token, cluster, value, t0, timeout=300):
    """Until the mesh API, then the catalog entity, show the cluster's network as VALUE."""
    t0 = float(t0)
    api_s = None
    while time.time() - t0 < timeout:
        try:
            if api_s is None:
                views = ci.get_json(base, '/api/mesh/clusters', token)
                if any(c['name'] == cluster and c.get('network') == value for c in views):
                    api_s = time.time() - t0
                    log(f'  {api_s:6.2f}s mesh API shows {cluster} on network {value}')
            entity = cluster_entity(base, token, cluster)
            annotations = (entity or {}).get('metadata', {}).get('annotations', {})
            if annotations.get(NETWORK_ANNOTATION) == value:
                catalog_s = time.time() - t0
                log(f'  {catalog_s:6.2f}s catalog entity of {cluster} has {NETWORK_ANNOTATION}={value}')
                print(json.dumps({'delta_s': round(catalog_s, 2), 'api_s': round(api_s or catalog_s, 2),
                                  'catalog_at': round(t0 + catalog_s, 3), 'api_at': round(t0 + (api_s or catalog_s), 3)}))
                return
        except (urllib.error.URLError, OSError, ValueError, KeyError) as e:
            log(f'  poll failed: {e}')
        time.sleep(0.1)
    print(json.dumps({'delta_s': None}))
    sys.exit(1)


def audit_shared(fleet_dir, t_from, t_to, *server_aliases):
    """Meshfleet-user requests per logical cluster in [FROM, TO) at servers read under
    several names: the server's count divided by its names. Over one resync interval
    this is one resync's requests per cluster (each cluster relists once in it, give
    or take the interval's jitter)."""
    t_from, t_to = float(t_from), float(t_to)
    per = {}
    for word in server_aliases:
        server, count = word.split('=')
        if int(count) == 0:
            continue
        reqs = [r for r in ci.audit_entries(fleet_dir, server, t_from) if r[0] < t_to and not ci.is_plugin(r[2])]
        per[server] = {'requests': len(reqs), 'clusters': int(count),
                       'per_cluster': round(len(reqs) / int(count), 1)}
    log(f'  requests in {t_to - t_from:.0f} s by server: {per}')
    total = sum(p['requests'] for p in per.values())
    names = sum(p['clusters'] for p in per.values())
    print(json.dumps({'per_cluster': round(total / names, 1) if names else None, 'servers': per}))


def audit_first(fleet_dir, since, *servers):
    """When the first of the servers received the bench's backend's first request
    since SINCE (the audit logs' BENCH_AUDIT_USER): when discovery started reading."""
    since = float(since)
    firsts = [reqs[0][0] for reqs in (ci.audit_entries(fleet_dir, s, since) for s in servers) if reqs]
    if not firsts:
        print(json.dumps({'first_at': None}))
        sys.exit(1)
    print(json.dumps({'first_at': round(min(firsts), 3)}))


def audit_write(fleet_dir, server, since, path):
    """When the API server received the first write (create, update, patch) of PATH
    (a request URI without its query) since SINCE, by any user: the moment a change
    exists in the cluster, without the start of the client that made it."""
    since = float(since)
    logs = os.path.join(fleet_dir, 'clusters', server, 'logs')
    found = None
    for name in sorted(os.listdir(logs)):
        if not (name.startswith('audit') and name.endswith('.log')):
            continue
        with open(os.path.join(logs, name), errors='replace') as fh:
            for line in fh:
                if path not in line:
                    continue
                try:
                    e = json.loads(line)
                except ValueError:
                    continue
                if e.get('verb') not in ('create', 'update', 'patch') or e.get('requestURI', '').split('?')[0] != path:
                    continue
                t = ci.ts(e['requestReceivedTimestamp'])
                if t >= since and (found is None or t < found):
                    found = t
    if found is None:
        print(json.dumps({'received_at': None}))
        sys.exit(1)
    print(json.dumps({'received_at': round(found, 3)}))


if __name__ == '__main__':
    cmd, args = sys.argv[1], sys.argv[2:]
    {
        'clusters-config': lambda: clusters_config(*args),
        'aliases': lambda: aliases(*args),
        'wait-full': lambda: wait_full(*args),
        'wait-network': lambda: wait_network(*args),
        'audit-shared': lambda: audit_shared(*args),
        'audit-write': lambda: audit_write(*args),
        'audit-first': lambda: audit_first(*args),
    }[cmd]()
