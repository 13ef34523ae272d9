import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ApiError, apiErrors } from '../errors.js';
import type { EventPhoto } from '../../store/events/index.js';

/** Largest photo accepted, bytes (decoded). */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

/** The image types accepted, with the leading bytes each must start with (so what is served back is what it says). */
const SIGNATURES: Readonly<Record<string, (b: Buffer) => boolean>> = {
  'image/jpeg': (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/png': (b) =>
    b.length > 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/webp': (b) => b.length > 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP',
};

/** A photo in a JSON body: its type and its bytes as base64. */
export const PhotoInputSchema = z.object({
  contentType: z.enum(Object.keys(SIGNATURES) as [string, ...string[]], {
    error: 'photo.contentType must be image/jpeg, image/png or image/webp',
  }),
  dataBase64: z.string().min(1, { error: 'photo.dataBase64 must be the image bytes as base64' }),
});
export type PhotoInput = z.infer<typeof PhotoInputSchema>;

/** Decodes and checks a photo (size, type signature) into a record to store. */
export function photoFromInput(input: PhotoInput, uploadedBy: string, nowMs: number): EventPhoto {
  // base64 is 4 characters per 3 bytes: refuse before decoding something far too large.
  if (input.dataBase64.length > Math.ceil(MAX_PHOTO_BYTES / 3) * 4 + 4) {
    throw new ApiError('GT_ERR_PAYLOAD_TOO_LARGE', `the photo is larger than ${MAX_PHOTO_BYTES / 1024 / 1024} MB`);
  }
  return photoFromBytes(Buffer.from(input.dataBase64, 'base64'), input.contentType, uploadedBy, nowMs);
}

/** Checks raw photo bytes (size, type signature) into a record to store. */
export function photoFromBytes(bytes: Buffer, contentType: string, uploadedBy: string, nowMs: number): EventPhoto {
  if (bytes.length > MAX_PHOTO_BYTES)
    throw new ApiError('GT_ERR_PAYLOAD_TOO_LARGE', `the photo is larger than ${MAX_PHOTO_BYTES / 1024 / 1024} MB`);
  const matches = SIGNATURES[contentType];
  if (matches === undefined) throw apiErrors.badRequest('photo must be image/jpeg, image/png or image/webp');
  if (!matches(bytes)) throw apiErrors.badRequest(`the photo's bytes are not a ${contentType} image`);
  return {
    id: `ph-${randomBytes(8).toString('hex')}`,
    eventId: null,
    contentType,
    bytes,
    uploadedBy,
    createdAt: nowMs,
  };
}
