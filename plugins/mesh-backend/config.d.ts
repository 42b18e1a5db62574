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
        /**
         * Never these namespaces. Replaces the default list (kube-system,
         * kube-public, kube-node-lease, istio-system): list those again to
         * keep skipping them. With `include`, only these are taken out of it.
         */
        exclude?: string[];
      };
      /**
       * How many clusters are read in full (version and every list) at once,
       * across all clusters (default 10). Bounds the memory and CPU of the
       * first read and of resyncs when there are hundreds of clusters.
       */
      concurrency?: number;
      /**
       * Requests per second discovery sends to one cluster on average: lists,
       * `/version` and each watch it opens (default 10). Clusters configured
       * under several names at one API server are paced per name.
       */
      requestsPerSecond?: number;
      /**
       * Requests that may go to one cluster at once before the rate applies
       * (default 20: a cluster's whole first read, 9 requests and 8 watches).
       */
      burst?: number;
      /**
       * With several replicas on one database, one holds a lease and reads the
       * clusters; when it dies, another takes over within this duration
       * (default 15 seconds). The holder renews it every third of it.
       */
      leaseDuration?: import('@backstage/types').HumanDuration | string;
      /**
       * How often a replica that does not hold the lease tries to take it and
       * checks the shared snapshot for changes (default 1 second; at most a
       * third of `leaseDuration`). It also checks before answering a request.
       */
      pollInterval?: import('@backstage/types').HumanDuration | string;
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
