import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'An ingress gateway in the cluster and mesh picked in the form (entity refs from EntityPicker), in istio-ingress',
    example: stringify({
      steps: [
        {
          id: 'gateway',
          name: 'Create the ingress gateway',
          action: 'mesh:gateway:create',
          input: { mesh: '${{ parameters.mesh }}', cluster: '${{ parameters.cluster }}', name: '${{ parameters.name }}', type: 'ingress' },
        },
      ],
    }),
  },
  {
    description: 'An egress gateway of revision 1-31-0 in west of mesh demo, two replicas, TLS and a database port, by name',
    example: stringify({
      steps: [
        {
          id: 'egress',
          name: 'Create the egress gateway',
          action: 'mesh:gateway:create',
          input: {
            mesh: 'demo',
            cluster: 'west',
            name: 'shop-egress',
            type: 'egress',
            namespace: 'shop-egress',
            revision: '1-31-0',
            replicas: 2,
            ports: [{ name: 'tls', port: 443 }, { name: 'tcp-db', port: 5432, targetPort: 15432 }],
          },
        },
      ],
    }),
  },
];
