// @ts-check
// Makes public/samples/camera-256.pgm, the spectral-tensor example's image:
// scikit-image's "camera" photograph (512×512, 8-bit grey, from Debian's
// python3-skimage, extracted by apps/bench's data loader), averaged over 2×2
// blocks to 256×256 and written as binary PGM (P5): 64 kB, readable by the
// page and by Node without an image decoder. Run once; the output is committed.
//   node apps/docs/scripts/make-test-image.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { naturalImage } from '../../bench/src/spectral/data.mjs';

const bench = fileURLToPath(new URL('../../bench', import.meta.url));
const out = fileURLToPath(new URL('../public/samples/camera-256.pgm', import.meta.url));

const { data, shape } = naturalImage(bench);
const [height, width] = shape;
const h = height / 2;
const w = width / 2;
const pixels = new Uint8Array(h * w);
for (let y = 0; y < h; y++) {
  for (let x = 0; x < w; x++) {
    const at = 2 * y * width + 2 * x;
    const mean = (data[at] + data[at + 1] + data[at + width] + data[at + width + 1]) / 4;
    pixels[y * w + x] = Math.round(mean * 255);
  }
}
mkdirSync(fileURLToPath(new URL('../public/samples', import.meta.url)), { recursive: true });
writeFileSync(out, Buffer.concat([Buffer.from(`P5\n${w} ${h}\n255\n`, 'latin1'), pixels]));
console.log(`${out}: ${w}×${h}, ${pixels.length} pixels from ${data.length}`);
