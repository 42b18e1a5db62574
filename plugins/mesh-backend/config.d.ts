// Observability (README "Observability"): Prometheus and Grafana per mesh,
// health thresholds, limits.

/** How the backend reaches a Prometheus (never the browser). */
interface MeshfleetPrometheusConfig {
  /** Base URL, e.g. http://prometheus:9090 (`tools/fleet/fleet env` writes the fleet's). */
  url: string;
  /** Per-query deadline (a Backstage duration or e.g. '10s'); default 10 s. */
  timeout?: import('@backstage/types').HumanDuration | string;
  /** Prometheus' scrape interval, for `$__rate_interval` and chart steps; default 15 s. */
  scrapeInterval?: import('@backstage/types').HumanDuration | string;
  /**
   * Bearer token sent as `Authorization: Bearer …`.
   * @visibility secret
   */
  bearerToken?: string;
  /** Basic authentication (ignored when bearerToken is set). */
  basicAuth?: {
    username: string;
    /** @visibility secret */
    password: string;
  };
  /** PEM (or base64 of PEM) of the CA that signs Prometheus' certificate. */
  caData?: string;
}

/** A Grafana with Istio's dashboards, and/or a directory of dashboard JSON. */
interface MeshfleetGrafanaConfig {
  /** Grafana's URL as the browser reaches it (embeds, links); also what the backend calls. */
  url?: string;
  /**
   * Service-account token the backend uses for /api/search and /api/dashboards (Viewer is enough).
   * @visibility secret
   */
  token?: string;
  /** PEM (or base64 of PEM) of the CA that signs Grafana's certificate. */
  caData?: string;
  /** Per-request deadline; default 10 s. */
  timeout?: import('@backstage/types').HumanDuration | string;
  /** Grafana organisation for links; default 1. */
  orgId?: number;
  /** Directory of dashboard JSON files (Istio's), used when Grafana has no dashboard with the title. */
  dashboardsDirectory?: string;
  /** Titles the dashboards are found by (defaults: Istio's). */
  dashboards?: { service?: string; workload?: string; mesh?: string; controlPlane?: string };
}

interface MeshfleetThresholds {
  /** Percent of requests: degraded above 0 and at or above this. */
  degraded?: number;
  /** Percent of requests: failing at or above this. */
  failing?: number;
}

/**
 * Configuration of Meshfleet's mesh backend. Everything Meshfleet reads lives
 * under `meshfleet` (the catalog module's settings follow Backstage's
 * convention, `catalog.providers.meshfleet`). Clusters and their credentials
 * usually come from the Kubernetes plugin's `kubernetes.clusterLocatorMethods`
 * (its `config` and `catalog` methods); `meshfleet.clusters` is for a
 * Kubernetes plugin that finds clusters only through the catalog. The secrets
 * are those clusters' tokens and the Prometheus and Grafana credentials
 * (`@visibility secret`).
 */
export interface Config {
  meshfleet?: {
    /**
     * Clusters Meshfleet reads besides those of `kubernetes.clusterLocatorMethods`,
     * in the same shape as a `config` locator's `clusters`. Meant for a Kubernetes
     * plugin configured with `clusterLocatorMethods: [{ type: catalog }]`: Meshfleet
     * emits these clusters as entities, which that plugin finds; set
     * `catalog.providers.meshfleet.clusterAuthProvider: meshfleet` and add
     * `@meshfleet/plugin-kubernetes-backend-module-meshfleet` so the Kubernetes
     * plugin gets their credentials from here, not from the catalog.
     */
    clusters?: Array<{
      /** Cluster name (the Istio cluster ID of a mesh member). */
      name: string;
      title?: string;
      /** API server URL. */
      url: string;
      /** `serviceAccount` (token below), or another server-side provider of the Kubernetes plugin. */
      authProvider?: string;
      authMetadata?: { [key: string]: string };
      /** @visibility secret */
      serviceAccountToken?: string;
      /** Base64 of the API server's CA (PEM). */
      caData?: string;
      caFile?: string;
      skipTLSVerify?: boolean;
      /**
       * The cluster has no metrics-server: its cluster entity then carries
       * `kubernetes.io/skip-metrics-lookup: 'true'`, so the Kubernetes plugin
       * does not ask it for pod metrics. Also read from the Kubernetes plugin's
       * `config` locator clusters.
       */
      skipMetricsLookup?: boolean;
    }>;
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
    /** The Prometheus of every mesh that has no `meshes.<id>.prometheus`. */
    prometheus?: MeshfleetPrometheusConfig;
    /** The Grafana of every mesh that has no `meshes.<id>.grafana`. */
    grafana?: MeshfleetGrafanaConfig;
    /**
     * Per-mesh settings by mesh id. A mesh's block replaces the default
     * whole (the default's credentials are never sent to another server).
     */
    meshes?: {
      [meshId: string]: {
        prometheus?: MeshfleetPrometheusConfig;
        grafana?: MeshfleetGrafanaConfig;
      };
    };
    health?: {
      /** Error-ratio thresholds in percent; defaults are Kiali's. */
      thresholds?: {
        /** 5xx and no response; default degraded 0 (any), failing 10. */
        http5xx?: MeshfleetThresholds;
        /** Default degraded 10, failing 20. */
        http4xx?: MeshfleetThresholds;
        /** gRPC status 1-16; default degraded 0 (any), failing 10. */
        grpc?: MeshfleetThresholds;
      };
      /** istiod's figures. */
      controlPlane?: {
        /** Proxy convergence p99 in seconds; default degraded 1, failing 10. */
        convergenceP99Seconds?: { degraded?: number; failing?: number };
        /** Rejected configurations in the window; default degraded above 0, failing 10. */
        rejects?: { degraded?: number; failing?: number };
      };
    };
    policies?: {
      /**
       * How long policy validation reuses the Services, Pods and Namespaces it
       * read from a mesh's clusters (a form or editor validates as the user
       * types); default 10 s; 0 reads them for every validation. A Service
       * created within that time may still be reported as not found (IST0101).
       */
      clusterStateTtl?: import('@backstage/types').HumanDuration | string | number;
    };
    observability?: {
      /** How long a graph's Prometheus answers are reused; default 15 s. */
      cacheTtl?: import('@backstage/types').HumanDuration | string;
      /** Rate window when a request names none; default 5m. */
      defaultWindow?: import('@backstage/types').HumanDuration | string;
      limits?: {
        /** Default 1m. */
        minWindow?: import('@backstage/types').HumanDuration | string;
        /** Default 6h. */
        maxWindow?: import('@backstage/types').HumanDuration | string;
        /** Longest chart range; default 7d. */
        maxRange?: import('@backstage/types').HumanDuration | string;
        /** Most points per chart series; default 720. */
        maxPointsPerSeries?: number;
        /** Most dashboard queries one panels request runs; default 80. */
        maxPanelQueries?: number;
      };
      /** How istiod's own series are labelled by the Prometheus scrape config. */
      controlPlane?: {
        /** PromQL matchers selecting istiod's series; default `app="istiod"`. */
        selector?: string;
        /** Label with the istiod revision; default `istio_io_rev` (the pod label istio.io/rev). */
        revisionLabel?: string;
        /**
         * Label with the Backstage name of the cluster a series comes from, when one
         * Prometheus scrapes several clusters' istiods (e.g. `cluster`): a mesh's
         * control-plane health then counts only its control-plane cluster. Default none.
         */
        clusterLabel?: string;
      };
    };
  };
}
