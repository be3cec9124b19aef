/**
 * Draws the Teams icons (run once; the PNGs are committed): color.png 192×192 — a white speech bubble
 * with three agenda lines on the accent colour — and outline.png 32×32 — the same bubble in white on
 * transparent, as Teams requires.   npx tsx manifests/teams/make-icons.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';

type Rgba = [number, number, number, number];

function draw(size: number, background: Rgba, ink: Rgba, hole: Rgba): PNG {
  const png = new PNG({ width: size, height: size });
  const s = size / 32; // designed on a 32-pixel grid
  const inRect = (x: number, y: number, x0: number, y0: number, x1: number, y1: number) => x >= x0 * s && x < x1 * s && y >= y0 * s && y < y1 * s;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let c = background;
      const bubble = inRect(x, y, 5, 6, 27, 22) || (inRect(x, y, 8, 22, 13, 27) && x - 8 * s <= (27 * s - y));
      if (bubble) c = ink;
      if (inRect(x, y, 9, 10, 23, 12) || inRect(x, y, 9, 13.5, 23, 15.5) || inRect(x, y, 9, 17, 18, 19)) c = hole;
      const i = (y * size + x) * 4;
      png.data[i] = c[0];
      png.data[i + 1] = c[1];
      png.data[i + 2] = c[2];
      png.data[i + 3] = c[3];
    }
  }
  return png;
}

const accent: Rgba = [0x1d, 0x4f, 0x6e, 255];
const white: Rgba = [255, 255, 255, 255];
const clear: Rgba = [0, 0, 0, 0];
fs.writeFileSync(path.join(__dirname, 'color.png'), PNG.sync.write(draw(192, accent, white, accent)));
fs.writeFileSync(path.join(__dirname, 'outline.png'), PNG.sync.write(draw(32, clear, white, clear)));
console.log('wrote color.png (192×192) and outline.png (32×32)');
