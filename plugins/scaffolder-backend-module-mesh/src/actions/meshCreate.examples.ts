import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'A hosted mesh whose control plane runs in the cluster picked in the form (an entity ref from EntityPicker)',
    example: stringify({
      steps: [
        {
          id: 'create-mesh',
          name: 'Create the mesh',
          action: 'mesh:create',
          input: {
            meshId: '${{ parameters.meshId }}',
            title: '${{ parameters.title }}',
            controlPlaneCluster: '${{ parameters.controlPlaneCluster }}',
            owner: '${{ parameters.owner }}',
          },
        },
      ],
    }),
  },
  {
    description: 'A hosted mesh with every field given, on the cluster named mesh-cp',
    example: stringify({
      steps: [
        {
          id: 'create-mesh',
          name: 'Create the mesh',
          action: 'mesh:create',
          input: {
            meshId: 'payments',
            title: 'Payments mesh',
            type: 'hosted',
            controlPlaneCluster: 'mesh-cp',
            controlPlaneNetwork: 'net-cp',
            revision: '1-31-0',
            trustDomain: 'payments.example.com',
            istioVersion: '1.31.0',
            owner: 'group:default/payments-team',
          },
        },
      ],
    }),
  },
  {
    description: 'A hosted mesh whose istiod members reach at an address the control-plane cluster already exposes',
    example: stringify({
      steps: [
        {
          id: 'create-mesh',
          name: 'Create the mesh',
          action: 'mesh:create',
          input: {
            meshId: 'edge',
            controlPlaneCluster: 'resource:default/config-mesh-cp',
            controlPlaneAddress: 'istiod.edge.example.com',
            owner: 'group:default/platform',
          },
        },
      ],
    }),
  },
  {
    description: 'Adopt an existing Istio installation (no install): an external mesh',
    example: stringify({
      steps: [
        {
          id: 'adopt-mesh',
          name: 'Adopt the mesh',
          action: 'mesh:create',
          input: { meshId: 'legacy', type: 'external', controlPlaneCluster: 'legacy-cp', owner: 'group:default/platform' },
        },
      ],
    }),
  },
];
