/**
 * Configuration of Meshfleet's cluster discovery. Clusters and their credentials
 * come from the Kubernetes plugin's `kubernetes.clusterLocatorMethods`; nothing here
 * is secret.
 */
export interface Config {
  meshfleet?: {
    discovery?: {
      /**
       * How often every cluster is listed again in full, besides the watches
       * (a Backstage duration, e.g. `{ minutes: 5 }`, or an ISO 8601 duration
       * string). Also bounds how long a silently broken watch goes unnoticed.
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
  };
}
