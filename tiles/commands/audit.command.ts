import { auditClearances, resolveClearanceTable } from '../../core/excavation/index.js';
import type { CityStore } from '../../store/index.js';
import { parseCommandOptions } from './command-options.js';

export interface AuditCommandIo {
  store: CityStore;
  log: (line: string) => void;
}

const USAGE = 'usage: audit clearances --city ID [--limit N]';

/**
 * `npm run tiles -- audit clearances --city ID`: a QA report of pairs of links of different networks closer than
 * their minimum clearance (GB 50289 table, with the city's overrides), horizontal and vertical, with locations.
 * Exit code 0 when the city passes, 1 with findings or no such city, 2 on bad arguments.
 */
export async function runAuditCommand(argv: string[], io: AuditCommandIo): Promise<number> {
  const [what, ...rest] = argv;
  const parsed = parseCommandOptions(rest, { city: { type: 'string' }, limit: { type: 'string' } });
  if (typeof parsed === 'string') {
    io.log(`error: ${parsed}\n${USAGE}`);
    return 2;
  }
  const { city } = parsed.values;
  const limit = parsed.values.limit === undefined ? 50 : Number(parsed.values.limit);
  if (what !== 'clearances' || !city || !(limit >= 0)) {
    io.log(USAGE);
    return 2;
  }
  const bundle = await io.store.loadCity(city);
  if (!bundle) {
    io.log(`error: no city "${city}"`);
    return 1;
  }
  const table = resolveClearanceTable(bundle.city.clearances);
  const findings = auditClearances(bundle.nodes, bundle.links, bundle.city.groundElevationM, table, bundle.city.center);
  io.log(`clearance audit of ${city}: ${bundle.links.length} links in ${bundle.networks.length} networks`);
  io.log(`table: ${table.source}`);
  const horizontal = findings.filter((f) => f.kind === 'horizontal').length;
  io.log(`findings: ${findings.length} (${horizontal} horizontal, ${findings.length - horizontal} vertical)`);
  for (const f of findings.slice(0, limit))
    io.log(
      `  ${f.kind} ${f.utilityA}/${f.utilityB} ${f.linkA} x ${f.linkB}: ${f.distanceM.toFixed(2)} m < ${f.requiredM.toFixed(2)} m at ${f.location[0].toFixed(6)},${f.location[1].toFixed(6)}`,
    );
  if (findings.length > limit) io.log(`  ... ${findings.length - limit} more (--limit N)`);
  return findings.length === 0 ? 0 : 1;
}
