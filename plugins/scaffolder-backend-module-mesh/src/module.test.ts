import { startTestBackend } from '@backstage/backend-test-utils';
import { scaffolderActionsExtensionPoint, TemplateAction } from '@backstage/plugin-scaffolder-node';
import { scaffolderModuleMesh } from './module';

describe('scaffolderModuleMesh', () => {
  it('adds the mesh actions to the scaffolder, each with a dry run', async () => {
    const actions: TemplateAction[] = [];
    await startTestBackend({
      extensionPoints: [[scaffolderActionsExtensionPoint, { addActions: (...added: TemplateAction[]) => actions.push(...added) }]],
      features: [scaffolderModuleMesh],
    });
    expect(actions.map(a => [a.id, a.supportsDryRun])).toEqual([
      ['mesh:create', true],
      ['mesh:cluster:join', true],
      ['mesh:cluster:leave', true],
      ['mesh:delete', true],
      ['mesh:policy:apply', true],
      ['mesh:gateway:create', true],
      ['mesh:gateway:delete', true],
      ['mesh:injection:set', true],
      ['mesh:workload:restart', true],
      ['mesh:upgrade', true],
      ['mesh:rollback', true],
    ]);
  });
});
