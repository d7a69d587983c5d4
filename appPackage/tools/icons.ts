/**
 * Draws the app icons: two linked rings (an AD account and a cloud account becoming one).
 * color.png 192x192, full-bleed colour; outline.png 32x32, white on transparent (Teams' rules).
 * Run `node appPackage/tools/icons.ts` after changing the drawing; the PNGs are committed.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodePng } from './png.ts';

type Rgba = readonly [number, number, number, number];
const ACCENT: Rgba = [0x4f, 0x52, 0xb2, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const SUPERSAMPLE = 4;

/** Coverage of the glyph at (x, y) in unit coordinates: two overlapping rings. */
const inGlyph = (x: number, y: number, thickness: number): boolean =>
  [0.38, 0.62].some((cx) => {
    const d = Math.hypot(x - cx, y - 0.5);
    return d <= 0.22 && d >= 0.22 - thickness;
  });

const draw = (size: number, background: Rgba | null, thickness: number): Buffer => {
  const rgba = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++)
    for (let px = 0; px < size; px++) {
      let hits = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++)
        for (let sx = 0; sx < SUPERSAMPLE; sx++)
          if (
            inGlyph((px + (sx + 0.5) / SUPERSAMPLE) / size, (py + (sy + 0.5) / SUPERSAMPLE) / size, thickness)
          )
            hits++;
      const a = hits / SUPERSAMPLE ** 2;
      const o = (py * size + px) * 4;
      if (background === null) rgba.set([255, 255, 255, Math.round(255 * a)], o);
      else
        rgba.set(
          background.map((c, i) => (i === 3 ? 255 : Math.round(c * (1 - a) + WHITE[i]! * a))),
          o,
        );
    }
  return encodePng(size, size, rgba);
};

const dir = join(import.meta.dirname, '..');
writeFileSync(join(dir, 'color.png'), draw(192, ACCENT, 0.06));
writeFileSync(join(dir, 'outline.png'), draw(32, null, 0.085));
