/** One sensor's recent seqs: a set for lookups, a ring of the same seqs in arrival order for eviction. */
interface SensorSeen {
  set: Set<number>;
  ring: Float64Array;
  /** Next slot of `ring` to write (the oldest entry once the ring is full). */
  next: number;
}

/**
 * Recently seen sequence numbers per sensor, bounded (the last `perSensor` of each), so a duplicate message skips
 * the rules and the live stream. The database's unique index stays the authority for storage.
 */
export class SeenSequences {
  private readonly seen = new Map<string, SensorSeen>();

  constructor(private readonly perSensor = 512) {}

  /** Records `seq`; answers false when it was already seen. */
  add(sensorId: string, seq: number): boolean {
    let s = this.seen.get(sensorId);
    if (s === undefined)
      this.seen.set(sensorId, (s = { set: new Set(), ring: new Float64Array(this.perSensor), next: 0 }));
    if (s.set.has(seq)) return false;
    // A fixed ring instead of an array's shift(): evicting the oldest moves nothing.
    if (s.set.size >= this.perSensor) s.set.delete(s.ring[s.next]!);
    s.set.add(seq);
    s.ring[s.next] = seq;
    s.next = (s.next + 1) % this.perSensor;
    return true;
  }
}
