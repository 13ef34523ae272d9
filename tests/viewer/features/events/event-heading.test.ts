import { describe, expect, it } from 'vitest';
import type { Event } from '../../../../core/model/index.js';
import { categoryWords, eventHeading, type HeadedEvent } from '../../../../viewer/features/events/event-heading.js';
import { crewLabel, workerLabel } from '../../../../viewer/data/crew-directory.js';
import { localName } from '../../../../viewer/state/i18n.js';

const places: Record<string, { name: string; nameEn: string }> = {
  'g-cell-7': { name: '梅园社区第3网格', nameEn: 'Meiyuan Community Grid 3' },
};
const placeName = (lang: 'en' | 'zh') => (id: string) => localName(places[id], lang);

function event(over: Partial<HeadedEvent>): HeadedEvent {
  return {
    title: 'stored title',
    source: { kind: 'report', reporter: 'u-1' },
    category: 'water-leak',
    description: '',
    gridId: 'g-cell-7',
    ...over,
  } as HeadedEvent;
}

describe('viewer words: names and event headings in the reader language', () => {
  it('picks the name in the reader language, falling back to the other one', () => {
    expect(localName({ name: '陈建华', nameEn: 'Chen Jianhua' }, 'en')).toBe('Chen Jianhua');
    expect(localName({ name: '陈建华', nameEn: 'Chen Jianhua' }, 'zh')).toBe('陈建华');
    expect(localName({ name: '陈建华' }, 'en')).toBe('陈建华');
    expect(localName({ nameEn: 'Pudong' }, 'zh')).toBe('Pudong');
    expect(localName(undefined, 'en')).toBeUndefined();
  });

  it('names crews and the cell worker of record in both languages, others as stored', () => {
    const crews = new Map([
      [
        'crew-1',
        {
          id: 'crew-1',
          utility: 'water' as const,
          name: '浦东供水抢修一队',
          nameEn: 'Pudong Water Repair Crew 1',
          phone: '1',
        },
      ],
    ]);
    expect(crewLabel(crews, 'crew-1', 'en')).toBe('Pudong Water Repair Crew 1');
    expect(crewLabel(crews, 'crew-1', 'zh')).toBe('浦东供水抢修一队');
    expect(crewLabel(crews, 'crew-unknown', 'en')).toBe('crew-unknown');
    const cell = { worker: { name: '陈建华', nameEn: 'Chen Jianhua' } };
    expect(workerLabel('陈建华', cell, 'en')).toBe('Chen Jianhua');
    expect(workerLabel('陈建华', cell, 'zh')).toBe('陈建华');
    expect(workerLabel('Li Ming (crew account)', cell, 'en')).toBe('Li Ming (crew account)');
  });

  it('words every kind of category, never the raw enum for a known one', () => {
    expect(categoryWords('water-leak', 'en')).toBe('water leak');
    expect(categoryWords('water-leak', 'zh')).toBe('漏水');
    expect(categoryWords('pressure-alarm', 'en')).toBe('pressure alarm');
    expect(categoryWords('pressure-alarm', 'zh')).toBe('压力报警');
    expect(categoryWords('simulation-gas-leak', 'zh')).toBe('模拟：燃气泄漏');
    expect(categoryWords('dig-permit', 'en')).toBe('dig permit');
    expect(categoryWords('something-new', 'en')).toBe('something-new');
  });

  it("titles a resident's report by its category in words and their own text", () => {
    const e = event({ title: 'water-leak: Water on the road', description: 'Water on the road' });
    expect(eventHeading(e, 'en', placeName('en'))).toBe('water leak: Water on the road');
    expect(eventHeading(e, 'zh', placeName('zh'))).toBe('漏水：Water on the road');
    // Redacted for anonymous readers: no text, the category stays.
    expect(eventHeading(event({ description: '' }), 'zh', placeName('zh'))).toBe('漏水：已上报');
    const long = 'x'.repeat(80);
    expect(eventHeading(event({ description: long }), 'en', placeName('en'))).toBe(`water leak: ${'x'.repeat(60)}…`);
  });

  it('titles simulation findings with the grid name instead of its id, in both languages', () => {
    const sim = (title: string) =>
      event({ title, source: { kind: 'simulation', simulationId: 's-1' }, category: 'simulation-burst' });
    expect(eventHeading(sim('Main burst on w-l-000307 (g-cell-7)'), 'en', placeName('en'))).toBe(
      'Main burst in Meiyuan Community Grid 3',
    );
    expect(eventHeading(sim('Storm: 4 manholes overflow (g-cell-7)'), 'zh', placeName('zh'))).toBe(
      '梅园社区第3网格：暴雨致 4 个检查井溢流',
    );
    expect(eventHeading(sim('Gas leak: evacuate and isolate (outside the grids)'), 'zh', () => undefined)).toBe(
      'g-cell-7：燃气泄漏，疏散并隔离',
    );
    expect(eventHeading(sim('A shape we do not know (g-cell-7)'), 'zh', placeName('zh'))).toBe(
      'A shape we do not know (g-cell-7)',
    );
  });

  it('renders alert events from their template', () => {
    const e = event({
      title: 'English only',
      source: { kind: 'alert', alertId: 'a-1', sensorId: 's-1', rule: 'hihi' },
      category: 'pressure-alarm',
      titleTemplate: {
        key: 'alert.hihi',
        params: { sensorZh: '压力计', sensorEn: 'Pressure gauge', utility: 'water', value: 32.3, limit: 25, unit: 'm' },
      },
    } as Partial<Event>);
    expect(eventHeading(e, 'zh', placeName('zh'))).toContain('压力计');
    expect(eventHeading(e, 'en', placeName('en'))).toContain('Pressure gauge');
  });

  it('renders simulation findings from their template, the cell named as the viewer knows it', () => {
    const sim = (key: string, params: Record<string, string | number | null>) =>
      event({
        // The stored English title is not what is shown: nothing is matched by text.
        title: 'stored title, not shown',
        source: { kind: 'simulation', simulationId: 's-1' },
        category: 'simulation-storm',
        titleTemplate: { key, params },
      } as Partial<Event>);
    const made = { gridId: 'g-cell-7', placeZh: '旧名网格', placeEn: 'Old name grid' };
    expect(eventHeading(sim('sim.stormSurcharge', { ...made, count: 3 }), 'en', placeName('en'))).toBe(
      'Storm: 3 manholes surcharged in Meiyuan Community Grid 3',
    );
    expect(eventHeading(sim('sim.stormSurcharge', { ...made, count: 3 }), 'zh', placeName('zh'))).toBe(
      '梅园社区第3网格：暴雨致 3 个检查井超载',
    );
    // The viewer does not know the cell: the names the event was made with.
    expect(eventHeading(sim('sim.gasCore', made), 'zh', () => undefined)).toBe('旧名网格：燃气泄漏，疏散并隔离');
    expect(eventHeading(sim('sim.gasCore', made), 'en', () => undefined)).toBe(
      'Gas leak: evacuate and isolate, Old name grid',
    );
  });
});
