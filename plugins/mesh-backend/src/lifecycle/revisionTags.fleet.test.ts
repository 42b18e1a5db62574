import type { V1MutatingWebhookConfiguration } from '@kubernetes/client-node';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { IstioTools, readIstioTools } from './__testUtils__/fleetLifecycle';
import { injectorWebhookName } from './kinds/names';
import { tagWebhookManifest, tagWebhookName } from './kinds/revisionTags';

jest.setTimeout(5 * 60_000);

/*
 * The tag webhooks Meshfleet applies are the ones Istio's own chart renders
 * for `revisionTags` (what `istioctl tag set` writes too): rendered with the
 * fleet's Helm and istiod chart (`helm template`, no cluster), the chart's
 * tag webhook equals tagWebhookManifest of the chart's own injector webhook,
 * in a control plane and with the remote profile, for a tag and for
 * `default`. Labels aside: Meshfleet's also mark the mesh.
 */

let tools: IstioTools;

beforeAll(async () => {
  tools = await readIstioTools();
});

async function rendered(values: string[]): Promise<V1MutatingWebhookConfiguration[]> {
  const chart = path.join(tools.chartsDirectory, tools.version, 'istiod');
  const { stdout } = await promisify(execFile)(
    tools.helm,
    ['template', 'istiod-canary', chart, '--namespace', 'istio-system', ...values.flatMap(v => ['--set', v])],
    { maxBuffer: 64 << 20 },
  );
  return parseAllDocuments(stdout)
    .map(doc => doc.toJS() as V1MutatingWebhookConfiguration | null)
    .filter((o): o is V1MutatingWebhookConfiguration => o?.kind === 'MutatingWebhookConfiguration');
}

/** The webhooks of a configuration without their CA (istiod fills it in; the chart renders none). */
function webhooksOf(config: V1MutatingWebhookConfiguration | undefined) {
  return (config?.webhooks ?? []).map(w => ({ ...w, clientConfig: { ...w.clientConfig, caBundle: undefined } }));
}

describe.each([
  ['control plane', []],
  ['remote profile', ['profile=remote', 'global.remotePilotAddress=10.0.0.7', 'istiodRemote.injectionPath=/inject/cluster/east/net/net-east']],
])("tag webhooks as Istio's chart renders them (%s)", (_profile, profileValues) => {
  it.each(['prod', 'default'])('tag %s', async tag => {
    const objects = await rendered(['revision=canary', `revisionTags={${tag}}`, ...profileValues]);
    const injector = objects.find(o => o.metadata?.name === injectorWebhookName('canary'));
    const chartTag = objects.find(o => o.metadata?.name === tagWebhookName(tag));
    expect(injector).toBeDefined();
    expect(webhooksOf(tagWebhookManifest(tag, 'canary', injector!, 'shop'))).toEqual(webhooksOf(chartTag));
    expect(chartTag?.metadata?.labels).toMatchObject({ 'istio.io/tag': tag, 'istio.io/rev': 'canary' });
  });
});
