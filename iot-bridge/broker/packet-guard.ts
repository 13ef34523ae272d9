import type net from 'node:net';
import { Duplex } from 'node:stream';

/** Size limits checked on each packet's fixed header, before a byte of its body is buffered. */
export interface PacketLimits {
  /** The first packet (CONNECT: client id, credentials, will) at most this many bytes. Default 16 KiB. */
  maxConnectBytes: number;
  /** Every later packet at most this many bytes. Default 256 KiB (a reading batch is a few KiB). */
  maxPacketBytes: number;
}

export const DEFAULT_PACKET_LIMITS: PacketLimits = { maxConnectBytes: 16 << 10, maxPacketBytes: 256 << 10 };

/**
 * Follows the MQTT framing of a byte stream (fixed header: type byte, remaining length as 1-4 varint bytes, then the
 * body) without keeping any of it, and says why the stream must be cut: a first packet that is not CONNECT, a
 * malformed length, or a packet over the limits. aedes would otherwise buffer a whole announced packet (250 MB) before
 * it even authenticates the client.
 */
export class MqttFrameScanner {
  private packets = 0;
  private skip = 0;
  private lengthBytes = -1; // -1: expecting a type byte; 0..3: reading the remaining length
  private length = 0;
  private multiplier = 1;
  private type = 0;

  constructor(private readonly limits: PacketLimits) {}

  /** Scans one chunk; answers the reason to close, or null. */
  feed(chunk: Buffer): string | null {
    let i = 0;
    while (i < chunk.length) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - i);
        this.skip -= n;
        i += n;
        continue;
      }
      const byte = chunk[i++]!;
      if (this.lengthBytes === -1) {
        this.type = byte >> 4;
        if (this.packets === 0 && this.type !== 1) return 'the first packet must be CONNECT';
        this.lengthBytes = 0;
        this.length = 0;
        this.multiplier = 1;
        continue;
      }
      this.length += (byte & 0x7f) * this.multiplier;
      this.multiplier *= 128;
      this.lengthBytes++;
      if (byte & 0x80) {
        if (this.lengthBytes >= 4) return 'malformed remaining length';
        continue;
      }
      const limit = this.packets === 0 ? this.limits.maxConnectBytes : this.limits.maxPacketBytes;
      if (this.length > limit)
        return `${this.packets === 0 ? 'CONNECT' : 'packet'} of ${this.length} bytes is over the limit of ${limit}`;
      this.packets++;
      this.skip = this.length;
      this.lengthBytes = -1;
    }
    return null;
  }
}

/**
 * The socket as aedes sees it, with every incoming chunk scanned first: on a violation the socket is destroyed at
 * once (nothing of the packet is kept), `onRefused` says why. Writes and end pass straight through.
 */
export class GuardedSocket extends Duplex {
  private readonly scanner: MqttFrameScanner;

  constructor(
    readonly socket: net.Socket,
    limits: PacketLimits,
    onRefused: (reason: string) => void,
  ) {
    super();
    this.scanner = new MqttFrameScanner(limits);
    socket.on('data', (chunk: Buffer) => {
      const reason = this.scanner.feed(chunk);
      if (reason !== null) {
        onRefused(reason);
        socket.destroy();
        this.destroy();
        return;
      }
      if (!this.push(chunk)) socket.pause();
    });
    socket.on('end', () => this.push(null));
    socket.on('close', () => this.destroy());
    socket.on('error', (err) => this.destroy(err));
  }

  get remoteAddress(): string | undefined {
    return this.socket.remoteAddress;
  }

  override _read(): void {
    this.socket.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (err?: Error | null) => void): void {
    if (this.socket.destroyed) {
      done();
      return;
    }
    // Back-pressure without a callback per chunk (aedes writes a PUBACK per message).
    if (this.socket.write(chunk)) done();
    else this.socket.once('drain', () => done());
  }

  override _final(done: (err?: Error | null) => void): void {
    this.socket.end(() => done());
  }

  override _destroy(err: Error | null, done: (err?: Error | null) => void): void {
    this.socket.destroy();
    done(err);
  }
}
