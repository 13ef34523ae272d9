import { describe, expect, it } from 'vitest';
import { eventTitle, isSimulationTitleKey, renderTitle, splitBilingual } from '../../../core/incident/index.js';

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

  it('renders simulation findings in both languages from the cell names, without the English text', () => {
    const place = { gridId: 'g-cell-7', placeZh: '梅园社区第3网格', placeEn: 'Meiyuan Community Grid 3' };
    const storm = { key: 'sim.stormOverflow', params: { ...place, count: 4, linkId: null } };
    expect(renderTitle(storm, 'en')).toBe('Storm: 4 manholes overflow in Meiyuan Community Grid 3');
    expect(renderTitle(storm, 'zh')).toBe('梅园社区第3网格：暴雨致 4 个检查井溢流');
    const burst = { key: 'sim.burstMain', params: { ...place, linkId: 'w-l-000307', count: null } };
    expect(renderTitle(burst, 'zh')).toBe('梅园社区第3网格：供水管爆管');
    expect(renderTitle(burst, 'en')).toBe('Main burst in Meiyuan Community Grid 3');
  });

  it('names a simulation finding by the other name, the grid id, or "outside the grids" when names are missing', () => {
    const onlyZh = { key: 'sim.gasCore', params: { gridId: 'g-1', placeZh: '陆家嘴网格', placeEn: null } };
    expect(renderTitle(onlyZh, 'en')).toBe('Gas leak: evacuate and isolate, 陆家嘴网格');
    const noNames = { key: 'sim.burstCut', params: { gridId: 'g-1', placeZh: null, placeEn: null } };
    expect(renderTitle(noNames, 'zh')).toBe('g-1：爆管导致停水');
    const outside = { key: 'sim.gasZone', params: { gridId: null } };
    expect(renderTitle(outside, 'en')).toBe('Gas leak: buildings in the evacuation zone, outside the grids');
    expect(renderTitle(outside, 'zh')).toBe('网格外：燃气泄漏疏散区内的建筑');
    // A key of a later version: the caller falls back to the stored title.
    expect(renderTitle({ key: 'sim.tsunami', params: {} }, 'en')).toBeNull();
    expect(isSimulationTitleKey('sim.tsunami')).toBe(false);
    expect(isSimulationTitleKey('sim.stormSurcharge')).toBe(true);
    expect(eventTitle({ title: 'Tsunami (g-1)', titleTemplate: { key: 'sim.tsunami', params: {} } }, 'zh')).toBe(
      'Tsunami (g-1)',
    );
  });

  it('names dig permits and their coordination tasks in words: utility, count, street and cell, title by language', () => {
    const params = {
      title: '更换阀门 / Valve replacement',
      utility: 'gas',
      count: 2,
      roadZh: '世纪大道',
      roadEn: 'Century Avenue',
      placeZh: '东昌二网格',
      placeEn: 'Dongchang Cell 2',
    };
    expect(renderTitle({ key: 'dig.task', params }, 'en')).toBe(
      'Dig-safe coordination (gas): 2 gas elements on Century Avenue, Dongchang Cell 2 — Valve replacement',
    );
    expect(renderTitle({ key: 'dig.task', params }, 'zh')).toBe(
      '挖掘协调（燃气）：世纪大道 2 处燃气设施（东昌二网格） — 更换阀门',
    );
    // A street known only in Chinese is written in Chinese in both; a single element, no cell.
    const one = { title: 'Survey pit', utility: 'water', count: 1, roadZh: '银城中路', roadEn: null };
    expect(renderTitle({ key: 'dig.task', params: one }, 'en')).toBe(
      'Dig-safe coordination (water): 1 water element on 银城中路 — Survey pit',
    );
    expect(renderTitle({ key: 'dig.permit', params }, 'en')).toBe(
      'Dig permit: Valve replacement (Century Avenue, Dongchang Cell 2)',
    );
    expect(renderTitle({ key: 'dig.permit', params }, 'zh')).toBe('挖掘许可：更换阀门（世纪大道，东昌二网格）');
    // Older permits stored only the title and utility.
    expect(renderTitle({ key: 'dig.task', params: { title: 'x', utility: 'power' } }, 'zh')).toBe(
      '挖掘协调（电力）：x',
    );
  });
});
