import { formatDuration, parseDuration } from './durations';

describe('durations', () => {
  it('parses PromQL durations', () => {
    expect(parseDuration('window', '90s')).toBe(90_000);
    expect(parseDuration('window', '1h30m')).toBe(5_400_000);
    expect(parseDuration('step', '250ms')).toBe(250);
  });

  it('refuses other text, naming the field', () => {
    expect(() => parseDuration('window', '5 minutes')).toThrow(
      "window: '5 minutes' is not a duration; expected a number with a unit, e.g. 30s, 5m, 1h",
    );
    expect(() => parseDuration('step', '0s')).toThrow('step');
  });

  it('formats the shortest exact form', () => {
    expect(formatDuration(300_000)).toBe('5m');
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(75_000)).toBe('1m15s');
  });
});
