import { istioVersionFromImage } from './imageVersion';
import { createNamespaceFilter } from './namespaceFilter';
import { normalizeServerUrl } from './clusterUrls';

describe('istioVersionFromImage', () => {
  it.each([
    ['docker.io/istio/pilot:1.28.0', '1.28.0'],
    ['docker.io/istio/pilot:1.28.0-distroless', '1.28.0'],
    ['registry.local:5000/istio/pilot:1.31.0-rc.0', '1.31.0-rc.0'],
    ['gcr.io/istio-testing/pilot:1.31-dev', '1.31-dev'],
    ['docker.io/istio/pilot:latest', undefined],
    ['registry.local:5000/istio/pilot', undefined],
    ['docker.io/istio/pilot@sha256:abc', undefined],
  ])('%s -> %s', (image, version) => {
    expect(istioVersionFromImage(image)).toBe(version);
  });
});

describe('createNamespaceFilter', () => {
  it('excludes Kubernetes and Istio system namespaces by default', () => {
    const include = createNamespaceFilter();
    expect(
      ['default', 'shop', 'kube-system', 'istio-system'].filter(include),
    ).toEqual(['default', 'shop']);
  });

  it('lets an explicit include win over default exclusions', () => {
    const include = createNamespaceFilter({
      include: ['istio-system', 'shop'],
      exclude: ['shop'],
    });
    expect(['istio-system', 'shop', 'other'].filter(include)).toEqual([
      'istio-system',
    ]);
  });
});

describe('normalizeServerUrl', () => {
  it('treats default ports, case and trailing slashes as the same server', () => {
    expect(normalizeServerUrl('https://API.example/')).toBe(
      normalizeServerUrl('https://api.example:443'),
    );
  });
});
