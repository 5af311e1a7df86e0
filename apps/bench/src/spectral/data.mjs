// @ts-check
// The spectral section's real data, nothing downloaded at run time:
// - gaussian noise (seeded, from the bench's shared sequence),
// - a natural image: scikit-image's "camera" (512×512, 8-bit grey), taken
//   from Debian's python3-skimage package with apt-get download + dpkg-deb
//   into apps/bench/.data on first use,
// - a speech clip: the librosa fixture set's speech_codec2_16k (found as the
//   tests find it: DSP_FIXTURES, ../shared/fixtures/librosa, .fixtures/librosa).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';

/** @typedef {{ id: string, label: string, data: Float32Array, shape: number[], source: string }} Dataset */

/** `n` standard normal values from a seeded LCG (Box–Muller). @param {number} n */
export function gaussianNoise(n) {
  const out = new Float32Array(n);
  let state = 0x2545f491;
  const uniform = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state + 0.5) / 4294967296;
  };
  for (let i = 0; i < n; i += 2) {
    const m = Math.sqrt(-2 * Math.log(uniform()));
    const t = 2 * Math.PI * uniform();
    out[i] = m * Math.cos(t);
    if (i + 1 < n) out[i + 1] = m * Math.sin(t);
  }
  return out;
}

/**
 * Decodes an 8-bit greyscale (or RGB/RGBA, averaged to grey), non-interlaced PNG.
 * @param {Buffer} png
 * @returns {{ data: Float32Array, width: number, height: number }}
 */
export function decodePng(png) {
  if (png.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let at = 8;
  let width = 0, height = 0, depth = 0, colour = 0, interlace = 0;
  /** @type {Buffer[]} */
  const idat = [];
  while (at < png.length) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const body = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      depth = body[8];
      colour = body[9];
      interlace = body[12];
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  const channels = { 0: 1, 2: 3, 6: 4 }[colour];
  if (depth !== 8 || !channels || interlace !== 0) throw new Error(`unsupported PNG (depth ${depth}, colour type ${colour}, interlace ${interlace})`);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? pixels[y * stride + x - channels] : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels] : 0;
      const p = a + b - c;
      const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
      const predictor = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][filter];
      if (predictor === undefined) throw new Error(`bad PNG filter ${filter}`);
      pixels[y * stride + x] = (line[x] + predictor) & 0xff;
    }
  }
  const data = new Float32Array(width * height);
  for (let i = 0; i < data.length; i++) {
    let s = 0;
    for (let ch = 0; ch < Math.min(channels, 3); ch++) s += pixels[i * channels + ch];
    data[i] = s / Math.min(channels, 3) / 255;
  }
  return { data, width, height };
}

const IMAGE_PACKAGE = 'python3-skimage';
const IMAGE_PATH = 'usr/lib/python3/dist-packages/skimage/data/camera.png';

/**
 * The camera image, extracted once from Debian's package into `.data`.
 * @param {string} appDir
 * @returns {Dataset}
 */
export function naturalImage(appDir) {
  const dir = join(appDir, '.data');
  const file = join(dir, 'camera.png');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const work = mkdtempSync(join(tmpdir(), 'dsp-bench-deb-'));
    try {
      execFileSync('apt-get', ['download', IMAGE_PACKAGE], { cwd: work, stdio: ['ignore', 'ignore', 'pipe'] });
      const deb = readdirSync(work).find((f) => f.endsWith('.deb'));
      if (!deb) throw new Error(`apt-get download ${IMAGE_PACKAGE} produced no .deb`);
      execFileSync('dpkg-deb', ['-x', join(work, deb), join(work, 'x')]);
      copyFileSync(join(work, 'x', IMAGE_PATH), file);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  const { data, width, height } = decodePng(readFileSync(file));
  return { id: 'image', label: `natural image (camera, ${height}×${width})`, data, shape: [height, width], source: `Debian ${IMAGE_PACKAGE}: /${IMAGE_PATH}` };
}

/** Reads a mono float32 or 16-bit PCM WAV file. @param {Buffer} wav */
export function readWav(wav) {
  let at = 12;
  let format = 0, bits = 0, channels = 1;
  while (at + 8 <= wav.length) {
    const id = wav.toString('latin1', at, at + 4);
    const size = wav.readUInt32LE(at + 4);
    const body = wav.subarray(at + 8, at + 8 + size);
    if (id === 'fmt ') {
      format = body.readUInt16LE(0);
      channels = body.readUInt16LE(2);
      bits = body.readUInt16LE(14);
    } else if (id === 'data') {
      if (channels !== 1) throw new Error('only mono WAV is read here');
      if (format === 3 && bits === 32) return new Float32Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.length));
      if (format === 1 && bits === 16) return Float32Array.from({ length: body.length / 2 }, (_, i) => body.readInt16LE(2 * i) / 32768);
      throw new Error(`unsupported WAV format ${format}/${bits}`);
    }
    at += 8 + size + (size & 1);
  }
  throw new Error('no data chunk');
}

/**
 * The speech clip of the librosa fixture set.
 * @param {string} repoRoot
 * @returns {Dataset}
 */
export function speechClip(repoRoot) {
  const dirs = [process.env.DSP_FIXTURES, join(repoRoot, '..', 'shared', 'fixtures', 'librosa'), join(repoRoot, '.fixtures', 'librosa')];
  const dir = dirs.find((d) => d && existsSync(join(d, 'speech_codec2_16k', 'audio.wav')));
  if (!dir) throw new Error('the librosa fixture set is not there (npm run fixtures makes it)');
  const file = join(dir, 'speech_codec2_16k', 'audio.wav');
  const data = readWav(readFileSync(file));
  return { id: 'speech', label: `speech (codec2 clip, ${data.length} samples)`, data, shape: [data.length], source: `librosa fixtures: speech_codec2_16k/audio.wav` };
}
