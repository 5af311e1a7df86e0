import { checkInteger, checkOptions, checkThreads, DspError, dtypeOf, getBackend, kernelCall, type Dtype, type FloatArray } from '@dsp/backend';

import type { Frames } from './stft.js';
import { checkBoolean, fftWindow, type WindowSpec } from './window.js';

export interface IstftStreamOptions {
  /** FFT length (default 2048); frames hold ⌊nFft/2⌋ + 1 bins. */
  nFft?: number;
  /** Default ⌊winLength/4⌋; at most nFft. */
  hopLength?: number;
  winLength?: number;
  window?: WindowSpec;
  /** The frames came from a centred STFT (default true): the first and last ⌊nFft/2⌋ samples are dropped. */
  center?: boolean;
  backend?: string;
  threads?: number;
}

/**
 * The streaming `istft` (overlap-add): push frames, get the samples no later
 * frame can change; `flush` returns the rest and starts over. The samples of
 * all calls, concatenated, equal `istft` of all frames (without `length`) bit
 * for bit: each output sample is computed by the batch kernel from the same
 * frames, summed in the same order.
 */
export interface IstftStream {
  push(frames: Frames): FloatArray;
  flush(): FloatArray;
}

export function createIstftStream(opts?: IstftStreamOptions): IstftStream {
  const fn = 'createIstftStream';
  const o = checkOptions<IstftStreamOptions>(opts, ['nFft', 'hopLength', 'winLength', 'window', 'center', 'backend', 'threads'], fn);
  const n = o.nFft === undefined ? 2048 : checkInteger(o.nFft, 'nFft', fn, { min: 1, max: 2 ** 30 });
  const winLength = o.winLength === undefined ? n : checkInteger(o.winLength, 'winLength', fn, { min: 1 });
  if (winLength > n) throw new DspError('E_INVALID_ARGUMENT', `${fn}: winLength must be ≤ nFft, got winLength ${winLength} with nFft ${n}`);
  const hop = o.hopLength === undefined ? Math.floor(winLength / 4) : checkInteger(o.hopLength, 'hopLength', fn, { min: 1 });
  if (hop < 1 || hop > n) {
    throw new DspError('E_INVALID_ARGUMENT', `${fn}: hopLength must be in 1…nFft (${n}) so that frames overlap or touch, got ${hop}`);
  }
  const center = o.center === undefined ? true : checkBoolean(o.center, 'center', fn);
  const backend = getBackend(o.backend);
  const threads = checkThreads(o.threads, fn);
  const windowSpec = o.window === undefined ? 'hann' : o.window;
  const bins = Math.floor(n / 2) + 1;
  const trim = center ? Math.floor(n / 2) : 0;

  let dtype: Dtype | undefined;
  /** Spectra of frames first … first + rows.length − 1 (older ones can no longer touch unemitted samples). */
  let rows: FloatArray[] = [];
  let first = 0;
  /** Frames pushed. */
  let count = 0;
  /** Overlap-added samples (full coordinates, before trimming) emitted so far. */
  let emitted = trim;

  const empty = (): FloatArray => (dtype === 'f64' ? new Float64Array(0) : new Float32Array(0));

  /** Samples [emitted, end) in full coordinates, from the frames that cover them. */
  const emit = (end: number, what: string): FloatArray => {
    if (dtype === undefined || end <= emitted) return empty();
    const lo = Math.max(0, Math.ceil((emitted - n + 1) / hop));
    const hi = Math.min(count - 1, Math.floor((end - 1) / hop));
    const spectrum = dtype === 'f32' ? new Float32Array((hi - lo + 1) * 2 * bins) : new Float64Array((hi - lo + 1) * 2 * bins);
    for (let f = lo; f <= hi; f++) spectrum.set(rows[f - first]!, (f - lo) * 2 * bins);
    const out = dtype === 'f32' ? new Float32Array(end - emitted) : new Float64Array(end - emitted);
    const window = fftWindow(backend, windowSpec, winLength, n, dtype, what);
    kernelCall(what, 'frames', () => backend.istft(spectrum, window, out, { nFft: n, hop, nFrames: hi - lo + 1, offset: emitted - lo * hop }, threads));
    emitted = end;
    const keepFrom = Math.max(0, Math.ceil((emitted - n + 1) / hop));
    if (keepFrom > first) {
      rows = rows.slice(keepFrom - first);
      first = keepFrom;
    }
    return out;
  };

  return {
    push(frames: Frames): FloatArray {
      const what = `${fn}.push`;
      if (typeof frames !== 'object' || frames === null || !Array.isArray(frames.shape) || frames.shape.length !== 2) {
        throw new DspError('E_SHAPE', `${what}: frames must be { data, shape: [nFrames, nBins] } as stft returns it`);
      }
      const d = dtypeOf(frames.data, 'frames.data', what);
      if (dtype !== undefined && d !== dtype) {
        throw new DspError('E_DTYPE', `${what}: frames.data is ${frames.data.constructor.name} but earlier frames were ${dtype === 'f32' ? 'Float32Array' : 'Float64Array'}; a stream keeps one dtype`);
      }
      const k = checkInteger(frames.shape[0], 'frames.shape[0]', what, { min: 0 });
      if (frames.shape[1] !== bins || frames.data.length !== 2 * k * bins) {
        throw new DspError('E_SHAPE', `${what}: frames must hold ${bins} complex bins per frame for nFft = ${n} (data of 2·nFrames·${bins} values), got shape [${String(frames.shape)}] and ${frames.data.length} values`);
      }
      for (let i = 0; i < frames.data.length; i++) {
        if (!Number.isFinite(frames.data[i]!)) throw new DspError('E_INVALID_ARGUMENT', `${what}: frames contains NaN or Infinity; only finite values are accepted`);
      }
      dtype = d;
      for (let f = 0; f < k; f++) rows.push(frames.data.slice(2 * f * bins, 2 * (f + 1) * bins));
      count += k;
      if (count === 0) return empty();
      // Samples before the next frame's start are final; with center the batch drops the last trim samples.
      return emit(Math.min(count * hop, n + hop * (count - 1) - trim), what);
    },
    flush(): FloatArray {
      const out = count === 0 ? empty() : emit(n + hop * (count - 1) - trim, `${fn}.flush`);
      dtype = undefined;
      rows = [];
      first = 0;
      count = 0;
      emitted = trim;
      return out;
    },
  };
}
