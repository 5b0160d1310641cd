// Draws the Teams app icons and writes them as PNG with node:zlib only (no image library):
//   manifest/color.png    192×192, full colour (the mark on the accent colour)
//   manifest/outline.png  32×32, white on transparent (Teams' monochrome icon)
// The mark: 本庁 (a larger building with a pediment and columns) and a 区役所 (a smaller
// building) joined by a bridge — headquarters and ward offices, connected.
// Run `node scripts/make-icons.mjs` after changing the drawing; the PNGs are checked in.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The accent colour: also `accentColor` in manifest.template.json. */
export const ACCENT = '#1F5F8B';
const WHITE = '#FFFFFF';
const AMBER = '#F5B335';

// Shapes in the icon's own pixel coordinates. `color: null` cuts back to the background.
const rect = (x0, y0, x1, y1, color, radius = 0) => ({ kind: 'rect', x0, y0, x1, y1, color, radius });
const triangle = (a, b, c, color) => ({ kind: 'triangle', points: [a, b, c], color });

/** 192×192: the mark centred in the middle 120 px, on the accent colour (Teams may round the corners). */
const COLOR_ICON = {
  size: 192,
  background: ACCENT,
  shapes: [
    // 本庁: pediment, body, columns cut out
    triangle([38, 77], [74, 44], [110, 77], WHITE),
    rect(44, 74, 104, 144, WHITE),
    rect(54, 86, 62, 134, null),
    rect(70, 86, 78, 134, null),
    rect(86, 86, 94, 134, null),
    // 区役所: roof, body, window and door cut out
    triangle([116, 99], [136, 80], [156, 99], WHITE),
    rect(120, 96, 152, 144, WHITE),
    rect(128, 106, 144, 120, null),
    rect(132, 128, 140, 144, null),
    // the ground both stand on
    rect(36, 142, 156, 150, WHITE, 3),
    // the bridge between them
    rect(98, 103, 126, 113, AMBER, 3),
  ],
};

/** 32×32: the same mark, simplified for 32 px, white on transparent. */
const OUTLINE_ICON = {
  size: 32,
  background: null,
  shapes: [
    triangle([2.5, 13.5], [10.5, 5], [18.5, 13.5], WHITE),
    rect(4, 13, 17, 27, WHITE),
    rect(6.5, 15.5, 8, 25, null),
    rect(9.75, 15.5, 11.25, 25, null),
    rect(13, 15.5, 14.5, 25, null),
    triangle([20, 17.5], [25, 13], [30, 17.5], WHITE),
    rect(21, 17, 29, 27, WHITE),
    rect(23.5, 19.5, 26.5, 22.5, null),
    rect(17, 19, 21, 21, WHITE),
    rect(2, 27, 30, 29, WHITE),
  ],
};

function parseColor(hex) {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

function inside(shape, x, y) {
  if (shape.kind === 'rect') {
    if (x < shape.x0 || x > shape.x1 || y < shape.y0 || y > shape.y1) return false;
    const r = shape.radius;
    if (r === 0) return true;
    const cx = Math.min(Math.max(x, shape.x0 + r), shape.x1 - r);
    const cy = Math.min(Math.max(y, shape.y0 + r), shape.y1 - r);
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  }
  const [[ax, ay], [bx, by], [cx, cy]] = shape.points;
  const side = (px, py, qx, qy) => (qx - px) * (y - py) - (qy - py) * (x - px);
  const d1 = side(ax, ay, bx, by);
  const d2 = side(bx, by, cx, cy);
  const d3 = side(cx, cy, ax, ay);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
}

/** Renders with 8×8 supersampling (anti-aliased edges); returns RGBA bytes. */
export function render(icon, samples = 8) {
  const { size } = icon;
  const background = icon.background ? parseColor(icon.background) : null;
  const shapes = icon.shapes.map((shape) => ({ ...shape, rgb: shape.color ? parseColor(shape.color) : null }));
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = px + (sx + 0.5) / samples;
          const y = py + (sy + 0.5) / samples;
          let color = background;
          for (const shape of shapes) if (inside(shape, x, y)) color = shape.rgb ?? background;
          if (!color) continue;
          r += color[0];
          g += color[1];
          b += color[2];
          a += 1;
        }
      }
      const offset = (py * size + px) * 4;
      if (a === 0) {
        // Fully transparent: white, so no dark fringe appears where a viewer resamples.
        rgba.set([255, 255, 255, 0], offset);
      } else {
        rgba.set([Math.round(r / a), Math.round(g / a), Math.round(b / a), Math.round((255 * a) / (samples * samples))], offset);
      }
    }
  }
  return rgba;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

/** An 8-bit RGBA, non-interlaced PNG (filter type 0 on every row). */
export function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type 6 (RGBA), deflate, filter 0, no interlace
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [name, icon] of [
    ['color.png', COLOR_ICON],
    ['outline.png', OUTLINE_ICON],
  ]) {
    const file = path.join(root, 'manifest', name);
    fs.writeFileSync(file, encodePng(icon.size, render(icon)));
    process.stdout.write(`${path.relative(root, file)} (${icon.size}×${icon.size})\n`);
  }
}
