import type { MeshPolicyMessage } from '@meshfleet/plugin-mesh-common';
import { lintPolicyText } from './policyLinter';

const text = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  namespace: payments
spec:
  mtls:
    mode: STRICTER
`;

const missingName: MeshPolicyMessage = {
  level: 'error',
  layer: 'schema',
  kind: 'PeerAuthentication',
  namespace: 'payments',
  name: '',
  objectIndex: 0,
  field: 'metadata.name',
  message: 'metadata.name is required',
  fix: 'name the object (a DNS label)',
};

describe('lintPolicyText', () => {
  it('places a finding about a missing field at its parent', async () => {
    const [diagnostic] = await lintPolicyText(text, async () => ({ valid: false, messages: [missingName] }));
    expect(text.slice(diagnostic.from, diagnostic.to)).toBe('metadata');
    expect(diagnostic).toMatchObject({ line: 3, severity: 'error', source: 'schema', fix: 'name the object (a DNS label)' });
  });

  it('shows the findings of a refused request like those of an answer', async () => {
    const refusal = Object.assign(new Error('Request failed with 400 Bad Request'), {
      messages: [{ ...missingName, field: 'spec.mtls.mode', message: 'spec.mtls.mode must be one of UNSET, DISABLE, PERMISSIVE, STRICT' }],
    });
    const [diagnostic] = await lintPolicyText(text, async () => {
      throw refusal;
    });
    expect(text.slice(diagnostic.from, diagnostic.to)).toBe('STRICTER');
    expect(diagnostic.line).toBe(7);
  });

  it('says that validation failed, at the start, when the backend gives no findings', async () => {
    const diagnostics = await lintPolicyText(text, async () => {
      throw new Error('Request failed with 503 Service Unavailable');
    });
    expect(diagnostics).toEqual([
      expect.objectContaining({
        from: 0,
        line: 1,
        severity: 'error',
        message: 'Could not validate: Request failed with 503 Service Unavailable',
      }),
    ]);
  });

  it('sends nothing for an empty text', async () => {
    const validate = jest.fn();
    expect(await lintPolicyText('---\n', validate)).toEqual([]);
    expect(validate).not.toHaveBeenCalled();
  });
});
