import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { createTestDatabases } from '../../__testUtils__/testDatabases';
import { PolicyChangeEntry, PolicyHistory } from './PolicyHistory';

jest.setTimeout(60_000);

const databases = createTestDatabases();

function databaseService(knex: Knex): DatabaseService {
  return { getClient: async () => knex, migrations: { skip: false } };
}

const canary: PolicyChangeEntry = {
  actor: 'user:default/jane',
  action: 'created',
  kind: 'VirtualService',
  namespace: 'shop',
  name: 'reviews',
  diff: '--- /dev/null\n+++ b/VirtualService/shop/reviews\n',
  after: { spec: { hosts: ['reviews'] } },
};

describe.each(databases.eachSupportedId())('PolicyHistory on %s', databaseId => {
  let history: PolicyHistory;

  beforeAll(async () => {
    const knex = await databases.init(databaseId);
    history = await PolicyHistory.create({ database: databaseService(knex) });
  });

  it('lists what was recorded newest first, with who, when and the diff, per mesh', async () => {
    const at = new Date('2026-12-02T08:00:00.000Z');
    await history.record('shop', [canary], at);
    await history.record('shop', [{ ...canary, action: 'updated', actor: 'user:default/bob', after: { spec: { hosts: ['reviews', 'ratings'] } } }], new Date('2026-12-02T09:00:00.000Z'));
    await history.record('other', [{ ...canary, namespace: 'elsewhere' }], at);

    const changes = await history.list('shop');
    expect(changes.map(c => [c.action, c.actor, c.at])).toEqual([
      ['updated', 'user:default/bob', '2026-12-02T09:00:00.000Z'],
      ['created', 'user:default/jane', '2026-12-02T08:00:00.000Z'],
    ]);
    expect(changes[1]).toMatchObject({ kind: 'VirtualService', namespace: 'shop', name: 'reviews', diff: canary.diff });
    expect(Number(changes[0].id)).toBeGreaterThan(Number(changes[1].id));
    expect(await history.list('shop', { limit: 1 })).toHaveLength(1);
    expect(await history.list('shop', { namespace: 'nowhere' })).toEqual([]);
  });

  it("keeps each policy's last written content, none after a delete", async () => {
    await history.record('drift', [canary, { ...canary, kind: 'DestinationRule', after: { spec: { host: 'reviews' } } }]);
    await history.record('drift', [{ ...canary, action: 'deleted', after: undefined }]);

    const last = await history.lastWritten('drift');
    expect(last.sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([
      { kind: 'DestinationRule', namespace: 'shop', name: 'reviews', after: { spec: { host: 'reviews' } } },
      { kind: 'VirtualService', namespace: 'shop', name: 'reviews', after: undefined },
    ]);
  });
});
