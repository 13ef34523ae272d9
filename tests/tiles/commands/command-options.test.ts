import { describe, expect, it } from 'vitest';
import { parseCommandOptions, type OptionSpecs } from '../../../tiles/commands/command-options.js';
import { parseImportArgs } from '../../../tiles/commands/import.command.js';

const SPECS = {
  city: { type: 'string' },
  anchor: { type: 'string' },
  output: { type: 'string', short: 'o' },
  force: { type: 'boolean' },
} as const satisfies OptionSpecs;

describe('tiles/commands/command-options', () => {
  it('reads value options, flags, a short alias and files', () => {
    const r = parseCommandOptions(['--city', 'ky', 'a.inp', '--force', '-o', 'out.inp', 'b.inp'], SPECS, {
      positionals: true,
    });
    expect(r).toEqual({ values: { city: 'ky', force: true, output: 'out.inp' }, positionals: ['a.inp', 'b.inp'] });
    expect(parseCommandOptions(['--city=ky', '--city', 'nyc'], SPECS)).toMatchObject({ values: { city: 'nyc' } });
  });

  it('takes the word after a value option as its value, even when it starts with a dash', () => {
    const r = parseCommandOptions(['--anchor', '-73.98,40.75', '-o', '-', '--city', '--force'], SPECS);
    expect(r).toMatchObject({ values: { anchor: '-73.98,40.75', output: '-', city: '--force' } });
    expect(r).not.toHaveProperty('values.force');
  });

  it("says what is wrong in the CLI's words", () => {
    expect(parseCommandOptions(['--city', 'ky', '--frobnicate'], SPECS)).toBe('unknown option "--frobnicate"');
    expect(parseCommandOptions(['-x'], SPECS)).toBe('unknown option "-x"');
    expect(parseCommandOptions(['--toString'], SPECS)).toBe('unknown option "--toString"');
    expect(parseCommandOptions(['--force', '--city'], SPECS)).toBe('--city needs a value');
    expect(parseCommandOptions(['-o'], SPECS)).toBe('-o needs a value');
    expect(parseCommandOptions(['--force=yes'], SPECS)).toBe('--force takes no value');
    expect(parseCommandOptions(['--city', 'ky', 'a.inp'], SPECS)).toBe('unexpected argument "a.inp"');
    expect(parseCommandOptions(['--city', 'ky', 'a.inp'], SPECS, { positionals: true })).toMatchObject({
      positionals: ['a.inp'],
    });
  });

  it('import: a western anchor longitude is a value, a negative scale keeps its own message', () => {
    const west = parseImportArgs(['--city', 'nyc', '--anchor', '-73.98,40.75', '--scale', '2', 'Net1.inp']);
    expect(typeof west === 'string' ? west : [west.anchor, west.scale, west.files]).toEqual([
      '-73.98,40.75',
      2,
      ['Net1.inp'],
    ]);
    expect(parseImportArgs(['--city', 'nyc', '--anchor', '-73.98,40.75', '--scale', '-1', 'Net1.inp'])).toBe(
      '--scale must be a positive number of metres per unit',
    );
    expect(parseImportArgs(['--city', 'nyc', '--bogus', 'Net1.inp'])).toBe('unknown option "--bogus"');
    expect(parseImportArgs(['--city', 'nyc', '--no-rules', '--as', 'readings', 'r.csv'])).toMatchObject({
      rules: false,
      as: 'readings',
      files: ['r.csv'],
    });
  });
});
