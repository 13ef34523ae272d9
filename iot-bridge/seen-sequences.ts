/**
 * Recently seen sequence numbers per sensor, bounded (the last `perSensor` of each), so a duplicate message skips
 * the rules and the live stream. The database's unique index stays the authority for storage.
 */
export class SeenSequences {
  private readonly seen = new Map<string, { set: Set<number>; order: number[] }>();

  constructor(private readonly perSensor = 512) {}

  /** Records `seq`; answers false when it was already seen. */
  add(sensorId: string, seq: number): boolean {
    let s = this.seen.get(sensorId);
    if (s === undefined) this.seen.set(sensorId, (s = { set: new Set(), order: [] }));
    if (s.set.has(seq)) return false;
    s.set.add(seq);
    s.order.push(seq);
    if (s.order.length > this.perSensor) s.set.delete(s.order.shift()!);
    return true;
  }
}
