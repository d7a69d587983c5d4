/** A minimal PNG encoder (8-bit RGBA, no interlace) on node:zlib: enough for the app icons. */
import { crc32, deflateSync } from 'node:zlib';

const chunk = (type: string, data: Buffer): Buffer => {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
};

/** Encode `rgba` (width * height * 4 bytes, row-major) as a PNG file. */
export const encodePng = (width: number, height: number, rgba: Uint8Array): Buffer => {
  if (rgba.length !== width * height * 4) throw new Error('rgba has the wrong length');
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA, deflate, no filter method variants, no interlace
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
};

/** Width, height and colour type of a PNG (tests check the icons Teams requires). */
export const pngInfo = (file: Buffer): { width: number; height: number; colorType: number } => {
  if (file.subarray(12, 16).toString('ascii') !== 'IHDR') throw new Error('not a PNG');
  return { width: file.readUInt32BE(16), height: file.readUInt32BE(20), colorType: file[25]! };
};
