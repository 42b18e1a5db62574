import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: "Move every tag and namespace of the canary revision picked in the form back to the mesh's revision",
    example: stringify({
      steps: [
        {
          id: 'rollback',
          name: 'Roll back the upgrade',
          action: 'mesh:rollback',
          input: { mesh: '${{ parameters.mesh }}', fromRevision: '${{ parameters.revision }}' },
        },
      ],
    }),
  },
  {
    description: 'Roll back tag prod from revision 1-31-0, two Deployments at a time, and uninstall 1-31-0',
    example: stringify({
      steps: [
        {
          id: 'rollback-prod',
          name: 'Roll back prod',
          action: 'mesh:rollback',
          input: { mesh: 'demo', fromRevision: '1-31-0', tags: ['prod'], batchSize: 2, removeNew: true },
        },
      ],
    }),
  },
];
