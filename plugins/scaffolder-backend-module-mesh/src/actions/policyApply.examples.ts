import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

const host = 'reviews.shop.svc.cluster.local';

export const examples: TemplateExample[] = [
  {
    description: 'A canary split from the form: a DestinationRule with two subsets and a VirtualService sending canaryWeight % to the canary',
    example: stringify({
      steps: [
        {
          id: 'apply',
          name: 'Apply the canary split',
          action: 'mesh:policy:apply',
          input: {
            meshId: '${{ parameters.mesh }}',
            objects: [
              {
                apiVersion: 'networking.istio.io/v1',
                kind: 'DestinationRule',
                metadata: { name: '${{ parameters.service }}', namespace: '${{ parameters.namespace }}' },
                spec: {
                  host: '${{ parameters.service }}.${{ parameters.namespace }}.svc.cluster.local',
                  subsets: [
                    { name: 'stable', labels: { version: '${{ parameters.stableVersion }}' } },
                    { name: 'canary', labels: { version: '${{ parameters.canaryVersion }}' } },
                  ],
                },
              },
              {
                apiVersion: 'networking.istio.io/v1',
                kind: 'VirtualService',
                metadata: { name: '${{ parameters.service }}', namespace: '${{ parameters.namespace }}' },
                spec: {
                  hosts: ['${{ parameters.service }}.${{ parameters.namespace }}.svc.cluster.local'],
                  http: [
                    {
                      route: [
                        {
                          destination: { host: '${{ parameters.service }}.${{ parameters.namespace }}.svc.cluster.local', subset: 'stable' },
                          weight: '${{ 100 - parameters.canaryWeight }}',
                        },
                        {
                          destination: { host: '${{ parameters.service }}.${{ parameters.namespace }}.svc.cluster.local', subset: 'canary' },
                          weight: '${{ parameters.canaryWeight }}',
                        },
                      ],
                    },
                  ],
                },
              },
            ],
          },
        },
      ],
    }),
  },
  {
    description: 'Strict mutual TLS for one namespace, from a YAML manifest; a preview step logs the validation findings (MSH0002: callers without a sidecar, an error) before the apply',
    example: stringify({
      steps: [
        {
          id: 'preview',
          name: 'Validate and preview',
          action: 'mesh:policy:apply',
          input: {
            meshId: 'demo',
            dryRun: true,
            manifest: [
              'apiVersion: security.istio.io/v1',
              'kind: PeerAuthentication',
              'metadata:',
              '  name: default',
              '  namespace: shop',
              'spec:',
              '  mtls:',
              '    mode: STRICT',
              '',
            ].join('\n'),
          },
        },
        {
          id: 'apply',
          name: 'Apply',
          action: 'mesh:policy:apply',
          input: {
            meshId: 'demo',
            manifest: 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: shop\nspec:\n  mtls:\n    mode: STRICT\n',
          },
        },
      ],
    }),
  },
  {
    description: 'Retries and a timeout for one service, as a multi-document manifest (documents separated by ---)',
    example: stringify({
      steps: [
        {
          id: 'apply',
          name: 'Retries and timeout',
          action: 'mesh:policy:apply',
          input: {
            meshId: 'resource:default/demo',
            manifest: [
              'apiVersion: networking.istio.io/v1',
              'kind: DestinationRule',
              'metadata: { name: reviews, namespace: shop }',
              `spec: { host: ${host}, trafficPolicy: { connectionPool: { http: { http1MaxPendingRequests: 100 } } } }`,
              '---',
              'apiVersion: networking.istio.io/v1',
              'kind: VirtualService',
              'metadata: { name: reviews, namespace: shop }',
              'spec:',
              `  hosts: [${host}]`,
              '  http:',
              `    - route: [{ destination: { host: ${host} } }]`,
              '      timeout: 5s',
              '      retries: { attempts: 3, perTryTimeout: 2s, retryOn: "5xx,reset" }',
              '',
            ].join('\n'),
          },
        },
      ],
    }),
  },
];
