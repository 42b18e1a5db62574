import { ConfigReader } from '@backstage/config';
import { readMeshProviderConfig } from './config';

const read = (meshfleet: object) => readMeshProviderConfig(new ConfigReader({ catalog: { providers: { meshfleet } } }));

describe('readMeshProviderConfig', () => {
  it('has defaults for every key', () => {
    expect(readMeshProviderConfig(new ConfigReader({}))).toEqual({
      owner: 'group:default/platform-team',
      schedule: { frequency: { seconds: 30 }, timeout: { minutes: 3 }, initialDelay: { seconds: 5 } },
      unreachableGracePeriodMs: 3_600_000,
      clusterAuthProvider: undefined,
    });
  });

  it('writes the owner as a full group ref', () => {
    expect(read({ owner: 'mesh-admins' }).owner).toBe('group:default/mesh-admins');
    expect(read({ owner: 'user:ops/alice' }).owner).toBe('user:ops/alice');
  });

  it('reads the grace period as a string or a duration object', () => {
    expect(read({ unreachableGracePeriod: '15m' }).unreachableGracePeriodMs).toBe(900_000);
    expect(read({ unreachableGracePeriod: 'PT2H' }).unreachableGracePeriodMs).toBe(7_200_000);
    expect(read({ unreachableGracePeriod: { minutes: 5 } }).unreachableGracePeriodMs).toBe(300_000);
  });

  it('names the key when the grace period is unreadable', () => {
    expect(() => read({ unreachableGracePeriod: 'soon' })).toThrow(/unreachableGracePeriod/);
  });

  it('reads the schedule and the auth provider', () => {
    const c = read({ schedule: { frequency: { minutes: 1 }, timeout: { seconds: 50 } }, clusterAuthProvider: 'oidc' });
    expect(c.schedule).toEqual({ frequency: { minutes: 1 }, timeout: { seconds: 50 } });
    expect(c.clusterAuthProvider).toBe('oidc');
  });
});
