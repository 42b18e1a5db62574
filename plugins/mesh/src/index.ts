/**
 * Meshfleet's frontend plugin: mesh pages and entity cards.
 * For apps on Backstage's legacy frontend system, import from `/legacy`.
 *
 * @packageDocumentation
 */

export { meshPlugin as default } from './plugin';
export { isClusterEntity, isMeshEntity } from './components/EntityCards/filters';
export { isMeshComponent } from './components/componentServices/filters';
export { meshKubernetesAuthModule } from './kubernetesAuth/kubernetesAuthModule';
