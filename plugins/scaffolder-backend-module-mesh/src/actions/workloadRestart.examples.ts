import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Restart every Deployment of the namespace picked in the form, one after another',
    example: stringify({
      steps: [
        {
          id: 'restart',
          name: 'Restart the workloads',
          action: 'mesh:workload:restart',
          input: { mesh: '${{ parameters.mesh }}', cluster: '${{ parameters.cluster }}', namespace: '${{ parameters.namespace }}' },
        },
      ],
    }),
  },
  {
    description: 'Restart two Deployments of shop in east together, waiting at most 10 minutes',
    example: stringify({
      steps: [
        {
          id: 'restart-reviews',
          name: 'Restart reviews',
          action: 'mesh:workload:restart',
          input: {
            mesh: 'demo',
            cluster: 'east',
            namespace: 'shop',
            workloads: ['reviews-v1', 'reviews-v2'],
            batchSize: 2,
            timeoutSeconds: 600,
          },
        },
      ],
    }),
  },
];
