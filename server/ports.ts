import type { EventSummary } from '../core/contracts/index.js';

/**
 * What the server needs from the parts it does not own: the app (composition root) hands it the bridge's live hub and
 * device registry through these interfaces, so server/ never imports iot-bridge/ (DESIGN.md section 2).
 */

/** One browser connection of the live stream (a `ws` WebSocket fits). */
export interface LiveConnection {
  send(text: string): void;
  /** Bytes queued in the connection and not yet sent. */
  readonly bufferedAmount: number;
}

/** What one live client may see (built from its login by live.routes.ts); same key, same messages. */
export interface LiveView {
  key: string;
  /** The event as this client may see it, or null to leave it out. */
  event(event: EventSummary): EventSummary | null;
}

/** The live stream's fan-out: a snapshot, then deltas with increasing `seq`. */
export interface LiveStream {
  readonly currentSeq: number;
  readonly clientCount: number;
  /** Starts sending to `conn` (from `sinceSeq` when it reconnects) what `view` lets it see; returns what stops it. */
  connect(conn: LiveConnection, sinceSeq?: number, view?: LiveView): () => void;
}

/** Device credentials on the broker the bridge runs. */
export interface DeviceCredentials {
  /** Creates or rotates a sensor's credential; answers the new secret (shown once). */
  provision(sensorId: string): Promise<string>;
  /** Removes a sensor's credential; false when it had none. */
  revoke(sensorId: string): Promise<boolean>;
}
