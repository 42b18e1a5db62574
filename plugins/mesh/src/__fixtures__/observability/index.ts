import {
  ComponentServices,
  ControlPlaneHealth,
  GrafanaLinks,
  MeshApi,
  ObservabilityStatus,
  RenderedDashboard,
  ServiceHealth,
  ServiceMetrics,
  TopologyGraph,
} from '@meshfleet/plugin-mesh-common';
import { mockMeshApi } from '../fleet';
import componentServices from './component-services-catalog.json';
import controlPlaneHealth from './control-plane-health.json';
import dashboard from './dashboard-service-catalog.json';
import grafanaLinks from './grafana-links-catalog.json';
import observabilityStatus from './observability-status.json';
import serviceHealth from './service-health-catalog.json';
import serviceMetrics from './service-metrics-catalog.json';
import meshTopology from './topology-mesh.json';
import serviceTopology from './topology-service-catalog.json';

/*
 * Answers of the real mesh backend reading the local fleet's demo mesh (the
 * traffic simulator, the fleet's Prometheus, Istio's dashboard files),
 * recorded with record.sh beside this file.
 */
export const recorded = {
  componentServices: componentServices as ComponentServices,
  serviceHealth: serviceHealth as ServiceHealth,
  serviceTopology: serviceTopology as TopologyGraph,
  meshTopology: meshTopology as TopologyGraph,
  serviceMetrics: serviceMetrics as ServiceMetrics,
  observabilityStatus: observabilityStatus as ObservabilityStatus,
  dashboard: dashboard as RenderedDashboard,
  controlPlaneHealth: controlPlaneHealth as ControlPlaneHealth,
  grafanaLinks: grafanaLinks as GrafanaLinks,
};

/** The error MeshClient throws when the mesh's Prometheus could not answer (the backend's 503). */
export function prometheusUnavailable(reason = 'timeout'): Error {
  const message = "Prometheus of mesh 'demo' at http://127.0.0.1:19090/api/v1/query: no answer within 10000 ms (the configured timeout)";
  return Object.assign(new Error(`Request failed with 503 Service Unavailable: ${message}`), {
    name: 'ResponseError',
    statusCode: 503,
    body: {
      error: { name: 'ServiceUnavailableError', message, reason, backend: 'prometheus' },
      request: { method: 'GET', url: '/api/mesh/meshes/demo/topology' },
      response: { statusCode: 503 },
    },
  });
}

/** A MeshApi answering the observability reads from the recordings. */
export function recordedMeshApi(overrides: Partial<MeshApi> = {}): MeshApi {
  return mockMeshApi({
    findComponentServices: async () => recorded.componentServices,
    getObservabilityStatus: async () => recorded.observabilityStatus,
    getTopology: async (_meshId, query) => (query?.service ? recorded.serviceTopology : recorded.meshTopology),
    getServiceHealth: async () => recorded.serviceHealth,
    getServiceMetrics: async () => recorded.serviceMetrics,
    getGrafanaDashboards: async () => recorded.grafanaLinks,
    getControlPlaneHealth: async () => recorded.controlPlaneHealth,
    renderDashboard: async () => recorded.dashboard,
    ...overrides,
  });
}
