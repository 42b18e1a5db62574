import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Onboard the cluster picked in the form into the mesh picked in the form (entity refs from EntityPicker)',
    example: stringify({
      steps: [
        {
          id: 'join',
          name: 'Onboard the cluster',
          action: 'mesh:cluster:join',
          input: { mesh: '${{ parameters.mesh }}', cluster: '${{ parameters.cluster }}' },
        },
      ],
    }),
  },
  {
    description: 'Onboard cluster east into mesh demo on network net-east, by name',
    example: stringify({
      steps: [
        {
          id: 'join-east',
          name: 'Onboard east',
          action: 'mesh:cluster:join',
          input: { mesh: 'demo', cluster: 'east', network: 'net-east' },
        },
      ],
    }),
  },
  {
    description: 'Onboard several clusters, one operation each',
    example: stringify({
      steps: [
        {
          id: 'join',
          name: 'Onboard ${{ each.value }}',
          each: ['east', 'west'],
          action: 'mesh:cluster:join',
          input: { mesh: 'resource:default/demo', cluster: '${{ each.value }}' },
        },
      ],
    }),
  },
];
