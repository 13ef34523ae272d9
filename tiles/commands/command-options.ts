import { parseArgs } from 'node:util';

/** One option of a command: a value (`--city ID`) or a flag (`--force`), with an optional one-letter alias. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** The options given: a string for each value option, `true` for each flag; absent when not given (last one wins). */
export type OptionValues<S extends OptionSpecs> = {
  [K in keyof S]?: S[K]['type'] extends 'boolean' ? true : string;
};

export interface ParsedCommandOptions<S extends OptionSpecs> {
  values: OptionValues<S>;
  /** The arguments that are no option (files), in order; empty unless the command takes them. */
  positionals: string[];
}

/**
 * Parses a command's arguments with `node:util` parseArgs (strict: only the declared options), or returns an error
 * message in the CLI's words (`unknown option "--x"`, `--city needs a value`, `unexpected argument "x"`).
 *
 * The word after a value option is always its value, as in `--anchor -73.98,40.75` or `--scale -1`: parseArgs would
 * take a value starting with a dash for an option, so `--opt value` is passed to it as `--opt=value`.
 */
export function parseCommandOptions<S extends OptionSpecs>(
  argv: readonly string[],
  specs: S,
  { positionals = false }: { positionals?: boolean } = {},
): ParsedCommandOptions<S> | string {
  const byShort = new Map<string, string>();
  for (const [name, spec] of Object.entries(specs)) if (spec.short) byShort.set(`-${spec.short}`, name);
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      args.push(...argv.slice(i));
      break;
    }
    const name = a.startsWith('--') ? a.slice(2) : byShort.get(a);
    if (name !== undefined && specs[name]?.type === 'string' && i + 1 < argv.length) {
      args.push(`--${name}=${argv[++i]!}`);
    } else args.push(a);
  }
  try {
    const parsed = parseArgs({
      args,
      options: specs as Record<string, OptionSpec>,
      strict: true,
      allowPositionals: positionals,
    });
    return { values: parsed.values as OptionValues<S>, positionals: parsed.positionals };
  } catch (e) {
    return describeError(args, specs, positionals) ?? (e as Error).message;
  }
}

/** The first argument parseArgs refuses, said the CLI's way (null when none is found: its own message then). */
function describeError(args: string[], specs: OptionSpecs, positionals: boolean): string | null {
  const options = specs as Record<string, OptionSpec>;
  const { tokens } = parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true });
  for (const t of tokens) {
    if (t.kind === 'positional' && !positionals) return `unexpected argument "${t.value}"`;
    if (t.kind !== 'option') continue;
    const spec = Object.hasOwn(specs, t.name) ? specs[t.name] : undefined;
    const short = !t.rawName.startsWith('--');
    if (!spec || (short && spec.short !== t.rawName.slice(1))) return `unknown option "${t.rawName}"`;
    if (spec.type === 'string' && t.value === undefined) return `${t.rawName} needs a value`;
    if (spec.type === 'boolean' && t.value !== undefined) return `${t.rawName} takes no value`;
  }
  return null;
}
