import { mockServices } from '@backstage/backend-test-utils';
import type { PolicyChangeEntry, PolicyHistory } from './PolicyHistory';
import { recordPolicyWrite } from './recordWrite';

const entry: PolicyChangeEntry = {
  actor: 'user:default/alice',
  action: 'created',
  kind: 'VirtualService',
  namespace: 'shop',
  name: 'reviews',
  diff: '+spec: {}',
  after: { spec: {} },
};

function historyThat(record: PolicyHistory['record']): PolicyHistory {
  return { record } as unknown as PolicyHistory;
}

describe('recording a policy write', () => {
  it('answers no warning when the history recorded it', async () => {
    const recorded: PolicyChangeEntry[][] = [];
    const history = historyThat(async (_meshId, entries) => {
      recorded.push(entries);
      return [];
    });
    await expect(recordPolicyWrite(history, 'demo', [entry], mockServices.logger.mock())).resolves.toBeUndefined();
    expect(recorded).toEqual([[entry]]);
  });

  it('turns a failed record into a warning naming the change and logs it, since the write already happened', async () => {
    const logger = mockServices.logger.mock();
    const history = historyThat(async () => {
      throw new Error('connection terminated');
    });
    const warning = await recordPolicyWrite(history, 'demo', [entry], logger);
    expect(warning).toBe(
      'The change was applied to the config cluster but not recorded in the policy history (connection terminated); ' +
        "it will show as drift until adopted on the mesh's Policies tab.",
    );
    expect(logger.error).toHaveBeenCalledWith(
      'Mesh demo: applied but could not record in the policy history: created VirtualService shop/reviews',
      expect.any(Error),
    );
  });

  it('records nothing without a history or without changes', async () => {
    const history = historyThat(async () => {
      throw new Error('must not be called');
    });
    await expect(recordPolicyWrite(undefined, 'demo', [entry], undefined)).resolves.toBeUndefined();
    await expect(recordPolicyWrite(history, 'demo', [], undefined)).resolves.toBeUndefined();
  });
});
