import { describe, expect, it } from 'vitest';
import { BadImageError, cleanImage } from '../../../server/services/image-content.js';
import { phoneJpeg, plainJpeg, pngChunk, pngImage, webpImage } from '../../helpers/test-images.js';

const has = (b: Buffer, s: string) => b.includes(Buffer.from(s, 'latin1'));

describe('server/services/image-content', () => {
  it('strips EXIF (GPS), XMP, comments and trailing bytes from a JPEG, keeps its orientation and image data', () => {
    const phone = phoneJpeg(6);
    expect(has(phone, 'GPS')).toBe(true);
    const clean = cleanImage(phone, 'image/jpeg');
    // Ours first, then the texture's own EXIF (a camera's, without orientation).
    expect(clean.removed).toEqual(['APP1 Exif', 'APP1 http', 'COM', 'APP1 Exif', '29 bytes after EOI']);
    for (const s of ['GPS', 'xmpmeta', 'Pudong', '121.4737']) expect(has(clean.bytes, s)).toBe(false);
    // What is left: the texture without its EXIF, with one APP1 holding only Orientation = 6 right after SOI.
    const plain = cleanImage(plainJpeg(), 'image/jpeg').bytes;
    expect(plain.length).toBeLessThan(plainJpeg().length);
    const exif = clean.bytes.subarray(2, 2 + 36);
    expect(exif.readUInt16BE(0)).toBe(0xffe1);
    expect(exif.toString('latin1', 4, 10)).toBe('Exif\0\0');
    expect(exif.readUInt16BE(20)).toBe(0x0112);
    expect(exif.readUInt16BE(28)).toBe(6);
    expect(Buffer.concat([plain.subarray(0, 2), clean.bytes.subarray(38)]).equals(plain)).toBe(true);
    // A clean JPEG passes unchanged, and the orientation-only EXIF stays as it is.
    expect(cleanImage(plain, 'image/jpeg')).toMatchObject({ bytes: plain, removed: [] });
    expect(cleanImage(clean.bytes, 'image/jpeg').bytes.equals(clean.bytes)).toBe(true);
  });

  it('drops eXIf and text chunks from a PNG and checks every CRC', () => {
    const plain = pngImage();
    const tagged = pngImage([
      pngChunk('eXIf', Buffer.from('MM\0*GPS 31.2N', 'latin1')),
      pngChunk('tEXt', Buffer.from('Location\0Pudong', 'latin1')),
    ]);
    const clean = cleanImage(tagged, 'image/png');
    expect(clean.removed).toEqual(['eXIf', 'tEXt']);
    expect(clean.bytes.equals(plain)).toBe(true);
    const broken = Buffer.from(plain);
    broken[broken.length - 20]! ^= 0xff; // a byte of IDAT: its CRC no longer matches
    expect(() => cleanImage(broken, 'image/png')).toThrow(/CRC/);
  });

  it('drops EXIF and XMP chunks from a WebP, clears their flags and fixes the RIFF size', () => {
    const clean = cleanImage(webpImage(true), 'image/webp');
    expect(clean.removed).toEqual(['EXIF', 'XMP']);
    expect(clean.bytes.equals(webpImage(false))).toBe(true);
  });

  it('refuses what is not the image it claims or whose structure is broken', () => {
    const jpeg = plainJpeg();
    const bad = (b: Buffer, type: string) => () => cleanImage(b, type);
    expect(bad(jpeg, 'image/png')).toThrow(/image\/jpeg image, not image\/png/);
    expect(bad(Buffer.from('GIF89a....'), 'image/jpeg')).toThrow(BadImageError);
    expect(bad(jpeg.subarray(0, jpeg.length - 200), 'image/jpeg')).toThrow(/truncated/);
    expect(bad(Buffer.concat([jpeg.subarray(0, 2), Buffer.from([0xff, 0xd9])]), 'image/jpeg')).toThrow(
      /before any image/,
    );
    const png = pngImage();
    expect(bad(png.subarray(0, png.length - 12), 'image/png')).toThrow(/IEND/);
    const webp = webpImage(false);
    expect(bad(webp.subarray(0, webp.length - 4), 'image/webp')).toThrow(/truncated/);
  });

  it('answers any mangled image with BadImageError or a clean image, never another error (seeded fuzz)', () => {
    let seed = 20261206;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const samples: [Buffer, string][] = [
      [phoneJpeg(3), 'image/jpeg'],
      [pngImage([pngChunk('tEXt', Buffer.from('a\0b'))]), 'image/png'],
      [webpImage(true), 'image/webp'],
    ];
    let refused = 0;
    for (let k = 0; k < 3000; k++) {
      const [original, type] = samples[k % samples.length]!;
      const b = Buffer.from(original.subarray(0, 1 + rand(original.length)));
      for (let m = rand(8); m > 0; m--) b[rand(b.length)] = rand(256);
      try {
        cleanImage(b, type);
      } catch (err) {
        expect(err, `sample ${k}`).toBeInstanceOf(BadImageError);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(1000);
  });
});
