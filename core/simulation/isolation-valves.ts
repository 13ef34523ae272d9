import { z } from 'zod';
import type { Network, NetworkLink } from '../model/index.js';

/** EPANET valve types. */
export const VALVE_TYPES = ['PRV', 'PSV', 'PBV', 'FCV', 'TCV', 'GPV', 'PCV'] as const;

/**
 * Which valve links crews close to isolate a burst, kept on a network as `metadata.isolationValves`. EPANET models
 * the gate valves of a real network as links (mostly throttle control valves, TCV, or general purpose valves, GPV);
 * pressure and flow control valves (PRV, PSV, PBV, FCV) regulate and count only where a network says so.
 */
export const IsolationValvesSchema = z.object({
  /** Valve types that are isolation devices. @default TCV and GPV */
  types: z.array(z.enum(VALVE_TYPES)).default(['TCV', 'GPV']),
  /** Any valve link whose id, EPANET id, name or tag matches this regular expression (case-insensitive) counts too. */
  pattern: z.string().optional(),
});
export type IsolationValves = z.infer<typeof IsolationValvesSchema>;

/** The defaults: TCV and GPV links. */
export const DEFAULT_ISOLATION_VALVES: IsolationValves = { types: ['TCV', 'GPV'] };

/** A network's isolation-valve setting, or the defaults when it has none (or a malformed one). */
export function isolationValvesOf(network: Pick<Network, 'metadata'> | undefined): IsolationValves {
  const parsed = IsolationValvesSchema.safeParse(network?.metadata.isolationValves ?? {});
  return parsed.success ? parsed.data : DEFAULT_ISOLATION_VALVES;
}

/**
 * Compiles a pattern of `--isolation-valves`. @throws RangeError naming the problem when it is not a valid regular
 * expression.
 */
export function compileValvePattern(pattern: string): RegExp {
  try {
    return new RegExp(pattern, 'i');
  } catch (e) {
    throw new RangeError(`isolation valve pattern "${pattern}" is not a regular expression: ${(e as Error).message}`, {
      cause: e,
    });
  }
}

/** A predicate telling whether a link is an isolation valve under a setting. */
export function isolationValveLinkTest(config: IsolationValves): (link: NetworkLink) => boolean {
  const types = new Set<string>(config.types);
  let re: RegExp | null = null;
  if (config.pattern) {
    try {
      re = compileValvePattern(config.pattern);
    } catch {
      re = null; // validated on import; a stored bad pattern falls back to the types alone
    }
  }
  return (link) => {
    if (link.kind !== 'valve') return false;
    const type = link.hydraulics?.valveType;
    if (type && types.has(type)) return true;
    if (!re) return false;
    const tag = link.attributes.tag;
    return [link.id, link.provenance.sourceId, link.name, typeof tag === 'string' ? tag : undefined].some(
      (text) => text !== undefined && re.test(text),
    );
  };
}
