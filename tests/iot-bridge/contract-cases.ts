import fs from 'node:fs';
import path from 'node:path';

/** One case of tests/fixtures/contracts/mqtt-readings.json (the MQTT contract test vectors of DESIGN.md section 4). */
export interface ContractCase {
  name: string;
  topic: string;
  payload?: unknown;
  payloadRaw?: string;
  payloadRepeat?: { char: string; bytes: number; then: string };
  stored?: number;
  rejected?: string;
  duplicateOf?: string;
}

export const CONTRACT_CASES: ContractCase[] = (
  JSON.parse(
    fs.readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'contracts', 'mqtt-readings.json'), 'utf8'),
  ) as { cases: ContractCase[] }
).cases;

/** Substitutes {now}, {now+N} (as numbers) and {sensor} in a case; answers the topic and the payload bytes. */
export function materialise(c: ContractCase, sensorId: string, now: number): { topic: string; payload: Buffer } {
  const topic = c.topic.replace('{sensor}', sensorId);
  if (c.payloadRaw !== undefined) return { topic, payload: Buffer.from(c.payloadRaw) };
  if (c.payloadRepeat !== undefined) {
    const r = c.payloadRepeat;
    return { topic, payload: Buffer.from(r.char.repeat(r.bytes) + r.then) };
  }
  const json = JSON.stringify(c.payload).replace(/"\{now(?:\+(\d+))?\}"/g, (_m, plus: string | undefined) =>
    String(now + Number(plus ?? 0)),
  );
  return { topic, payload: Buffer.from(json) };
}
