// The docs site as a user gets it: built, served on 127.0.0.1, driven in
// Debian's Chromium. Every live example's numbers are recomputed here in Node
// (native backend) by the same functions and compared; every page loads with
// no console error; the wasm core is fetched once; examples start computing
// within a second; bad input shows a DspError and the page keeps working.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import '@dsp/backend-native';
import '@dsp/backend-wasm';
import { setBackend } from '@dsp/backend';
import { readWavFloat32 } from '@dsp/backend/testing';
import { spectrogram } from '@dsp/stft';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compressImage, IMAGE_FILE, parsePgm, type CompressionInput } from '../live/compression';
import { exploreSpectrum, parseTones } from '../live/fft-explorer';
import { SAMPLE_FILE } from '../live/sample';
import { computeSpectrogram, iqTestSignal } from '../live/spectrogram';
import { encodeWav } from '../live/wav';
import { launchChromium, watchErrors } from './browser';
import { serveSite, type SiteServer } from './server';
import { snippetModule } from './snippets';

const docs = fileURLToPath(new URL('..', import.meta.url));
const dist = join(docs, '.vitepress', 'dist');
const screenshots = join(docs, 'e2e', 'screenshots');

// The fake microphone: a 1500 Hz sine, 16-bit PCM as Chromium's file capture wants.
const MIC_RATE = 48000;
const MIC_TONE_HZ = 1500;
const micSignal = Float32Array.from({ length: 3 * MIC_RATE }, (_, i) => 0.5 * Math.sin((2 * Math.PI * MIC_TONE_HZ * i) / MIC_RATE));

/** f32 kernels on two backends agree to a few ulps of the largest value; the page rounds to 6 significant digits. */
const AMPLITUDE_RTOL = 2e-5;
/** dB of f32 power: 1e-6 relative is 4e-6 dB; the page shows 3 decimals. */
const DB_ATOL = 1e-3;
/**
 * Errors of an f32 image on two backends: the DCTs agree to ~1e-6 of the
 * largest coefficient, so sums of dropped energy agree to ~1e-5 relative; the
 * page shows 6 significant digits.
 */
const ERROR_RTOL = 1e-4;

const micWav = join(tmpdir(), `dsp-e2e-mic-${process.pid}.wav`);
let server: SiteServer;
let browser: Browser;

async function number(page: Page, testId: string): Promise<number> {
  return Number(await page.getByTestId(testId).first().textContent());
}

async function openExample(path: string, name: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}${path}`);
  await page.locator(`[data-example="${name}"][data-first-result-ms]`).waitFor({ timeout: 10_000 });
  return { page, errors };
}

/** What the run measured, printed at the end and written beside the screenshots. */
const figures: Record<string, number> = {};

/**
 * Milliseconds from the example's code starting (microphone: from pressing
 * Start) to its first result on screen: loading and compiling the core,
 * fetching and decoding the sample, computing and drawing. The framework's
 * own boot before that (VitePress hydrating the page) is recorded beside it.
 */
async function startupMs(page: Page, name: string): Promise<number> {
  const example = page.locator(`[data-example="${name}"]`);
  const first = Number(await example.getAttribute('data-first-result-ms'));
  const setup = await example.getAttribute('data-setup-ms');
  if (setup === null) {
    figures[`${name}: Start → first frame (ms)`] = first;
    return first;
  }
  figures[`${name}: navigation → first result (ms)`] = first;
  figures[`${name}: example code start (ms after navigation)`] = Number(setup);
  figures[`${name}: example code start → first result (ms)`] = first - Number(setup);
  return first - Number(setup);
}

async function recordComputeMs(page: Page, what: string): Promise<void> {
  figures[`${what}: compute (ms)`] = await number(page, 'compute-ms');
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.locator('.dsp-example').first().screenshot({ path: join(screenshots, `${name}.png`) });
}

/** Waits until the error box shows, returns its text. */
async function shownError(page: Page): Promise<string> {
  const box = page.getByTestId('error');
  await box.waitFor({ timeout: 5_000 });
  return (await box.textContent()) ?? '';
}

async function noError(page: Page): Promise<void> {
  await page.getByTestId('error').waitFor({ state: 'detached', timeout: 5_000 });
}

beforeAll(async () => {
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`the site is not built (${dist}): run \`pnpm --filter @dsp/docs build\``);
  mkdirSync(screenshots, { recursive: true });
  writeFileSync(micWav, encodeWav(micSignal, MIC_RATE, 'int16'));
  await setBackend('native');
  server = await serveSite(dist);
  browser = await launchChromium(micWav);
});

