import { allocate, checkInteger, checkOptions, checkThreads, DspError, getBackend, kernelCall, type Dtype, type FloatArray } from '@dsp/backend';
import type { Frames } from '@dsp/stft';

import { HPSS_KEYS, parseHpss, type HpssOptions, type HpssResult } from './hpss.js';
import { checkFiniteSignal } from './validate.js';

export interface HpssStream<T extends FloatArray = FloatArray> {
  /** Appends spectrogram frames (complex interleaved or magnitudes, as the first push); returns the frames now separated. */
  push(S: Frames<T>): HpssResult<T>;
  /** Ends the input: returns the remaining frames (the median along time reflects at the end, as the batch does). */
  flush(): HpssResult<T>;
  /** Frames an output waits for after its own input: kernelSize[0] − 1 − ⌊kernelSize[0]/2⌋ (15 for the default 31). */
  readonly latencyFrames: number;
  /** Frames returned so far. */
  readonly frames: number;
}

/**
 * HPSS over spectrogram frames that arrive in chunks (e.g. from
 * createStftStream): the concatenation of what `push` and `flush` return
 * equals `hpss` of the whole spectrogram bit for bit. The median along time
 * needs `latencyFrames` later frames, so a frame is returned that many frames
 * after it arrives (causal otherwise); the median along frequency needs none.
 */
export function createHpssStream<T extends FloatArray = FloatArray>(opts?: HpssOptions): HpssStream<T>;
export function createHpssStream(opts?: HpssOptions): HpssStream {
  const fn = 'createHpssStream';
  const o = checkOptions<HpssOptions>(opts, HPSS_KEYS, fn);
  const settings = parseHpss(o, fn);
  const backend = getBackend(o.backend);
  const threads = checkThreads(o.threads, fn);
  const before = Math.floor(settings.kernelHarmonic / 2);
  const after = settings.kernelHarmonic - 1 - before;
  let layout: { dtype: Dtype; bins: number; complex: boolean } | undefined;
  // Input rows from absolute frame `bufferStart` on.
  let buffer: FloatArray | undefined;
  let bufferStart = 0;
  let received = 0;
  let next = 0;
  let done = false;

  const empty = (): HpssResult => {
    const bins = layout?.bins ?? 0;
    const make = () => ({ data: allocate(layout?.dtype ?? 'f32', 0, fn), shape: [0, bins] as [number, number] });
    return { harmonic: make(), percussive: make() };
  };

  /** Separates frames next … end − 1 from buffered frames max(0, next − before) … `last` − 1. */
  const compute = (end: number, last: number): HpssResult => {
    if (layout === undefined || buffer === undefined || end <= next) return empty();
    const { dtype, bins, complex } = layout;
    const width = complex ? 2 : 1;
    const from = Math.max(bufferStart, next - before);
    const frames = last - from;
    const input = buffer.subarray((from - bufferStart) * bins * width, (last - bufferStart) * bins * width);
    const outWidth = complex && !settings.masks ? 2 : 1;
    const harmonic = allocate(dtype, frames * bins * outWidth, fn);
    const percussive = allocate(dtype, frames * bins * outWidth, fn);
    kernelCall(fn, 'S', () => backend.hpss(input, harmonic, percussive, { complex, nFrames: frames, nBins: bins, ...settings }, threads));
    const rows = (x: FloatArray): Frames => ({ data: x.slice((next - from) * bins * outWidth, (end - from) * bins * outWidth), shape: [end - next, bins] });
    const result = { harmonic: rows(harmonic), percussive: rows(percussive) };
    next = end;
    const keepFrom = Math.max(0, next - before);
    if (keepFrom > bufferStart) {
      buffer = buffer.slice((keepFrom - bufferStart) * bins * width);
      bufferStart = keepFrom;
    }
    return result;
  };

  return {
    latencyFrames: after,
    get frames() {
      return next;
    },
    push(S: Frames): HpssResult {
      if (done) throw new DspError('E_INVALID_ARGUMENT', `${fn}: push after flush; create a new stream`);
      if (typeof S !== 'object' || S === null || !Array.isArray(S.shape) || S.shape.length !== 2) {
        throw new DspError('E_SHAPE', `${fn}: S must be { data, shape: [nFrames, nBins] }`);
      }
      const frames = checkInteger(S.shape[0], 'S.shape[0]', fn, { min: 0 });
      const bins = checkInteger(S.shape[1], 'S.shape[1]', fn, { min: 1 });
      if (frames === 0) return empty();
      const dtype = checkFiniteSignal(S.data, 'S.data', fn);
      const complex = S.data.length === 2 * frames * bins;
      if (!complex && S.data.length !== frames * bins) {
        throw new DspError('E_SHAPE', `${fn}: S.data must hold ${frames * bins} magnitudes or ${2 * frames * bins} interleaved complex values, got ${S.data.length}`);
      }
      if (layout === undefined) layout = { dtype, bins, complex };
      else if (layout.dtype !== dtype || layout.bins !== bins || layout.complex !== complex) {
        throw new DspError('E_SHAPE', `${fn}: every push must have the first one's layout (${layout.bins} ${layout.complex ? 'complex' : 'magnitude'} ${layout.dtype} bins per frame)`);
      }
      const joined = allocate(dtype, (buffer?.length ?? 0) + S.data.length, fn);
      if (buffer) joined.set(buffer);
      joined.set(S.data, buffer?.length ?? 0);
      buffer = joined;
      received += frames;
      // A frame is ready once the `after` frames following it have arrived.
      return compute(Math.max(next, received - after), received);
    },
    flush(): HpssResult {
      if (done) throw new DspError('E_INVALID_ARGUMENT', `${fn}: flush called twice; create a new stream`);
      done = true;
      return compute(received, received);
    },
  };
}
