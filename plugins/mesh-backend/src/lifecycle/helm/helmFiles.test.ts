import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { stderrTail } from './redactOutput';
import { removeLeftoverPrivateFiles, withPrivateFiles } from './runHelm';
import { DirectoryChartSource, RepositoryChartSource } from './chartSource';
import os from 'node:os';
import path from 'node:path';

describe('Helm files and output', () => {
  it('writes private files (0600 in a 0700 directory) and removes them afterwards, also on failure', async () => {
    let seen: Record<string, string> = {};
    await expect(
      withPrivateFiles({ kubeconfig: 'token: abc', 'values.yaml': 'a: 1' }, async paths => {
        seen = paths;
        expect(fs.statSync(paths.kubeconfig).mode & 0o777).toBe(0o600);
        expect(fs.statSync(path.dirname(paths.kubeconfig)).mode & 0o777).toBe(0o700);
        expect(fs.readFileSync(paths['values.yaml'], 'utf8')).toBe('a: 1');
        throw new Error('helm failed');
      }),
    ).rejects.toThrow('helm failed');
    expect(fs.existsSync(path.dirname(seen.kubeconfig))).toBe(false);
  });

  it('removes the private files of Helm calls whose process ended, never those of a running process', async () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-parent-'));
    try {
      // A process that has ended: its pid is free now.
      const ended = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
      const killedCall = path.join(parent, `meshfleet-helm-${ended}-abc123`);
      const runningCall = path.join(parent, `meshfleet-helm-${process.ppid}-def456`);
      const other = path.join(parent, 'something-else');
      for (const dir of [killedCall, runningCall, other]) {
        fs.mkdirSync(dir, { mode: 0o700 });
        fs.writeFileSync(path.join(dir, 'kubeconfig'), 'token: abc', { mode: 0o600 });
      }
      expect(await removeLeftoverPrivateFiles(parent)).toBe(1);
      expect(fs.existsSync(killedCall)).toBe(false);
      expect(fs.existsSync(runningCall)).toBe(true);
      expect(fs.existsSync(other)).toBe(true);
      // This process' own calls are named after it, so a later start finds them the same way.
      const seen = await withPrivateFiles({ kubeconfig: 'x' }, async paths => path.basename(path.dirname(paths.kubeconfig)), parent);
      expect(seen).toMatch(new RegExp(`^meshfleet-helm-${process.pid}-`));
    } finally {
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });

  it("shows stderr's last lines without known secrets, tokens or PEM blocks", () => {
    const stderr = [
      'line 1',
      'Error: Kubernetes cluster unreachable: token sk-very-secret-value rejected',
      'Authorization: Bearer abc.def.ghi',
      '-----BEGIN PRIVATE KEY-----',
      'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg',
      '-----END PRIVATE KEY-----',
      'done',
    ].join('\n');
    const tail = stderrTail(stderr, ['sk-very-secret-value']);
    expect(tail).not.toContain('sk-very-secret-value');
    expect(tail).not.toContain('abc.def.ghi');
    expect(tail).not.toContain('MIGHAgEA');
    expect(tail).toContain('Kubernetes cluster unreachable');
    expect(tail.split('\n').length).toBeLessThanOrEqual(8);
  });

  it('finds a chart version in a chart directory only when Chart.yaml says it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'charts-'));
    try {
      fs.mkdirSync(path.join(dir, '1.31.0', 'istiod'), { recursive: true });
      fs.writeFileSync(path.join(dir, '1.31.0', 'istiod', 'Chart.yaml'), 'name: istiod\nversion: 1.31.0\n');
      const source = new DirectoryChartSource(dir);
      expect(await source.localVersion('istiod', '1.31.0')).toBe(true);
      expect(await source.localVersion('base', '1.31.0')).toBe(false);
      expect(await source.localVersion('istiod', '1.30.0')).toBe(false);
      expect(source.chartArgs('istiod', '1.31.0')).toEqual([path.join(dir, '1.31.0', 'istiod')]);
      expect(() => source.chartArgs('istiod', '../../etc')).toThrow("'../../etc' is not a chart version");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names charts of a repository by --repo and --version', () => {
    expect(new RepositoryChartSource('https://charts.example.com').chartArgs('base', '1.31.0')).toEqual([
      'base',
      '--repo',
      'https://charts.example.com',
      '--version',
      '1.31.0',
    ]);
  });
});
