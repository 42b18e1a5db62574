import { chartRevision, injectionPath } from './names';

/*
 * Helm values of Istio's charts, derived from a mesh. Pure: golden files in
 * testdata/ pin them. Names follow Istio's Helm docs for multicluster installs
 * (primary-remote on multiple networks, with an external istiod for hosted
 * meshes). Values are never secret: they are shown in plans.
 */

/** What every install of a mesh shares. */
export interface MeshInstallFacts {
  meshId: string;
  /** The mesh's revision; `default` for an unrevisioned install. */
  revision: string;
  trustDomain: string;
  /** `global.hub` (undefined: the chart's default) and `global.tag`. */
  images: { hub?: string; tag: string };
}

function imageValues(images: MeshInstallFacts['images']): Record<string, string> {
  return { ...(images.hub ? { hub: images.hub } : {}), tag: images.tag };
}

/** `revision` for a revisioned install, nothing for the default one (the chart's ''). */
function revisionValues(revision: string): Record<string, string> {
  const value = chartRevision(revision);
  return value ? { revision: value } : {};
}

/**
 * The `base` chart: the default revision's validating webhook points at the
 * mesh's revision (Istio's `defaultRevision`), unless it is the default one.
 */
export function baseValues(facts: MeshInstallFacts, profile?: 'remote'): Record<string, unknown> {
  const revision = chartRevision(facts.revision);
  return {
    ...(profile ? { profile } : {}),
    ...(revision ? { defaultRevision: revision } : {}),
  };
}

/** The control-plane cluster's istiod. */
export function controlPlaneIstiodValues(
  facts: MeshInstallFacts,
  cluster: { name: string; network: string },
  options: {
    /** Hosted meshes: istiod also serves remote (member) clusters. */
    externalIstiod: boolean;
    /**
     * Fingerprint of the cluster's plug-in CA: a changed `cacerts` changes
     * istiod's pod template, so istiod restarts and reads it (it reads the
     * plug-in CA only when it starts).
     */
    cacertsFingerprint?: string;
  },
): Record<string, unknown> {
  return {
    ...revisionValues(facts.revision),
    global: {
      ...imageValues(facts.images),
      meshID: facts.meshId,
      multiCluster: { clusterName: cluster.name },
      network: cluster.network,
      ...(options.externalIstiod ? { externalIstiod: true } : {}),
    },
    meshConfig: { trustDomain: facts.trustDomain },
    ...(options.cacertsFingerprint ? { podAnnotations: { 'meshfleet.io/cacerts': options.cacertsFingerprint } } : {}),
  };
}

/**
 * A member's istiod chart with Istio's `remote` profile: no istiod of its
 * own; its injector webhook and `istiod` Service point at the control
 * plane's istiod at `controlPlaneAddress` (`global.remotePilotAddress`), and
 * `global.configCluster` is set as Istio's primary-remote guide sets it.
 */
export function memberIstiodValues(
  facts: MeshInstallFacts,
  member: { name: string; network: string },
  controlPlaneAddress: string,
): Record<string, unknown> {
  return {
    profile: 'remote',
    ...revisionValues(facts.revision),
    global: {
      ...imageValues(facts.images),
      meshID: facts.meshId,
      multiCluster: { clusterName: member.name },
      network: member.network,
      remotePilotAddress: controlPlaneAddress,
      configCluster: true,
    },
    istiodRemote: { injectionPath: injectionPath(member.name, member.network) },
  };
}
