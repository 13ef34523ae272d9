import { useEffect, useState } from 'react';
import type { CrewAnswer as Crew } from '../../core/contracts/index.js';
import { api } from '../api/api-client.js';
import { localName } from '../state/i18n.js';

let directory: Promise<ReadonlyMap<string, Crew>> | null = null;

/**
 * The city's crews by id, loaded once per page (crews change with the city, not while a manager works); a failed
 * load is forgotten so the next caller asks again.
 */
export function loadCrewDirectory(): Promise<ReadonlyMap<string, Crew>> {
  directory ??= api.crews().then((crews) => new Map(crews.map((c) => [c.id, c])) as ReadonlyMap<string, Crew>)
    .catch((err: unknown) => { directory = null; throw err; });
  return directory;
}

/**
 * The crews by id for rendering names instead of ids: empty until loaded (callers fall back to the id), then the
 * directory; one request however many components ask.
 */
export function useCrewDirectory(): ReadonlyMap<string, Crew> {
  const [crews, setCrews] = useState<ReadonlyMap<string, Crew>>(new Map());
  useEffect(() => {
    let live = true;
    loadCrewDirectory().then((d) => { if (live) setCrews(d); }).catch(() => undefined);
    return () => { live = false; };
  }, []);
  return crews;
}

/** A crew's display name in `language`: its name when known, else its id (until the directory has loaded). */
export function crewLabel(crews: ReadonlyMap<string, Crew>, id: string, language: 'en' | 'zh'): string {
  return localName(crews.get(id), language) ?? id;
}

/**
 * A grid worker's display name in `language`. Events keep the worker by name (the cell's worker of record or an
 * account); when it is the cell's worker of record, that record's English name is shown to English readers.
 */
export function workerLabel(
  name: string,
  cell: { worker?: { name: string; nameEn?: string | undefined } | undefined } | undefined,
  language: 'en' | 'zh',
): string {
  return cell?.worker?.name === name ? (localName(cell.worker, language) ?? name) : name;
}
