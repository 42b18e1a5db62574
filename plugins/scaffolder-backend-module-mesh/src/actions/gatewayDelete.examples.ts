import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Delete ingress gateway shop-ingress from istio-ingress in west of mesh demo',
    example: stringify({
      steps: [
        {
          id: 'delete-gateway',
          name: 'Delete the gateway',
          action: 'mesh:gateway:delete',
          input: { mesh: 'demo', cluster: 'west', name: 'shop-ingress', namespace: 'istio-ingress' },
        },
      ],
    }),
  },
  {
    description: 'Delete the gateway named in the form from the cluster and mesh picked in it',
    example: stringify({
      steps: [
        {
          id: 'delete-gateway',
          name: 'Delete the gateway',
          action: 'mesh:gateway:delete',
          input: {
            mesh: '${{ parameters.mesh }}',
            cluster: '${{ parameters.cluster }}',
            name: '${{ parameters.name }}',
            namespace: '${{ parameters.namespace }}',
          },
        },
      ],
    }),
  },
];
