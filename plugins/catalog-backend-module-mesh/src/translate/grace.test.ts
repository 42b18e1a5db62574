import { isPastGracePeriod } from './grace';

describe('isPastGracePeriod', () => {
  const options = { now: new Date('2026-01-01T12:00:00Z'), unreachableGracePeriodMs: 60 * 60 * 1000 };

  it('keeps reachable clusters', () => {
    expect(isPastGracePeriod({ reachability: 'reachable', unreachableSince: '2020-01-01T00:00:00Z' }, options)).toBe(false);
  });

  it('keeps a cluster unreachable for less than the period', () => {
    expect(isPastGracePeriod({ reachability: 'unreachable', unreachableSince: '2026-01-01T11:30:00Z' }, options)).toBe(false);
  });

  it('drops a cluster unreachable for longer than the period', () => {
    expect(isPastGracePeriod({ reachability: 'unreachable', unreachableSince: '2026-01-01T10:59:59Z' }, options)).toBe(true);
  });

  it('keeps a cluster when the time is missing or unreadable', () => {
    expect(isPastGracePeriod({ reachability: 'unreachable' }, options)).toBe(false);
    expect(isPastGracePeriod({ reachability: 'unreachable', unreachableSince: 'yesterday' }, options)).toBe(false);
  });
});
