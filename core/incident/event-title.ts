import type { Event, Utility } from '../model/index.js';

/** The languages GridTwin speaks. */
export type TitleLang = 'en' | 'zh';

/** What an event title is made of: a template key and its parameters, rendered in the reader's language. */
export interface TitleTemplate {
  key: string;
  params: Record<string, string | number | null>;
}

/** A name written `中文 / English` (the demo data's convention) split into its two languages. */
export function splitBilingual(name: string | undefined | null): { zh: string | null; en: string | null } {
  if (!name) return { zh: null, en: null };
  const parts = name.split(' / ');
  if (parts.length === 2) return { zh: parts[0]!.trim(), en: parts[1]!.trim() };
  return /[\u4e00-\u9fff]/.test(name) ? { zh: name, en: null } : { zh: null, en: name };
}

const UTILITY_WORDS: Record<Utility, { en: string; zh: string }> = {
  water: { en: 'water', zh: '供水' },
  sewer: { en: 'sewer', zh: '污水' },
  storm: { en: 'storm', zh: '雨水' },
  gas: { en: 'gas', zh: '燃气' },
  heat: { en: 'heating', zh: '供热' },
  power: { en: 'power', zh: '电力' },
  telecom: { en: 'telecom', zh: '通信' },
};

const RULE_WORDS: Record<string, { en: string; zh: string }> = {
  hihi: { en: 'above its critical limit', zh: '超过高高限' },
  hi: { en: 'above its high limit', zh: '超过高限' },
  lo: { en: 'below its low limit', zh: '低于低限' },
  lolo: { en: 'below its critical low limit', zh: '低于低低限' },
  rate: { en: 'changing too fast', zh: '变化过快' },
  flatline: { en: 'stuck at one value', zh: '读数停滞' },
  stale: { en: 'no readings', zh: '无读数' },
  offline: { en: 'offline', zh: '设备离线' },
  simulation: { en: 'simulation finding', zh: '模拟发现' },
};

function fmt(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  const abs = Math.abs(v);
  return abs >= 100 ? v.toFixed(0) : abs >= 1 ? v.toFixed(1) : v.toPrecision(2);
}

/**
 * Renders a title template in `lang`. Keys: `alert.<rule>` with params sensorZh/sensorEn, utility, placeZh/placeEn,
 * value, limit, unit, rate (per second); `dig.permit`, `dig.task`; `sim.<finding>` (simulationTitle). Unknown keys
 * answer null (the caller falls back to the stored title).
 */
export function renderTitle(t: TitleTemplate, lang: TitleLang): string | null {
  const p = t.params;
  if (t.key === 'dig.permit' || t.key === 'dig.task') return digTitle(t, lang);
  if (t.key.startsWith('sim.')) return simulationTitle(t, lang);
  if (!t.key.startsWith('alert.')) return null;
  const rule = RULE_WORDS[t.key.slice('alert.'.length)];
  if (!rule) return null;
  const sensor = (lang === 'zh' ? (p.sensorZh ?? p.sensorEn) : (p.sensorEn ?? p.sensorZh)) ?? p.sensorId ?? '';
  const place = lang === 'zh' ? (p.placeZh ?? p.placeEn) : (p.placeEn ?? p.placeZh);
  const utility = typeof p.utility === 'string' ? UTILITY_WORDS[p.utility as Utility]?.[lang] : undefined;
  const unit = p.unit ? ` ${p.unit}` : '';
  const value = p.value === null || p.value === undefined ? '' : `${fmt(p.value)}${unit}`;
  const limit = p.limit === null || p.limit === undefined ? '' : `${fmt(p.limit)}${unit}`;
  const where = [utility, place].filter(Boolean).join(lang === 'zh' ? '，' : ', ');
  const head = where ? (lang === 'zh' ? `${sensor}（${where}）` : `${sensor} (${where})`) : `${sensor}`;
  let what: string;
  if (value && limit) what = lang === 'zh' ? `${value}，${rule.zh} ${limit}` : `${value}, ${rule.en} ${limit}`;
  else if (value) what = lang === 'zh' ? `${rule.zh}（${value}）` : `${rule.en} (${value})`;
  else what = lang === 'zh' ? rule.zh : rule.en;
  return lang === 'zh' ? `${head}：${what}` : `${head}: ${what}`;
}

/** A bilingual parameter pair (`<name>Zh`, `<name>En`) in `lang`, falling back to the other language. */
function pick(p: TitleTemplate['params'], name: string, lang: TitleLang): string | null {
  const zh = p[`${name}Zh`],
    en = p[`${name}En`];
  const v = lang === 'zh' ? (zh ?? en) : (en ?? zh);
  return typeof v === 'string' && v !== '' ? v : null;
}

