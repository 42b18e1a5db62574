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
     * The `helm` binary mesh operations install Istio's charts with (`fleet env`
     * writes the local fleet's).
     */
    helm?: {
      /** Path of the binary, or a name looked up on PATH (default `helm`). */
      binary?: string;
      /** Helm's `--timeout` (a Backstage duration or ISO 8601 string; default 5 minutes). */
      timeout?: import('@backstage/types').HumanDuration | string;
    };
    /** Istio's charts and images for the meshes Meshfleet installs. */
    istio?: {
      /** Where the charts `base`, `istiod` and `gateway` come from: set one of the two. */
      charts?: {
        /** A local folder with one folder per Istio version: `<directory>/<version>/{base,istiod,gateway}`. */
        directory?: string;
        /** A Helm chart repository URL (`helm … --repo <url> --version <version>`), e.g. https://istio-release.storage.googleapis.com/charts. */
        repository?: string;
      };
      /** `global.hub` of the installs (default: the charts' own). */
      hub?: string;
      /** The Istio version of a mesh created without one (default: the first of `versions`). */
      defaultVersion?: string;
      /** Images per Istio version: `global.hub` (default `hub`) and `global.tag` (default the version). */
      versions?: Array<{
        version: string;
        hub?: string;
        tag?: string;
      }>;
    };
    /** The certificates of the meshes Meshfleet creates (Istio's plug-in CA). */
    trust?: {
      /** Lifetime of a mesh's root CA (default 10 years). */
      rootLifetime?: import('@backstage/types').HumanDuration | string;
      /** Lifetime of a cluster's intermediate CA, the `cacerts` istiod signs with (default 1 year). */
      intermediateLifetime?: import('@backstage/types').HumanDuration | string;
    };
    /** Mesh operations' steps. */
    lifecycle?: {
      /** How long a step waits for istiod to be Ready, an address, a member to be listed (default 5 minutes). */
      waitTimeout?: import('@backstage/types').HumanDuration | string;
    };
    /** The mesh operations runner of each backend replica. */
    operations?: {
      /**
       * How long a replica's claim on an operation holds without a heartbeat
       * (default 30 seconds; renewed every third of it). When a replica dies,
       * another resumes its operations after this.
       */
      leaseDuration?: import('@backstage/types').HumanDuration | string;
      /** At most this many operations run at once on one replica (default 2). */
      concurrency?: number;
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
