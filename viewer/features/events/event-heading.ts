import { DIG_PERMIT_CATEGORY, DIG_TASK_CATEGORY } from '../../../core/incident/dig-permit.js';
import {
  eventTitle,
  isSimulationTitleKey,
  renderTitle,
  type SimulationTitleKey,
} from '../../../core/incident/event-title.js';
import type { Event } from '../../../core/model/index.js';
import { isMessageKey, translate } from '../../state/i18n.js';

type Lang = 'en' | 'zh';

/** What an event heading is made of. */
export type HeadedEvent = Pick<Event, 'title' | 'titleTemplate' | 'source' | 'category' | 'description' | 'gridId'>;

/** How long a resident's words may run in a title before they are cut (the full text is in the description). */
const REPORT_TEXT_CHARS = 60;

/**
 * An event's category in words: a report's category (`water-leak`), a sensor alarm (`pressure-alarm`), a simulation
 * finding (`simulation-burst`) or a dig permit; an unknown category as it is.
 */
export function categoryWords(category: string, lang: Lang): string {
  const report = `report.category.${category}`;
  if (isMessageKey(report)) return translate(lang, report);
  if (category === DIG_PERMIT_CATEGORY) return translate(lang, 'words.category.digPermit');
  if (category === DIG_TASK_CATEGORY) return translate(lang, 'words.category.digTask');
  const simulation = /^simulation-(.+)$/.exec(category);
  if (simulation) {
    const key = `words.sim.${simulation[1]}`;
    return translate(lang, 'words.category.simulation', {
      kind: isMessageKey(key) ? translate(lang, key) : simulation[1]!,
    });
  }
  const alarm = /^(.+)-alarm$/.exec(category);
  if (alarm) {
    const key = `sensorKind.${alarm[1]}`;
    const kind = isMessageKey(key) ? translate(lang, key) : translate(lang, 'words.sensor');
    return translate(lang, 'words.category.alarm', { kind });
  }
  return category;
}

/**
 * Events stored before simulation findings carried a `sim.*` title template have only an English title,
 * `<what> (<grid id>)`: the known shapes are rendered in the reader's language with the grid's name; any other
 * title stays as it is.
 */
function legacySimulationTitle(title: string, lang: Lang, place: string): string | null {
  const head = /^(.*) \([^()]*\)$/.exec(title)?.[1] ?? title;
  const shapes: [RegExp, SimulationTitleKey][] = [
    [/^Main burst on /, 'sim.burstMain'],
    [/^Water supply cut by the burst on /, 'sim.burstCut'],
    [/^Storm: (\d+) manholes overflow$/, 'sim.stormOverflow'],
    [/^Storm: (\d+) manholes surcharge$/, 'sim.stormSurcharge'],
    [/^Gas leak: evacuate and isolate$/, 'sim.gasCore'],
    [/^Gas leak: buildings in the evacuation zone$/, 'sim.gasZone'],
  ];
  for (const [shape, key] of shapes) {
    const m = shape.exec(head);
    if (m) return renderTitle({ key, params: { placeZh: place, placeEn: place, count: m[1] ?? null } }, lang);
  }
  return null;
}

/**
 * An event's title in the reader's language: from its template when it has one (alerts, digs, simulation findings,
 * these with the grid's name as the viewer knows it); a resident's report as its category in words and the start of
 * their own text; an older simulation finding from its English title; else the stored title. `placeName` names a grid cell by id (undefined when unknown).
 */
export function eventHeading(
  event: HeadedEvent,
  lang: Lang,
  placeName: (gridId: string) => string | undefined,
): string {
  const template = event.titleTemplate;
  if (template && isSimulationTitleKey(template.key) && event.gridId) {
    // The viewer's own name of the cell (the loaded grids) wins over the one the event was made with.
    const local = placeName(event.gridId);
    if (local)
      return eventTitle(
        { ...event, titleTemplate: { ...template, params: { ...template.params, placeZh: local, placeEn: local } } },
        lang,
      );
  }
  if (template) return eventTitle(event, lang);
  if (event.source.kind === 'report') {
    const words = event.description.trim();
    const text =
      words.length > REPORT_TEXT_CHARS
        ? `${words.slice(0, REPORT_TEXT_CHARS)}…`
        : words || translate(lang, 'words.reported');
    return translate(lang, 'words.title.report', { category: categoryWords(event.category, lang), text });
  }
  if (event.source.kind === 'simulation') {
    const place =
      (event.gridId ? placeName(event.gridId) : undefined) ?? event.gridId ?? translate(lang, 'words.outsideGrids');
    return legacySimulationTitle(event.title, lang, place) ?? event.title;
  }
  return event.title;
}
