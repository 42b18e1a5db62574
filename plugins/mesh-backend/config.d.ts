/**
 * Configuration of Meshfleet's mesh backend. Everything Meshfleet reads lives
 * under `meshfleet` (the catalog module's settings follow Backstage's
 * convention, `catalog.providers.meshfleet`). Clusters and their credentials
 * are not configured here: they come from the Kubernetes plugin's
 * `kubernetes.clusterLocatorMethods`. Nothing here is secret.
 */
export interface Config {
  meshfleet?: {
    /** How the mesh backend reads the clusters (discovery of the actual state). */
    discovery?: {
      /**
       * How often every cluster is listed again in full, besides the watches,
       * and the cluster sources (config, catalog, suppliers) are read again
       * (a Backstage duration, e.g. `{ minutes: 5 }`, or an ISO 8601 duration
       * string; default 5 minutes). Also bounds how long a silently broken
       * watch goes unnoticed.
       */
      resyncInterval?: import('@backstage/types').HumanDuration | string;
      /**
       * Which namespaces' Services and injection labels discovery reads.
       * Istio's own objects (istiod, mesh config, webhooks, remote secrets) are
       * always read wherever they are.
       */
      namespaces?: {
        /** Only these namespaces (default: all). */
        include?: string[];
        /** Never these namespaces (default: kube-system, kube-public, kube-node-lease, istio-system; an explicit include wins). */
        exclude?: string[];
      };
    };
    /**
     * The local fleet's simulated Envoy traffic metrics (tools/trafficsim;
     * `fleet env` writes it). Development only; not read by the backend yet.
     */
    trafficsim?: {
      /** Base URL of the simulator's admin API. */
      url: string;
    };
  };
}
