import { redact, SecretRegistry } from './redaction';

const KEY_PEM = [
  '-----BEGIN RSA PRIVATE KEY-----',
  'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun',
  'VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK',
  '-----END RSA PRIVATE KEY-----',
].join('\n');

const JWT =
  'eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJpc3MiOiJrdWJlcm5ldGVzL3NlcnZpY2VhY2NvdW50In0.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg';

const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: ${'Q'.repeat(240)}
    server: https://10.0.0.7:6443
  name: east
users:
- name: istio-reader-service-account
  user:
    token: sa-token-value-1234
    client-key-data: a2V5LWRhdGE=
`;

describe('redact', () => {
  it('replaces a PEM block, also one cut off before its END line', () => {
    expect(redact(`cacerts: ${KEY_PEM} (applied)`)).toBe('cacerts: [redacted rsa private key] (applied)');
    expect(redact(`stderr: -----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIB`)).toBe('stderr: [redacted ec private key]');
    expect(redact(`"tls.key": ${KEY_PEM}`)).toBe('"tls.key": [redacted rsa private key]');
  });

  it('replaces bearer and basic credentials and JWTs wherever they stand', () => {
    expect(redact('GET /api Authorization: Bearer abc.def-123 failed')).toBe(
      'GET /api Authorization: Bearer [redacted] failed',
    );
    expect(redact('basic dXNlcjpwYXNz')).toBe('basic [redacted]');
    expect(redact(`the token ${JWT} expired`)).toBe('the token [redacted] expired');
  });

  it('replaces the values of credential fields in YAML, JSON and key=value text', () => {
    expect(redact(KUBECONFIG)).not.toMatch(/sa-token-value|a2V5LWRhdGE|QQQQ/);
    expect(redact(KUBECONFIG)).toContain('server: https://10.0.0.7:6443');
    expect(redact('{"token":"abc123","name":"east"}')).toBe('{"token":"[redacted]","name":"east"}');
    expect(redact('id-token=xyz password: hunter22 ca-key.pem: LS0tLS1')).toBe(
      'id-token=[redacted] password: [redacted] ca-key.pem: [redacted]',
    );
  });

  it('replaces long base64 runs and keeps ordinary text', () => {
    const blob = Buffer.from('x'.repeat(300)).toString('base64');
    expect(redact(`data: ${blob}`)).toBe('data: [redacted]');
    const plain = "created Secret istio-system/cacerts in east; remote secret istio-remote-secret-east; tokens: 3";
    expect(redact(plain)).toBe(plain);
  });
});

describe('SecretRegistry', () => {
  it('replaces registered values and their base64 forms, and ignores short ones', () => {
    const secrets = new SecretRegistry();
    secrets.register('s3cr3t-value-of-the-reader');
    secrets.register('abc');
    const encoded = Buffer.from('s3cr3t-value-of-the-reader').toString('base64');
    expect(secrets.redact(`read s3cr3t-value-of-the-reader and ${encoded}; abc stays`)).toBe(
      'read [redacted] and [redacted]; abc stays',
    );
  });
});
