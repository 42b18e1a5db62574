import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Install revision 1-31-0 beside the running one and move every tag of the mesh to it, three Deployments at a time',
    example: stringify({
      steps: [
        {
          id: 'upgrade',
          name: 'Upgrade the mesh',
          action: 'mesh:upgrade',
          input: { mesh: '${{ parameters.mesh }}', version: '1.31.0', revision: '1-31-0', batchSize: 3 },
        },
      ],
    }),
  },
  {
    description: 'Move only the namespace shop of east to the new revision, then confirm by removing the old revision',
    example: stringify({
      steps: [
        {
          id: 'upgrade-shop',
          name: 'Move shop to the new revision',
          action: 'mesh:upgrade',
          input: {
            mesh: 'demo',
            version: '1.31.0',
            revision: '1-31-0',
            tags: [],
            namespaces: [{ cluster: 'east', namespace: 'shop' }],
          },
        },
        {
          id: 'finish',
          name: 'Remove the old revision',
          action: 'mesh:upgrade',
          input: {
            mesh: 'demo',
            version: '1.31.0',
            revision: '1-31-0',
            tags: [],
            namespaces: [{ cluster: 'east', namespace: 'shop' }],
            removeOld: true,
          },
        },
      ],
    }),
  },
];
