import { describe, expect, it } from 'vitest';
import { formatDuration, formatNumber } from '../../../../viewer/features/kpis/kpi-charts.js';

describe('viewer/features/kpis formatting', () => {
  it('writes counts as integers and shares with two or one decimals', () => {
    expect(formatNumber(1234)).toBe('1234');
    expect(formatNumber(0.123)).toBe('0.12');
    expect(formatNumber(12.34)).toBe('12.3');
    expect(formatNumber(0)).toBe('0');
  });

  it('writes durations in the unit a duty officer reads at a glance, and a dash for none', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(42.4)).toBe('42 s');
    expect(formatDuration(89)).toBe('89 s');
    expect(formatDuration(90)).toBe('2 min');
    expect(formatDuration(12 * 60)).toBe('12 min');
    expect(formatDuration(5400)).toBe('1.5 h');
    expect(formatDuration(3.5 * 3600)).toBe('3.5 h');
    expect(formatDuration(2.1 * 86_400)).toBe('2.1 d');
  });
});
