import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { formatIstioVersion, formatUtc, MeshHealthStatus, ReachabilityStatus, Timestamp } from './index';

describe('shared mesh components', () => {
  it.each([
    ['healthy', 'Healthy'],
    ['degraded', 'Degraded'],
    ['unknown', 'Not read yet'],
  ] as const)('shows mesh health %s as %s', async (health, text) => {
    await renderInTestApp(<MeshHealthStatus health={health} />);
    expect(screen.getByText(text)).toBeInTheDocument();
  });

  it.each([
    ['reachable', 'Reachable'],
    ['unreachable', 'Unreachable'],
    ['needs-user-credentials', 'Needs a signed-in user'],
    ['unknown', 'Not contacted yet'],
  ] as const)('shows reachability %s as %s', async (reachability, text) => {
    await renderInTestApp(<ReachabilityStatus reachability={reachability} />);
    expect(screen.getByText(text)).toBeInTheDocument();
  });

  it('shows times in UTC and says when there is none', async () => {
    expect(formatUtc('2026-09-21T10:15:03.120Z')).toBe('2026-09-21 10:15:03 UTC');
    expect(formatUtc('not a time')).toBe('not a time');
    await renderInTestApp(
      <>
        <Timestamp value="2026-09-21T10:15:03Z" />
        <Timestamp missing="never synced" />
      </>,
    );
    expect(screen.getByText('2026-09-21 10:15:03 UTC')).toBeInTheDocument();
    expect(screen.getByText('never synced')).toBeInTheDocument();
  });

  it('formats the Istio version with its revisions', () => {
    expect(formatIstioVersion('1.28.0', ['1-28-0'])).toBe('1.28.0 (revision 1-28-0)');
    expect(formatIstioVersion('1.28.0', ['1-28-0', 'canary'])).toBe('1.28.0 (revisions 1-28-0, canary)');
    expect(formatIstioVersion(undefined, [])).toBe('version unknown (no istiod found)');
  });
});
