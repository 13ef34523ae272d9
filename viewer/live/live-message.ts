import { LiveMessageSchema, type LiveMessage } from '../../core/contracts/live.js';

/** The outcome of reading one /api/live frame: the message, or why it was refused. */
export type ParsedLiveMessage = { ok: true; message: LiveMessage } | { ok: false; error: string };

/**
 * The viewer's one reader of /api/live frames: JSON text (or an already parsed value) checked against the live
 * contract (core/contracts/live.ts). A frame that does not match is refused with a message naming where it differs.
 */
export function parseLiveMessage(frame: unknown): ParsedLiveMessage {
  let value: unknown = frame;
  if (typeof frame === 'string') {
    try {
      value = JSON.parse(frame);
    } catch {
      return { ok: false, error: '/api/live sent a frame that is not JSON' };
    }
  }
  const parsed = LiveMessageSchema.safeParse(value);
  if (parsed.success) return { ok: true, message: parsed.data };
  const where = parsed.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(message)'}: ${i.message}`)
    .join('; ');
  return { ok: false, error: `/api/live sent a message that does not match its contract: ${where}` };
}