afterAll(async () => {
  console.log(Object.entries(figures).map(([k, v]) => `${k}: ${v}`).join('\n'));
  writeFileSync(join(screenshots, 'figures.json'), JSON.stringify(figures, null, 1) + '\n');
  await browser?.close();
  await server?.close();
  rmSync(micWav, { force: true });
});

describe('the site', () => {
  it('every page loads without a console error', async () => {
    const pages: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir)) {
        const p = join(dir, e);
        if (statSync(p).isDirectory()) {
          if (e !== 'assets') walk(p);
        } else if (e.endsWith('.html') && e !== '404.html') pages.push(`/${relative(dist, p)}`);
      }
    };
    walk(dist);
    expect(pages.length).toBeGreaterThan(10);
    const page = await browser.newPage();
    const errors = watchErrors(page);
    for (const path of pages) {
      const response = await page.goto(`${server.url}${path}`, { waitUntil: 'load' });
      expect(response?.status(), path).toBe(200);
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the performance page shows each bench section in apps/bench/results, or how to make them', async () => {
    const results = join(docs, '..', 'bench', 'results');
    const sections = existsSync(results) ? readdirSync(results).filter((f) => f.endsWith('.json')) : [];
    const page = await browser.newPage();
    await page.goto(`${server.url}/performance.html`);
    if (sections.length > 0) {
      await expect.poll(() => page.locator('section.dsp-bench').count()).toBe(sections.length);
      expect(await page.locator('section.dsp-bench table').count()).toBeGreaterThan(0);
    } else {
      await page.getByText('No benchmark results in this build').waitFor();
      expect(await page.locator('.custom-block code', { hasText: 'pnpm bench' }).count()).toBeGreaterThan(0);
    }
    await page.close();
  });

  it('the API reference documents the public functions of every package on main', async () => {
    const page = await browser.newPage();
    for (const [pkg, fns] of Object.entries({ fft: ['fft', 'rfft', 'createFftPlan', 'dctn'], stft: ['stft', 'spectrogram', 'createSpectrogramStream', 'getWindow'], 'spectral-tensor': ['sst', 'fftConvolve', 'oaconvolve', 'convolve'], nufft: ['nufft1d1', 'nufft2d2', 'createNufftPlan', 'createSpectralDivider'], 'audio-features': ['hpss', 'yin', 'pyin', 'chromaCqt', 'mfcc'] })) {
      await page.goto(`${server.url}/api/@dsp/${pkg}.html`);
      for (const fn of fns) expect(await page.locator('h3', { hasText: new RegExp(`^${fn}\\(\\)`) }).count(), `${pkg}.${fn}`).toBeGreaterThan(0);
    }
    await page.close();
  });

  it('fetches the wasm core once for all the examples, with long-lived caching', async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    const wasm: { url: string; cacheControl: string }[] = [];
    page.on('response', (r) => {
      if (r.url().endsWith('.wasm')) wasm.push({ url: r.url(), cacheControl: r.headers()['cache-control'] ?? '' });
    });
    await page.goto(`${server.url}/examples/fft-explorer.html`);
    await page.locator('[data-example="fft-explorer"][data-first-result-ms]').waitFor();
    // In-site navigation, as a reader clicks through the examples.
    await page.locator('a[href="/examples/spectrogram.html"]').first().click();
    await page.locator('[data-example="spectrogram"][data-first-result-ms]').waitFor();
    await page.locator('a[href="/examples/microphone.html"]').first().click();
    await page.getByTestId('start').click();
    await page.locator('[data-example="microphone"][data-first-result-ms]').waitFor();
    await page.locator('a[href="/examples/spectral-compression.html"]').first().click();
    await page.locator('[data-example="spectral-compression"][data-first-result-ms]').waitFor();
    expect(wasm).toHaveLength(1);
    expect(wasm[0]!.cacheControl).toContain('immutable');
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('FFT explorer', () => {
  it('shows the peak Node computes for the same signal, and starts within a second', async () => {
    const { page, errors } = await openExample('/examples/fft-explorer.html', 'fft-explorer');
    expect(await startupMs(page, 'fft-explorer')).toBeLessThan(1000);
    const cases = [
      { n: 4096, window: 'hann' },
      { n: 1000, window: 'flattop' },
      { n: 8191, window: 'boxcar' },
    ] as const;
    for (const c of cases) {
      await page.getByTestId('window').selectOption(c.window);
      await page.getByTestId('n').fill(String(c.n));
      await page.getByTestId('n').press('Enter');
      await expect.poll(() => number(page, 'bin-hz')).toBeCloseTo(48000 / c.n, 3);
      const node = exploreSpectrum({ n: c.n, sampleRate: 48000, window: c.window, tones: parseTones('1000:1, 2500:0.5, 7000:0.25'), noise: 0.1, seed: 1 });
      expect(await number(page, 'peak-frequency')).toBeCloseTo(node.peak.frequency, 3);
      const shown = await number(page, 'peak-amplitude');
      expect(Math.abs(shown - node.peak.amplitude)).toBeLessThanOrEqual(AMPLITUDE_RTOL * node.peak.amplitude);
      // And the physics: the 1000 Hz, amplitude-1 tone is the peak, within a bin.
      expect(Math.abs(node.peak.frequency - 1000)).toBeLessThanOrEqual(48000 / c.n);
      await recordComputeMs(page, `FFT explorer n=${c.n} ${c.window}`);
    }
    await screenshot(page, 'fft-explorer');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a DspError for an absurd n, bad tones or a size the window refuses, and keeps working', async () => {
    const { page, errors } = await openExample('/examples/fft-explorer.html', 'fft-explorer');
    const n = page.getByTestId('n');
    for (const bad of ['1000000000000', '0', '2.5']) {
      await n.fill(bad);
      await n.press('Enter');
      const message = await shownError(page);
      expect(message).toMatch(/^E_INVALID_ARGUMENT: .*\bn\b/);
      expect(message).toContain(bad === '1000000000000' ? '1000000000000' : bad);
    }
    await screenshot(page, 'fft-explorer-error');
    await n.fill('2048');
    await n.press('Enter');
    await noError(page);
    expect(await number(page, 'bin-hz')).toBeCloseTo(48000 / 2048, 4);
    const tones = page.getByTestId('tones');
    await tones.fill('440:1, loud');
    await tones.press('Enter');
    expect(await shownError(page)).toContain('tone "loud"');
    await tones.fill('3000:2');
    await tones.press('Enter');
    await noError(page);
    expect(Math.abs((await number(page, 'peak-frequency')) - 3000)).toBeLessThanOrEqual(48000 / 2048);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('spectrogram', () => {
  it('shows the loudest cell of the bundled sample as Node computes it from the served file', async () => {
    const { page, errors } = await openExample('/examples/spectrogram.html', 'spectrogram');
    expect(await startupMs(page, 'spectrogram')).toBeLessThan(1000);
    const wav = readWavFloat32(join(dist, SAMPLE_FILE));
    for (const [nFft, hop] of [
      [1024, 256],
      [2048, 512],
    ] as const) {
      await page.getByTestId('nfft').fill(String(nFft));
      await page.getByTestId('nfft').press('Enter');
      await page.getByTestId('hop').fill(String(hop));
      await page.getByTestId('hop').press('Enter');
      const node = computeSpectrogram({ samples: wav.data, sampleRate: wav.sampleRate, nFft, hopLength: hop, complex: false });
      await expect.poll(() => page.getByTestId('shape').textContent()).toBe(`${node.nFrames} × ${node.nBins}`);
      expect(await number(page, 'peak-frequency')).toBeCloseTo(node.peak.frequency, 2);
      expect(await number(page, 'peak-seconds')).toBeCloseTo(node.peak.seconds, 4);
      expect(Math.abs((await number(page, 'peak-db')) - node.peak.db)).toBeLessThanOrEqual(DB_ATOL);
      await recordComputeMs(page, `spectrogram 3 s at 22050 Hz nFft=${nFft} hop=${hop}`);
    }
    await screenshot(page, 'spectrogram-sample');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a dropped audio file is decoded by Web Audio, resampled to 22050 Hz, and its tone found in its bin', async () => {
    const { page, errors } = await openExample('/examples/spectrogram.html', 'spectrogram');
    // A different clip than the sample: the fake microphone's tone, 16-bit at 48 kHz (decoded to 22050 Hz).
    const bytes = [...encodeWav(micSignal.subarray(0, MIC_RATE), MIC_RATE, 'int16')];
    const dataTransfer = await page.evaluateHandle((b) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(b)], 'tone.wav', { type: 'audio/wav' }));
      return dt;
    }, bytes);
    await page.dispatchEvent('.dsp-drop', 'drop', { dataTransfer });
    await expect.poll(() => page.getByTestId('source').textContent()).toBe('tone.wav');
    // Resampled 48 kHz → 22050 Hz by the browser: 1 s gives 22050 samples; the tone stays in its bin.
    const frames = 1 + Math.floor(22050 / 256);
    expect(await page.getByTestId('shape').textContent()).toBe(`${frames} × 513`);
    expect(Math.abs((await number(page, 'peak-frequency')) - MIC_TONE_HZ)).toBeLessThanOrEqual(22050 / 1024);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('IQ mode: complex input, DC centred, the +6 kHz tone found where Node finds it', async () => {
    const { page, errors } = await openExample('/examples/spectrogram.html', 'spectrogram');
    await page.getByTestId('load-iq').click();
    await expect.poll(() => page.getByTestId('source').textContent()).toContain('IQ');
    const node = computeSpectrogram({ samples: iqTestSignal(48000), sampleRate: 48000, nFft: 1024, hopLength: 256, complex: true });
    expect(await page.getByTestId('shape').textContent()).toBe(`${node.nFrames} × 1024`);
    expect(await number(page, 'peak-frequency')).toBeCloseTo(node.peak.frequency, 2);
    expect(Math.abs(node.peak.frequency - 6000)).toBeLessThanOrEqual(48000 / 1024);
    expect(Math.abs((await number(page, 'peak-db')) - node.peak.db)).toBeLessThanOrEqual(DB_ATOL);
    await recordComputeMs(page, 'spectrogram IQ 2 s at 48 kHz nFft=1024 hop=256');
    await screenshot(page, 'spectrogram-iq');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a file that is not audio, an empty selection and an absurd nFft show DspErrors; the page keeps working', async () => {
    const { page, errors } = await openExample('/examples/spectrogram.html', 'spectrogram');
    const before = await page.getByTestId('shape').textContent();
    await page.getByTestId('file').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not audio at all') });
    expect(await shownError(page)).toMatch(/^E_INVALID_ARGUMENT: file "notes.txt" is not audio/);
    await page.getByTestId('file').setInputFiles({ name: 'empty.wav', mimeType: 'audio/wav', buffer: Buffer.alloc(0) });
    expect(await shownError(page)).toMatch(/^E_INVALID_ARGUMENT: file "empty.wav" is empty/);
    // The previous result is still there and still computes.
    expect(await page.getByTestId('shape').textContent()).toBe(before);
    await page.getByTestId('to').fill('0');
    await page.getByTestId('to').press('Enter');
    expect(await shownError(page)).toMatch(/^E_SHAPE: spectrogram: x must hold at least 1 sample, got length 0/);
    await page.getByTestId('to').fill('3');
    await page.getByTestId('to').press('Enter');
    await noError(page);
    await page.getByTestId('nfft').fill('99999999999');
    await page.getByTestId('nfft').press('Enter');
    expect(await shownError(page)).toMatch(/^E_\w+: .*nFft/);
    await screenshot(page, 'spectrogram-error');
    await page.getByTestId('nfft').fill('512');
    await page.getByTestId('nfft').press('Enter');
    await noError(page);
    expect(await page.getByTestId('shape').textContent()).toMatch(/ × 257$/);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('live microphone', () => {
  it('streams spectrogram frames from an AudioWorklet on the wasm backend; the strongest bin is the tone Node finds', async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/examples/microphone.html`);
    await page.getByTestId('start').click();
    await page.locator('[data-example="microphone"][data-first-result-ms]').waitFor({ timeout: 10_000 });
    expect(await startupMs(page, 'microphone')).toBeLessThan(1000);
    await expect.poll(() => number(page, 'frames'), { timeout: 10_000 }).toBeGreaterThan(40);
    const rate = await number(page, 'sample-rate');
    // Node: the same stream settings on the tone at the rate the page captured at.
    const tone = Float32Array.from({ length: 8192 }, (_, i) => 0.5 * Math.sin((2 * Math.PI * MIC_TONE_HZ * i) / rate));
    const S = spectrogram(tone, { nFft: 2048, hopLength: 512, center: false, scale: 'db' });
    const row = S.data.subarray(0, S.shape[1]);
    const nodeBin = row.indexOf(Math.max(...row));
    // The capture path resamples the file to the device rate: the same bin, give or take one.
    expect(Math.abs((await number(page, 'peak-frequency')) - (nodeBin * rate) / 2048)).toBeLessThanOrEqual(rate / 2048);
    await screenshot(page, 'microphone');
    await page.getByTestId('stop').click();
    await page.getByTestId('start').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('spectral compression', () => {
  const image = () => parsePgm(readFileSync(join(dist, IMAGE_FILE)), IMAGE_FILE);

  /** The page's figures against compressImage in Node (native backend) on the served image. */
  async function expectFigures(page: Page, input: Omit<CompressionInput, 'image'>): Promise<void> {
    const node = compressImage({ image: image(), ...input });
    const label = `${input.basis} ${input.budget}=${input.value}`;
    // Which coefficients a budget keeps can differ at a tie of f32 energies: one, near the threshold.
    await expect.poll(async () => Math.abs((await number(page, 'nnz')) - node.nnz), { message: label }).toBeLessThanOrEqual(input.budget === 'keep' ? 0 : 1);
    const nnz = await number(page, 'nnz');
    const bytesPerCoefficient = node.storedBytes / node.nnz;
    expect(await number(page, 'dense-bytes')).toBe(node.denseBytes);
    expect(await number(page, 'stored-bytes')).toBe(nnz * bytesPerCoefficient);
    // For keep, nnz is Node's and so is the ratio, to the 6 digits shown.
    expect(await number(page, 'ratio')).toBeCloseTo(node.denseBytes / (nnz * bytesPerCoefficient), 3);
    for (const [testId, value] of [
      ['relative-error', node.relativeError],
      ['measured-error', node.measuredError],
    ] as const) {
      expect(Math.abs((await number(page, testId)) - value), `${label} ${testId}`).toBeLessThanOrEqual(ERROR_RTOL * value);
    }
    // The error the package reports is the one the pixels show (Parseval), on both backends.
    expect(Math.abs(node.relativeError - node.measuredError)).toBeLessThanOrEqual(ERROR_RTOL * node.measuredError);
    await recordComputeMs(page, `spectral compression 256×256 ${label}`);
  }

  it('shows the ratio and error Node computes for the bundled photograph, and starts within a second', async () => {
    const { page, errors } = await openExample('/examples/spectral-compression.html', 'spectral-compression');
    expect(await startupMs(page, 'spectral-compression')).toBeLessThan(1000);
    // The default: 5% of the DCT coefficients, 8 bytes each against 4 per pixel: 1/(2·0.05) = 10×.
    await expectFigures(page, { basis: 'dct', budget: 'keep', value: 0.05 });
    expect(await number(page, 'ratio')).toBeCloseTo(10, 2);
    // The figures the example's page quotes.
    expect((await number(page, 'relative-error')).toFixed(3)).toBe('0.076');
    expect(Math.round(await number(page, 'serialized-ratio'))).toBe(26);
    const photo = image();
    const mean = photo.data.reduce((a, v) => a + v, 0) / photo.data.length;
    const centred = compressImage({ image: { data: photo.data.map((v) => v - mean), shape: photo.shape }, basis: 'dct', budget: 'keep', value: 0.05 });
    expect(centred.relativeError.toFixed(2)).toBe('0.15');
    await page.getByTestId('slider').fill('0.2');
    await expectFigures(page, { basis: 'dct', budget: 'keep', value: 0.2 });
    // The full complex spectrum: 12 bytes per coefficient, 1/(3f).
    await page.getByTestId('basis').selectOption('fft');
    await page.getByTestId('slider').fill('0.05');
    await expectFigures(page, { basis: 'fft', budget: 'keep', value: 0.05 });
    expect(Math.abs((await number(page, 'ratio')) - 1 / (3 * 0.05))).toBeLessThanOrEqual(0.01);
    expect((await number(page, 'relative-error')).toFixed(3)).toBe('0.085');
    await page.getByTestId('basis').selectOption('rfft');
    await expectFigures(page, { basis: 'rfft', budget: 'keep', value: 0.05 });
    await page.getByTestId('basis').selectOption('dct');
    await page.getByTestId('budget').selectOption('maxError');
    await expectFigures(page, { basis: 'dct', budget: 'maxError', value: 0.1 });
    expect(await number(page, 'relative-error')).toBeLessThanOrEqual(0.1);
    await page.getByTestId('value').fill('0.03');
    await page.getByTestId('value').press('Enter');
    await expectFigures(page, { basis: 'dct', budget: 'maxError', value: 0.03 });
    await screenshot(page, 'spectral-compression');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a maxError or keep out of range shows the DspError; the example keeps working', async () => {
    const { page, errors } = await openExample('/examples/spectral-compression.html', 'spectral-compression');
    const value = page.getByTestId('value');
    await value.fill('0');
    await value.press('Enter');
    expect(await shownError(page)).toBe('E_INVALID_ARGUMENT: sst: keep must be a fraction in (0, 1], got 0');
    await page.getByTestId('budget').selectOption('maxError');
    await noError(page);
    await value.fill('1.5');
    await value.press('Enter');
    expect(await shownError(page)).toBe('E_INVALID_ARGUMENT: sst: maxError must be a relative error in [0, 1), got 1.5');
    await screenshot(page, 'spectral-compression-error');
    await page.getByTestId('slider').fill('0.2');
    await noError(page);
    await expectFigures(page, { basis: 'dct', budget: 'maxError', value: 0.2 });
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('guides', () => {
  it('the @dsp/spectral-tensor guide\'s code runs in Node, and its "// true" comments hold', () => {
    // Beside the docs' package.json, so its imports resolve as a reader's would. pnpm's strict
    // layout hides the backends from @dsp/backend's discovery (an npm install finds them), hence
    // the one import the guide does not need.
    const file = join(docs, `.guide-snippets-${process.pid}.mjs`);
    writeFileSync(file, `import '@dsp/backend-native';\n${snippetModule(readFileSync(join(docs, 'guide', 'spectral-tensor.md'), 'utf8'))}`);
    try {
      execFileSync(process.execPath, [file], { cwd: docs, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    } catch (e) {
      throw new Error(`the guide's code failed:\n${String((e as { stderr?: Buffer }).stderr ?? e)}`);
    } finally {
      rmSync(file, { force: true });
    }
  });
});
