import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Delete the mesh picked in the form (it must have no members left)',
    example: stringify({
      steps: [{ id: 'delete', name: 'Delete the mesh', action: 'mesh:delete', input: { mesh: '${{ parameters.mesh }}' } }],
    }),
  },
  {
    description: 'Remove the last member, then delete the mesh',
    example: stringify({
      steps: [
        { id: 'leave', name: 'Remove east', action: 'mesh:cluster:leave', input: { mesh: 'payments', cluster: 'east' } },
        { id: 'delete', name: 'Delete the mesh', action: 'mesh:delete', input: { mesh: 'payments' } },
      ],
    }),
  },
];
