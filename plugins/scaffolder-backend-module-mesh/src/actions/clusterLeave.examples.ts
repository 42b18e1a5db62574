import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Remove the member cluster picked in the form from the mesh picked in the form',
    example: stringify({
      steps: [
        {
          id: 'leave',
          name: 'Remove the cluster',
          action: 'mesh:cluster:leave',
          input: { mesh: '${{ parameters.mesh }}', cluster: '${{ parameters.cluster }}' },
        },
      ],
    }),
  },
  {
    description: 'Remove cluster west from mesh demo, by name',
    example: stringify({
      steps: [
        {
          id: 'leave-west',
          name: 'Remove west',
          action: 'mesh:cluster:leave',
          input: { mesh: 'demo', cluster: 'west' },
        },
      ],
    }),
  },
];
