/**
 * QoS 1 acknowledgements sent only once a message may be acknowledged (its readings committed), and in the order the
 * messages arrived: MQTT requires PUBACKs in receive order (MQTT 3.1.1 section 4.6, MQTT 5 section 4.6), and a
 * broker may take an early PUBACK as acknowledging the message it sent first.
 *
 * Messages are registered as they arrive; each answer's `ready()` marks it acknowledgeable. Ready acknowledgements at
 * the head of the line are sent together on the next turn of the event loop, so a committed batch of a thousand
 * messages costs one socket write, not a thousand.
 *
 * @example
 * const acks = new OrderedAcks((ids) => socket.write(pubackFrames(ids)));
 * const ready = acks.add(packet.messageId);
 * await writer.write(readings);
 * ready();
 */
export class OrderedAcks {
  private ids: number[] = [];
  private readyFlags: boolean[] = [];
  /** Absolute position of ids[0] (positions survive compaction). */
  private base = 0;
  /** Absolute position of the first acknowledgement not yet sent. */
  private head = 0;
  private scheduled = false;
  private dropped = false;

  constructor(private readonly send: (messageIds: number[]) => void) {}

  /** Acknowledgements registered and not yet sent. */
  get pending(): number {
    return this.base + this.ids.length - this.head;
  }

  /** Registers a received message; call the answer once it may be acknowledged (calling it twice is harmless). */
  add(messageId: number): () => void {
    const position = this.base + this.ids.length;
    this.ids.push(messageId);
    this.readyFlags.push(false);
    return () => {
      if (this.dropped || position < this.head || this.readyFlags[position - this.base]) return;
      this.readyFlags[position - this.base] = true;
      if (position === this.head && !this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.drain());
      }
    };
  }

  /**
   * Forgets every pending acknowledgement (the connection they belong to is gone: the broker redelivers those
   * messages on the next one, where they get new acknowledgements). Later `ready()` calls do nothing.
   */
  drop(): void {
    this.dropped = true;
    this.ids = [];
    this.readyFlags = [];
  }

  private drain(): void {
    this.scheduled = false;
    if (this.dropped) return;
    const start = this.head - this.base;
    let end = start;
    while (end < this.ids.length && this.readyFlags[end]) end++;
    if (end === start) return;
    const out = this.ids.slice(start, end);
    this.head = this.base + end;
    // Compact now and then, so a long-lived connection does not keep every id it ever saw.
    if (end > 4096 && end * 2 > this.ids.length) {
      this.ids = this.ids.slice(end);
      this.readyFlags = this.readyFlags.slice(end);
      this.base += end;
    }
    this.send(out);
  }
}

/**
 * PUBACK packets for `messageIds`, back to back. Four bytes each: type 4 with flags 0, remaining length 2, the packet
 * id. Valid in MQTT 3.1.1 and in MQTT 5 (where reason code Success with no properties may be omitted, section 3.4.2.1).
 */
export function pubackFrames(messageIds: readonly number[]): Buffer {
  const out = Buffer.allocUnsafe(messageIds.length * 4);
  messageIds.forEach((id, i) => {
    out[i * 4] = 0x40;
    out[i * 4 + 1] = 2;
    out.writeUInt16BE(id, i * 4 + 2);
  });
  return out;
}
