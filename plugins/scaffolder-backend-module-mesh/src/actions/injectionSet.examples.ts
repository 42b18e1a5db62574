import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: "Enable injection by the mesh's default revision for the namespace picked in the form, then restart its workloads",
    example: stringify({
      steps: [
        {
          id: 'inject',
          name: 'Enable sidecar injection',
          action: 'mesh:injection:set',
          input: { mesh: '${{ parameters.mesh }}', cluster: '${{ parameters.cluster }}', namespace: '${{ parameters.namespace }}', enabled: true },
        },
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
    description: 'Move namespace shop in east to the revision tag canary',
    example: stringify({
      steps: [
        {
          id: 'inject-canary',
          name: 'Inject by tag canary',
          action: 'mesh:injection:set',
          input: { mesh: 'demo', cluster: 'east', namespace: 'shop', enabled: true, tag: 'canary' },
        },
      ],
    }),
  },
  {
    description: 'Inject one workload with sidecar resources set',
    example: stringify({
      steps: [
        {
          id: 'inject-reviews',
          name: 'Inject reviews-v1',
          action: 'mesh:injection:set',
          input: {
            mesh: 'demo',
            cluster: 'east',
            namespace: 'shop',
            workload: 'reviews-v1',
            enabled: true,
            resources: { cpuRequest: '50m', memoryRequest: '64Mi', cpuLimit: '500m', memoryLimit: '256Mi' },
          },
        },
      ],
    }),
  },
  {
    description: 'Stop injecting sidecars into a namespace',
    example: stringify({
      steps: [
        {
          id: 'no-sidecars',
          name: 'Disable injection',
          action: 'mesh:injection:set',
          input: { mesh: 'demo', cluster: 'west', namespace: 'batch-jobs', enabled: false },
        },
      ],
    }),
  },
];
