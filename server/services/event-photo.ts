import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ApiError, apiErrors } from '../errors.js';
import type { EventPhoto } from '../../store/events/index.js';
import { BadImageError, cleanImage, type CleanImage } from './image-content.js';

/** Largest photo accepted, bytes (decoded). */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

/** A photo in a JSON body: its type and its bytes as base64. */
export const PhotoInputSchema = z.object({
  contentType: z.enum(PHOTO_TYPES, {
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

/**
 * Checks raw photo bytes into a record to store: size, type and structure by content, metadata (EXIF GPS, XMP, IPTC,
 * comments, trailing bytes) removed (see cleanImage).
 */
export function photoFromBytes(bytes: Buffer, contentType: string, uploadedBy: string, nowMs: number): EventPhoto {
  if (bytes.length > MAX_PHOTO_BYTES)
    throw new ApiError('GT_ERR_PAYLOAD_TOO_LARGE', `the photo is larger than ${MAX_PHOTO_BYTES / 1024 / 1024} MB`);
  if (!(PHOTO_TYPES as readonly string[]).includes(contentType))
    throw apiErrors.badRequest('photo must be image/jpeg, image/png or image/webp');
  let clean: CleanImage;
  try {
    clean = cleanImage(bytes, contentType);
  } catch (err) {
    if (err instanceof BadImageError) throw apiErrors.badRequest(`photo: ${err.message}`);
    throw err;
  }
  return {
    id: `ph-${randomBytes(8).toString('hex')}`,
    eventId: null,
    contentType: clean.type,
    bytes: clean.bytes,
    uploadedBy,
    createdAt: nowMs,
  };
}