/**
 * `dig.permit` {title, road*, place*} and `dig.task` {title, utility, count, road*, place*}: a dig permit and one
 * utility's coordination task, named by the works' title (`中文 / English` split by language), the utility, the street
 * the nearest element lies on and the grid cell; any part missing is left out.
 */
function digTitle(t: TitleTemplate, lang: TitleLang): string {
  const p = t.params;
  const raw = typeof p.title === 'string' ? splitBilingual(p.title) : { zh: null, en: null };
  const title = (lang === 'zh' ? (raw.zh ?? raw.en) : (raw.en ?? raw.zh)) ?? '';
  const road = pick(p, 'road', lang);
  const place = pick(p, 'place', lang);
  const where = [road, place].filter((v): v is string => v !== null);
  if (t.key === 'dig.permit') {
    if (lang === 'zh') return `挖掘许可：${title}${where.length ? `（${where.join('，')}）` : ''}`;
    return `Dig permit: ${title}${where.length ? ` (${where.join(', ')})` : ''}`;
  }
  const u = typeof p.utility === 'string' ? UTILITY_WORDS[p.utility as Utility]?.[lang] : undefined;
  const who = u ?? String(p.utility ?? '');
  const count = typeof p.count === 'number' ? p.count : null;
  if (lang === 'zh') {
    const what = count === null ? '' : `${count} 处${who}设施`;
    const at = road ? `${road}${what ? ' ' : ''}` : '';
    const cell = place ? `（${place}）` : '';
    return `挖掘协调（${who}）：${at}${what}${cell}${at || what || cell ? ' — ' : ''}${title}`;
  }
  const what = count === null ? '' : `${count} ${who} element${count === 1 ? '' : 's'}`;
  const at = road ? `${what ? ' on ' : 'on '}${road}` : '';
  const cell = place ? `${what || at ? ', ' : ''}${place}` : '';
  return `Dig-safe coordination (${who}): ${what}${at}${cell}${what || at || cell ? ' — ' : ''}${title}`;
}

/** The findings a simulation titles its events by, one template key each. */
export type SimulationTitleKey =
  'sim.burstMain' | 'sim.burstCut' | 'sim.stormOverflow' | 'sim.stormSurcharge' | 'sim.gasCore' | 'sim.gasZone';

/** `{place}` stands for the grid cell's name (or id), `{count}` for a number of manholes. */
const SIMULATION_TITLES: Record<SimulationTitleKey, { en: string; zh: string }> = {
  'sim.burstMain': { en: 'Main burst in {place}', zh: '{place}：供水管爆管' },
  'sim.burstCut': { en: 'Water supply cut by a main burst: {place}', zh: '{place}：爆管导致停水' },
  'sim.stormOverflow': {
    en: 'Storm: {count} manholes overflow in {place}',
    zh: '{place}：暴雨致 {count} 个检查井溢流',
  },
  'sim.stormSurcharge': {
    en: 'Storm: {count} manholes surcharged in {place}',
    zh: '{place}：暴雨致 {count} 个检查井超载',
  },
  'sim.gasCore': { en: 'Gas leak: evacuate and isolate, {place}', zh: '{place}：燃气泄漏，疏散并隔离' },
  'sim.gasZone': { en: 'Gas leak: buildings in the evacuation zone, {place}', zh: '{place}：燃气泄漏疏散区内的建筑' },
};

const OUTSIDE_GRIDS = { en: 'outside the grids', zh: '网格外' } as const;

/** Whether `key` is a simulation finding's title key. */
export function isSimulationTitleKey(key: string): key is SimulationTitleKey {
  return Object.hasOwn(SIMULATION_TITLES, key);
}

/**
 * A simulation finding (`sim.<finding>`) with params placeZh/placeEn (the cell's names), gridId and count: the place
 * is the cell's name in `lang` (either name when one is missing), else its id, else "outside the grids".
 */
function simulationTitle(t: TitleTemplate, lang: TitleLang): string | null {
  if (!isSimulationTitleKey(t.key)) return null;
  const p = t.params;
  const place =
    (lang === 'zh' ? (p.placeZh ?? p.placeEn) : (p.placeEn ?? p.placeZh)) ?? p.gridId ?? OUTSIDE_GRIDS[lang];
  return SIMULATION_TITLES[t.key][lang].replace('{place}', String(place)).replace('{count}', String(p.count ?? ''));
}

/** An event's title in `lang`: from its template when it has one, else the stored title. */
export function eventTitle(event: Pick<Event, 'title' | 'titleTemplate'>, lang: TitleLang): string {
  return (event.titleTemplate && renderTitle(event.titleTemplate, lang)) ?? event.title;
}
