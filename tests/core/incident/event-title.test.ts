import { describe, expect, it } from 'vitest';
import { eventTitle, renderTitle, splitBilingual } from '../../../core/incident/index.js';

describe('core/incident/event-title', () => {
  const hihi = {
    key: 'alert.hihi',
    params: {
      sensorId: 'sen-p-1',
      sensorZh: '压力 3',
      sensorEn: 'Pressure 3',
      utility: 'water',
      placeZh: '陆家嘴 1 号网格',
      placeEn: 'Lujiazui cell 1',
      value: 32.259,
      limit: 25,
      unit: 'm',
    },
  };
  it('names the sensor, utility, place, value and limit with unit, in English and in Chinese', () => {
    expect(renderTitle(hihi, 'en')).toBe(
      'Pressure 3 (water, Lujiazui cell 1): 32.3 m, above its critical limit 25.0 m',
    );
    expect(renderTitle(hihi, 'zh')).toBe('压力 3（供水，陆家嘴 1 号网格）：32.3 m，超过高高限 25.0 m');
  });
  it('says a dropout in words, without a value', () => {
    const stale = { key: 'alert.stale', params: { ...hihi.params, value: null, limit: null } };
    expect(renderTitle(stale, 'en')).toBe('Pressure 3 (water, Lujiazui cell 1): no readings');
    expect(renderTitle(stale, 'zh')).toBe('压力 3（供水，陆家嘴 1 号网格）：无读数');
  });
  it('falls back to the stored title for unknown templates and old records', () => {
    expect(eventTitle({ title: 'Gas smell', titleTemplate: { key: 'x.y', params: {} } }, 'zh')).toBe('Gas smell');
    expect(eventTitle({ title: 'Gas smell' }, 'en')).toBe('Gas smell');
  });
  it('splits the demo data’s “中文 / English” names', () => {
    expect(splitBilingual('压力 1 / Pressure 1')).toEqual({ zh: '压力 1', en: 'Pressure 1' });
    expect(splitBilingual('世纪大道压力计')).toEqual({ zh: '世纪大道压力计', en: null });
    expect(splitBilingual(undefined)).toEqual({ zh: null, en: null });
  });
});
