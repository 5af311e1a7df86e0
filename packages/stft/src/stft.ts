import { DspError, checkOptions, checkInteger, dtypeOf, getBackend, checkThreads, kernelCall, outputArray, type FloatArray } from '@dsp/backend';

import { frameCount, inverseSpan, parseFraming, signalSamples, windowFor, type FramingOptions } from './options.js';
import { checkBoolean, fftWindow, type WindowSpec } from './window.js';

/** Frame-major time–frequency data: `shape[0]` frames of `shape[1]` bins, each frame contiguous. */
export interface Frames<T extends FloatArray = FloatArray> {
  /** Complex results are interleaved [re, im, …] (2·shape[0]·shape[1] values); real ones hold shape[0]·shape[1]. */
  data: T;
  shape: [number, number];
}

export interface StftOptions extends FramingOptions {
  /** Write the result here (same dtype as y, exactly 2·nFrames·nBins values). */
  out?: FloatArray;
}

/**
 * Short-time Fourier transform, equal to `librosa.stft` (frame-major: librosa's
 * result transposed). Real y → nFft/2 + 1 bins per frame; `complex: true`
 * (interleaved IQ) → all nFft bins, in FFT order.
 */
export function stft<T extends FloatArray>(y: T, opts?: StftOptions): Frames<T>;
export function stft(y: FloatArray, opts?: StftOptions): Frames {
  const fn = 'stft';
  const f = parseFraming<StftOptions>(opts, fn, ['out']);
  const { dtype, samples } = signalSamples(y, f.complex, fn);
  const nFrames = frameCount(f, samples, fn);
  const window = windowFor(f, dtype, fn);
  const out = outputArray(f.raw.out, y, 2 * nFrames * f.bins, fn);
  kernelCall(fn, 'y', () =>
    f.backend.stft(y, window, out, { complex: f.complex, nFft: f.nFft, hop: f.hop, start: -f.pad, nFrames, padMode: f.padMode, output: 'complex', shift: false, scale: 1 }, f.threads),
  );
  return { data: out, shape: [nFrames, f.bins] };
}

export interface IstftOptions {
  /** Default ⌊winLength/4⌋. */
  hopLength?: number;
  /** Default nFft. */
  winLength?: number;
  /** FFT length; default 2·(nBins − 1). */
  nFft?: number;
  /** Default 'hann'. */
  window?: WindowSpec;
  /** The STFT was centred (default true): the output drops the ⌊nFft/2⌋ padding. */
  center?: boolean;
  /** Output exactly this many samples (zero-padded or truncated), as librosa's `length`. */
  length?: number;
  out?: FloatArray;
  backend?: string;
  threads?: number;
}

/**
 * Inverse STFT, equal to `librosa.istft`: inverse real FFT of each frame times
 * the window, overlap-added, divided by the overlap-added squared window.
 * `S` is what `stft` returns for a real signal.
 */
export function istft<T extends FloatArray>(S: Frames<T>, opts?: IstftOptions): T;
export function istft(S: Frames, opts?: IstftOptions): FloatArray {
  const fn = 'istft';
  const o = checkOptions<IstftOptions>(opts, ['hopLength', 'winLength', 'nFft', 'window', 'center', 'length', 'out', 'backend', 'threads'], fn);
  if (typeof S !== 'object' || S === null || !Array.isArray(S.shape) || S.shape.length !== 2) {
    throw new DspError('E_SHAPE', `${fn}: S must be { data, shape: [nFrames, nBins] } as stft returns it`);
  }
  const data = S.data;
  const dtype = dtypeOf(data, 'S.data', fn);
  const totalFrames = checkInteger(S.shape[0], 'S.shape[0]', fn, { min: 1 });
  const bins = checkInteger(S.shape[1], 'S.shape[1]', fn, { min: 1 });
  if (data.length !== 2 * totalFrames * bins) {
    throw new DspError('E_SHAPE', `${fn}: S.data must hold 2·${totalFrames}·${bins} = ${2 * totalFrames * bins} values (interleaved complex), got ${data.length}`);
  }
  const nFft = o.nFft === undefined ? 2 * (bins - 1) : checkInteger(o.nFft, 'nFft', fn, { min: 1 });
  if (nFft < 1 || Math.floor(nFft / 2) + 1 !== bins) {
    throw new DspError('E_SHAPE', `${fn}: S has ${bins} bins per frame, which does not fit nFft = ${nFft} (needs ⌊nFft/2⌋ + 1 bins)`);
  }
  const winLength = o.winLength === undefined ? nFft : checkInteger(o.winLength, 'winLength', fn, { min: 1 });
  if (winLength > nFft) throw new DspError('E_INVALID_ARGUMENT', `${fn}: winLength must be ≤ nFft, got winLength ${winLength} with nFft ${nFft}`);
  let hop: number;
  if (o.hopLength === undefined) {
    hop = Math.floor(winLength / 4);
    if (hop < 1) throw new DspError('E_INVALID_ARGUMENT', `${fn}: hopLength defaults to ⌊winLength/4⌋, which is 0 for winLength ${winLength}; pass hopLength ≥ 1`);
  } else {
    hop = checkInteger(o.hopLength, 'hopLength', fn, { min: 1 });
  }
  const center = o.center === undefined ? true : checkBoolean(o.center, 'center', fn);
  const half = Math.floor(nFft / 2);
  let nFrames = totalFrames;
  let outLength: number;
  if (o.length !== undefined) {
    outLength = checkInteger(o.length, 'length', fn, { min: 0 });
    nFrames = inverseSpan(totalFrames, outLength, center, nFft, hop).nFrames;
  } else {
    outLength = Math.max(0, nFft + hop * (totalFrames - 1) - (center ? 2 * half : 0));
  }
  const backend = getBackend(o.backend);
  const threads = checkThreads(o.threads, fn);
  const window = fftWindow(backend, o.window === undefined ? 'hann' : o.window, winLength, nFft, dtype, fn);
  const out = outputArray(o.out, data, outLength, fn);
  if (nFrames < 1) {
    out.fill(0);
    return out;
  }
  kernelCall(fn, 'S', () =>
    backend.istft(data.subarray(0, 2 * nFrames * bins), window, out, { nFft, hop, nFrames, offset: center ? half : 0 }, threads),
  );
  return out;
}
