import fs from 'node:fs';
import { createRequire } from 'node:module';
import { crc32, deflateSync } from 'node:zlib';

/** A PNG chunk with its length and CRC. */
export function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** A valid 1 x 1 RGB PNG, with `extra` chunks (metadata) between IHDR and IDAT. */
export function pngImage(extra: Buffer[] = []): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0);
  ihdr.writeUInt32BE(1, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    ...extra,
    pngChunk('IDAT', deflateSync(Buffer.from([0, 0x1e, 0x90, 0xff]))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A big-endian TIFF with IFD0 holding Orientation and a GPS IFD pointer, the GPS IFD holding a latitude ref. */
export function exifPayload(orientation: number): Buffer {
  const t = Buffer.alloc(8 + 2 + 2 * 12 + 4 + 2 + 12 + 4);
  t.write('MM', 0, 'latin1');
  t.writeUInt16BE(42, 2);
  t.writeUInt32BE(8, 4);
  t.writeUInt16BE(2, 8);
  // Orientation, SHORT
  t.writeUInt16BE(0x0112, 10);
  t.writeUInt16BE(3, 12);
  t.writeUInt32BE(1, 14);
  t.writeUInt16BE(orientation, 18);
  // GPSInfo IFD pointer, LONG
  const gps = 8 + 2 + 24 + 4;
  t.writeUInt16BE(0x8825, 22);
  t.writeUInt16BE(4, 24);
  t.writeUInt32BE(1, 26);
  t.writeUInt32BE(gps, 30);
  t.writeUInt32BE(0, 34);
  // GPS IFD: GPSLatitudeRef 'N'
  t.writeUInt16BE(1, gps);
  t.writeUInt16BE(0x0001, gps + 2);
  t.writeUInt16BE(2, gps + 4);
  t.writeUInt32BE(2, gps + 6);
  t.write('N\0', gps + 10, 'latin1');
  return Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), t, Buffer.from('GPS-31.2304N-121.4737E', 'latin1')]);
}

/** A JPEG segment: marker and payload with its length. */
export function jpegSegment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16BE(0xff00 | marker, 0);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

/** A real baseline JPEG (a texture of Cesium, an installed dependency), as it is: no EXIF. */
export function plainJpeg(): Buffer {
  const require = createRequire(import.meta.url);
  return fs.readFileSync(
    require.resolve('cesium/package.json').replace(/package\.json$/, 'Source/Assets/Textures/waterNormalsSmall.jpg'),
  );
}

/** That JPEG as a phone would send it: EXIF with GPS and an orientation, XMP, a comment, bytes after its end. */
export function phoneJpeg(orientation = 6): Buffer {
  const plain = plainJpeg();
  return Buffer.concat([
    plain.subarray(0, 2),
    jpegSegment(0xe1, exifPayload(orientation)),
    jpegSegment(
      0xe1,
      Buffer.from('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>exif:GPSLatitude 31.2304</x:xmpmeta>', 'latin1'),
    ),
    jpegSegment(0xfe, Buffer.from('taken at home, Pudong', 'latin1')),
    plain.subarray(2),
    Buffer.from('trailing GPS 31.2304 121.4737', 'latin1'),
  ]);
}

/** A WebP container (VP8X + VP8L image chunk), with EXIF and XMP chunks and their flags when `metadata`. */
export function webpImage(metadata: boolean): Buffer {
  const chunk = (fourcc: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.write(fourcc, 0, 'latin1');
    head.writeUInt32LE(data.length, 4);
    return Buffer.concat([head, data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
  };
  const vp8x = Buffer.alloc(10);
  vp8x[0] = metadata ? 0x08 | 0x04 : 0;
  const body = Buffer.concat([
    chunk('VP8X', vp8x),
    chunk('VP8L', Buffer.from([0x2f, 0, 0, 0, 0, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07, 0x00])),
    ...(metadata
      ? [chunk('EXIF', exifPayload(1).subarray(6)), chunk('XMP ', Buffer.from('<x:xmpmeta>GPS</x:xmpmeta>'))]
      : []),
  ]);
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length + 4, 4);
  head.write('WEBP', 8, 'latin1');
  return Buffer.concat([head, body]);
}
