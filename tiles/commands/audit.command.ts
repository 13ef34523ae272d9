import { auditClearances, resolveClearanceTable } from '../../core/excavation/index.js';
import type { CityStore } from '../../store/index.js';

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
  let city: string | undefined;
  let limit = 50;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === '--city') city = rest[++i];
    else if (a === '--limit') limit = Number(rest[++i]);
    else {
      io.log(`error: unknown argument "${a}"\n${USAGE}`);
      return 2;
    }
  }
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
