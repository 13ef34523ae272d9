import { crc32 } from 'node:zlib';

/** The image types photos may have. */
export type PhotoType = 'image/jpeg' | 'image/png' | 'image/webp';

/** A photo's bytes as they are stored: checked by structure, metadata removed. */
export interface CleanImage {
  type: PhotoType;
  bytes: Buffer;
  /** What was taken out (segment or chunk names), for tests and logs. */
  removed: string[];
}

/** The image is not what it claims to be, or its structure is broken (a 400 for the caller). */
export class BadImageError extends Error {
  override readonly name = 'BadImageError';
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The type the bytes are, by their leading bytes, or null. */
export function sniffImageType(b: Buffer): PhotoType | null {
  if (b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length > 8 && b.subarray(0, 8).equals(PNG_SIGNATURE)) return 'image/png';
  if (b.length > 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP')
    return 'image/webp';
  return null;
}

/**
 * Checks a photo by content (its type sniffed from the bytes, then its whole container structure walked) and removes
 * what can identify a person or place beyond the picture: EXIF (GPS position, camera serial, time), XMP, IPTC and
 * comments, and any bytes after the image's end. A JPEG keeps its EXIF orientation (rewritten alone) so it still
 * shows upright; colour profiles stay. No decoding: the pixels are passed through untouched.
 * @throws BadImageError when the bytes are not a well-formed image of `declared`.
 */
export function cleanImage(bytes: Buffer, declared: string): CleanImage {
  const type = sniffImageType(bytes);
  if (type === null) throw new BadImageError('the photo is not a JPEG, PNG or WebP image');
  if (type !== declared) throw new BadImageError(`the photo's bytes are a ${type} image, not ${declared}`);
  const removed: string[] = [];
  const out =
    type === 'image/jpeg'
      ? cleanJpeg(bytes, removed)
      : type === 'image/png'
        ? cleanPng(bytes, removed)
        : cleanWebp(bytes, removed);
  return { type, bytes: out, removed };
}

const SOF_MARKERS = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

/**
 * JPEG: segment by segment up to EOI. Dropped: APP1 (EXIF, XMP), APP3-APP13 and APP15 (vendor data, IPTC), COM, an
 * APP2 that is an MPF index (it points at images after EOI, which are dropped too). Kept: APP0 (JFIF), APP2 ICC
 * profiles, APP14 (Adobe colour transform), tables, frames and scans.
 */
function cleanJpeg(b: Buffer, removed: string[]): Buffer {
  const parts: Buffer[] = [b.subarray(0, 2)];
  let orientation: number | null = null;
  let i = 2,
    sawFrame = false,
    sawScan = false;
  for (;;) {
    if (i + 2 > b.length || b[i] !== 0xff) throw new BadImageError('the JPEG is truncated or has a broken segment');
    while (b[i + 1] === 0xff && i + 2 < b.length) i++; // fill bytes
    const marker = b[i + 1]!;
    if (marker === 0xd9) {
      if (!sawFrame || !sawScan) throw new BadImageError('the JPEG ends before any image data');
      parts.push(b.subarray(i, i + 2));
      if (i + 2 < b.length) removed.push(`${b.length - i - 2} bytes after EOI`);
      break;
    }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      parts.push(b.subarray(i, i + 2));
      i += 2;
      continue;
    }
    if (i + 4 > b.length) throw new BadImageError('the JPEG is truncated');
    const length = b.readUInt16BE(i + 2);
    const end = i + 2 + length;
    if (length < 2 || end > b.length) throw new BadImageError('the JPEG has a segment longer than the file');
    const payload = b.subarray(i + 4, end);
    const name = marker >= 0xe0 && marker <= 0xef ? `APP${marker - 0xe0}` : marker === 0xfe ? 'COM' : null;
    const keep =
      name === null ||
      name === 'APP0' ||
      name === 'APP14' ||
      (name === 'APP2' && payload.toString('latin1', 0, 4) !== 'MPF\0');
    if (keep) parts.push(b.subarray(i, end));
    else {
      removed.push(name === 'APP1' ? `APP1 ${payload.toString('latin1', 0, 4).replace(/\0/g, '')}` : name);
      if (name === 'APP1' && payload.toString('latin1', 0, 6) === 'Exif\0\0') orientation ??= exifOrientation(payload);
    }
    if (SOF_MARKERS.has(marker)) sawFrame = true;
    i = end;
    if (marker === 0xda) {
      if (!sawFrame) throw new BadImageError('the JPEG has image data before its frame header');
      sawScan = true;
      // Entropy-coded data up to the next marker (0xFF00 is a stuffed byte, 0xFFD0-D7 restart markers).
      let j = i;
      while (j + 1 < b.length && !(b[j] === 0xff && b[j + 1] !== 0 && !(b[j + 1]! >= 0xd0 && b[j + 1]! <= 0xd7))) j++;
      if (j + 1 >= b.length) throw new BadImageError('the JPEG is truncated (no end of image)');
      parts.push(b.subarray(i, j));
      i = j;
    }
  }
  if (orientation !== null && orientation !== 1) parts.splice(1, 0, orientationSegment(orientation));
  return Buffer.concat(parts);
}

/** The Orientation tag (0x0112) of IFD0 in an EXIF APP1 payload, or null. */
function exifOrientation(payload: Buffer): number | null {
  const tiff = payload.subarray(6);
  if (tiff.length < 8) return null;
  const le = tiff.toString('latin1', 0, 2) === 'II';
  const u16 = (o: number) => (le ? tiff.readUInt16LE(o) : tiff.readUInt16BE(o));
  const u32 = (o: number) => (le ? tiff.readUInt32LE(o) : tiff.readUInt32BE(o));
  const ifd = u32(4);
  if (ifd + 2 > tiff.length) return null;
  const count = u16(ifd);
  for (let k = 0; k < count; k++) {
    const e = ifd + 2 + k * 12;
    if (e + 12 > tiff.length) return null;
    if (u16(e) === 0x0112 && u16(e + 2) === 3) {
      const v = u16(e + 8);
      return v >= 1 && v <= 8 ? v : null;
    }
  }
  return null;
}

/** An APP1 EXIF segment holding only the Orientation tag (big-endian TIFF, one IFD entry). */
function orientationSegment(orientation: number): Buffer {
  const s = Buffer.alloc(2 + 2 + 6 + 8 + 2 + 12 + 4);
  s.writeUInt16BE(0xffe1, 0);
  s.writeUInt16BE(s.length - 2, 2);
  s.write('Exif\0\0', 4, 'latin1');
  s.write('MM', 10, 'latin1');
  s.writeUInt16BE(42, 12);
  s.writeUInt32BE(8, 14); // IFD0 right after the header
  s.writeUInt16BE(1, 18);
  s.writeUInt16BE(0x0112, 20);
  s.writeUInt16BE(3, 22); // SHORT
  s.writeUInt32BE(1, 24);
  s.writeUInt16BE(orientation, 28);
  s.writeUInt32BE(0, 32); // no next IFD
  return s;
}

/** PNG chunks that carry metadata (EXIF with GPS, text such as author or location, time). */
const PNG_METADATA = new Set(['eXIf', 'tEXt', 'zTXt', 'iTXt', 'tIME']);

/** PNG: every chunk's length and CRC checked, IHDR first, IDAT present, up to IEND; metadata chunks dropped. */
function cleanPng(b: Buffer, removed: string[]): Buffer {
  const parts: Buffer[] = [b.subarray(0, 8)];
  let i = 8,
    sawData = false;
  for (let first = true; ; first = false) {
    if (i + 12 > b.length) throw new BadImageError('the PNG is truncated (no IEND chunk)');
    const length = b.readUInt32BE(i);
    const end = i + 12 + length;
    if (end > b.length) throw new BadImageError('the PNG has a chunk longer than the file');
    const type = b.toString('latin1', i + 4, i + 8);
    if (!/^[A-Za-z]{4}$/.test(type)) throw new BadImageError('the PNG has a malformed chunk');
    if (crc32(b.subarray(i + 4, i + 8 + length)) >>> 0 !== b.readUInt32BE(i + 8 + length))
      throw new BadImageError(`the PNG's ${type} chunk fails its CRC`);
    if (first && type !== 'IHDR') throw new BadImageError('the PNG does not start with IHDR');
    if (type === 'IDAT') sawData = true;
    if (PNG_METADATA.has(type)) removed.push(type);
    else parts.push(b.subarray(i, end));
    i = end;
    if (type === 'IEND') {
      if (!sawData) throw new BadImageError('the PNG has no image data');
      if (i < b.length) removed.push(`${b.length - i} bytes after IEND`);
      return Buffer.concat(parts);
    }
  }
}

/** WebP: the RIFF chunks walked within the RIFF size; EXIF and XMP chunks dropped and their VP8X flags cleared. */
function cleanWebp(b: Buffer, removed: string[]): Buffer {
  const riffEnd = 8 + b.readUInt32LE(4);
  if (riffEnd > b.length || riffEnd < 20) throw new BadImageError('the WebP is truncated');
  const chunks: Buffer[] = [];
  let i = 12,
    sawImage = false;
  while (i < riffEnd) {
    if (i + 8 > riffEnd) throw new BadImageError('the WebP has a broken chunk');
    const fourcc = b.toString('latin1', i, i + 4);
    const size = b.readUInt32LE(i + 4);
    const end = i + 8 + size + (size % 2);
    if (i + 8 + size > riffEnd) throw new BadImageError('the WebP has a chunk longer than the file');
    if (fourcc === 'VP8 ' || fourcc === 'VP8L' || fourcc === 'ANMF') sawImage = true;
    if (fourcc === 'EXIF' || fourcc === 'XMP ') removed.push(fourcc.trim());
    else chunks.push(Buffer.from(b.subarray(i, Math.min(end, riffEnd))));
    i = end;
  }
  if (!sawImage) throw new BadImageError('the WebP has no image data');
  for (const c of chunks) if (c.toString('latin1', 0, 4) === 'VP8X' && c.length > 8) c[8] = c[8]! & ~(0x08 | 0x04); // EXIF, XMP flags
  if (riffEnd < b.length) removed.push(`${b.length - riffEnd} bytes after the RIFF data`);
  const body = Buffer.concat(chunks);
  const header = Buffer.alloc(12);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(body.length + 4, 4);
  header.write('WEBP', 8, 'latin1');
  return Buffer.concat([header, body]);
}
