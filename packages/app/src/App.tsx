import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { meshKubernetesAuthModule } from '@meshfleet/plugin-mesh';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';

export default createApp({
  // meshKubernetesAuthModule: the Kubernetes tab reads clusters whose entities Meshfleet
  // emitted with the server-side 'meshfleet' auth provider.
  features: [catalogPlugin, navModule, homeModule, meshKubernetesAuthModule],
});
