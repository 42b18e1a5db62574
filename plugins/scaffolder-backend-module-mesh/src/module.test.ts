import { startTestBackend } from '@backstage/backend-test-utils';
import { scaffolderActionsExtensionPoint, TemplateAction } from '@backstage/plugin-scaffolder-node';
import { scaffolderModuleMesh } from './module';

describe('scaffolderModuleMesh', () => {
  it('adds the four mesh actions to the scaffolder, each with a dry run', async () => {
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
    ]);
  });
});
