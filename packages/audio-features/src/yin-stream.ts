import { allocate, checkSameDtype, DspError, dtypeOf, kernelCall, type Dtype, type FloatArray } from '@dsp/backend';

import { parsePitchOptions } from './pitch-options.js';
import { checkFiniteSignal } from './validate.js';
import { parseTroughThreshold, type YinOptions } from './yin.js';

export interface YinStream<T extends FloatArray = FloatArray> {
  /** Appends samples; returns f0 of the frames they completed (possibly none). */
  push(chunk: T): T;
  /** Ends the signal: returns f0 of the remaining frames (those reaching into the end padding). */
  flush(): T;
  /** Samples a frame waits for after the sample it is centred on: frameLength − ⌊frameLength/2⌋ (center) or frameLength. */
  readonly latencySamples: number;
  /** Frames returned so far. */
  readonly frames: number;
}

/**
 * YIN over a signal that arrives in chunks: the concatenation of everything
 * `push` and `flush` return equals `yin` of the whole signal, bit for bit
 * (each frame is computed alone, from the same samples). A frame is returned
 * as soon as its last sample has arrived.
 */
export function createYinStream<T extends FloatArray = FloatArray>(opts: YinOptions): YinStream<T>;
export function createYinStream(opts: YinOptions): YinStream {
  const fn = 'createYinStream';
  const s = parsePitchOptions<YinOptions>(opts, fn, ['troughThreshold']);
  const troughThreshold = parseTroughThreshold(s.raw, fn);
  const pad = s.center ? Math.floor(s.frameLength / 2) : 0;
  let dtype: Dtype | undefined;
  let first: FloatArray | undefined;
  // Samples from absolute index `bufferStart` on.
  let buffer: FloatArray | undefined;
  let bufferStart = 0;
  let received = 0;
  let next = 0;
  let done = false;

  const frameStart = (t: number) => t * s.hop - pad;
  /** f0 of frames next … end − 1, read from the buffer (the signal ends at `received` when flushing). */
  const compute = (end: number): FloatArray => {
    const out = allocate(dtype ?? 'f32', Math.max(0, end - next), fn);
    if (end <= next || buffer === undefined) return out;
    const framing = { frameLength: s.frameLength, hop: s.hop, nFrames: end - next, start: frameStart(next) - bufferStart, padMode: s.padMode, minPeriod: s.minPeriod, maxPeriod: s.maxPeriod };
    const signal = buffer;
    kernelCall(fn, 'chunk', () => s.backend.yin(signal, out, { ...framing, sr: s.sr, troughThreshold }, s.threads));
    next = end;
    // Keep what later frames read: from the next frame's start (never before sample 0).
    const keepFrom = Math.max(0, frameStart(next));
    if (keepFrom > bufferStart) {
      buffer = buffer.slice(keepFrom - bufferStart);
      bufferStart = keepFrom;
    }
    return out;
  };

  const stream = {
    latencySamples: s.frameLength - pad,
    get frames() {
      return next;
    },
    push(chunk: FloatArray): FloatArray {
      if (done) throw new DspError('E_INVALID_ARGUMENT', `${fn}: push after flush; create a new stream`);
      const d = chunk?.length === 0 ? dtypeOf(chunk, 'chunk', fn) : checkFiniteSignal(chunk, 'chunk', fn);
      if (first === undefined) {
        first = chunk;
        dtype = d;
      } else checkSameDtype(first, chunk, 'the first chunk', 'chunk', fn);
      const joined = allocate(d, (buffer?.length ?? 0) + chunk.length, fn);
      if (buffer) joined.set(buffer);
      joined.set(chunk, buffer?.length ?? 0);
      buffer = joined;
      received += chunk.length;
      // Frames whose every sample (end padding excluded) has arrived.
      const complete = received - s.frameLength + pad < 0 ? 0 : Math.floor((received - s.frameLength + pad) / s.hop) + 1;
      return compute(complete);
    },
    flush(): FloatArray {
      if (done) throw new DspError('E_INVALID_ARGUMENT', `${fn}: flush called twice; create a new stream`);
      done = true;
      if (received === 0) throw new DspError('E_SHAPE', `${fn}: the signal is empty (no samples were pushed)`);
      if (received + 2 * pad < s.frameLength) {
        throw new DspError('E_SHAPE', `${fn}: the signal has ${received} samples, shorter than one frame of frameLength = ${s.frameLength} with center: false`);
      }
      const total = 1 + Math.floor((received + 2 * pad - s.frameLength) / s.hop);
      return compute(total);
    },
  };
  return stream;
}
