import { DspError, dtypeOf, kernelCall, type Dtype, type FloatArray } from '@dsp/backend';

import { parseFraming, windowFor, type Framing, type FramingOptions } from './options.js';
import { parseSpectrogram, spectrogramFrames, SPECTROGRAM_KEYS, type SpectrogramOptions } from './spectrogram.js';
import type { Frames } from './stft.js';

/**
 * A streaming transform: feed chunks of any size with `push`, which returns
 * the frames that became complete; `flush` ends the signal (right padding
 * when `center`) and returns the rest, after which the stream starts over.
 * The frames of all calls, concatenated, equal the batch result bit for bit.
 */
export interface FrameStream {
  push(chunk: FloatArray): Frames;
  flush(): Frames;
  /** Scalars per frame row (2·nBins for complex output, nBins for spectrograms). */
  readonly rowLength: number;
  readonly nBins: number;
}

type Compute = (signal: FloatArray, dtype: Dtype, start: number, nFrames: number, out: FloatArray) => void;

/**
 * The buffering: keeps the samples the next frames need, plus the last
 * pad + 1 samples (reflect and edge padding at the end reads them), and
 * hands the kernel whole frames with the same geometry as the batch call.
 */
class Stream implements FrameStream {
  readonly rowLength: number;
  readonly nBins: number;
  readonly #f: Framing;
  readonly #compute: Compute;
  readonly #fn: string;
  #dtype: Dtype | undefined;
  #buf: FloatArray = new Float64Array(0);
  /** Index in #buf of absolute sample #origin. */
  #head = 0;
  /** Samples held from #origin on. */
  #size = 0;
  /** Absolute index of the first held sample. */
  #origin = 0;
  /** Samples pushed so far. */
  #total = 0;
  /** Next frame to emit. */
  #next = 0;

  constructor(f: Framing, rowLength: number, compute: Compute, fn: string) {
    this.#f = f;
    this.rowLength = rowLength;
    this.nBins = f.bins;
    this.#compute = compute;
    this.#fn = fn;
  }

  get #scalarsPerSample(): number {
    return this.#f.complex ? 2 : 1;
  }

  /** Absolute sample where frame `t` starts (negative: inside the left pad). */
  #begin(t: number): number {
    return t * this.#f.hop - this.#f.pad;
  }

  push(chunk: FloatArray): Frames {
    const fn = `${this.#fn}.push`;
    const dtype = dtypeOf(chunk, 'chunk', fn);
    if (this.#dtype === undefined) {
      this.#dtype = dtype;
      this.#buf = dtype === 'f32' ? new Float32Array(1024) : new Float64Array(1024);
    } else if (dtype !== this.#dtype) {
      throw new DspError('E_DTYPE', `${fn}: chunk is ${chunk.constructor.name} but earlier chunks were ${this.#dtype === 'f32' ? 'Float32Array' : 'Float64Array'}; a stream keeps one dtype`);
    }
    if (chunk.length % this.#scalarsPerSample !== 0) {
      throw new DspError('E_SHAPE', `${fn}: chunk is interleaved complex (complex: true) so it needs an even length, got length ${chunk.length}`);
    }
    for (let i = 0; i < chunk.length; i++) {
      if (!Number.isFinite(chunk[i]!)) throw new DspError('E_INVALID_ARGUMENT', `${fn}: chunk contains NaN or Infinity; only finite values are accepted`);
    }
    this.#append(chunk);
    this.#total += chunk.length / this.#scalarsPerSample;
    const f = this.#f;
    // Reflection at the start must not wrap around the signal's end, which only the batch knows:
    // left-padded frames wait until more than `pad` samples arrived.
    if (f.padMode === 'reflect' && this.#begin(this.#next) < 0 && this.#total <= f.pad) return this.#empty();
    const room = this.#total - f.nFft - this.#begin(this.#next);
    const count = room < 0 ? 0 : Math.floor(room / f.hop) + 1;
    return this.#emit(count);
  }

  flush(): Frames {
    const f = this.#f;
    const padded = this.#total + 2 * f.pad;
    const all = this.#total === 0 || padded < f.nFft ? 0 : 1 + Math.floor((padded - f.nFft) / f.hop);
    const frames = this.#emit(Math.max(0, all - this.#next));
    this.#head = 0;
    this.#size = 0;
    this.#origin = 0;
    this.#total = 0;
    this.#next = 0;
    this.#dtype = undefined;
    return frames;
  }

  #empty(): Frames {
    return { data: this.#dtype === 'f64' ? new Float64Array(0) : new Float32Array(0), shape: [0, this.nBins] };
  }

  #emit(count: number): Frames {
    if (count === 0 || this.#dtype === undefined) return this.#empty();
    const s = this.#scalarsPerSample;
    const out = this.#dtype === 'f32' ? new Float32Array(count * this.rowLength) : new Float64Array(count * this.rowLength);
    const held = this.#buf.subarray(this.#head * s, (this.#head + this.#size) * s);
    this.#compute(held, this.#dtype, this.#begin(this.#next) - this.#origin, count, out);
    this.#next += count;
    // Keep what the next frame reads and the last pad + 1 samples (end padding reads them).
    const keepFrom = Math.max(0, Math.min(this.#begin(this.#next), this.#total - (this.#f.pad + 1)));
    if (keepFrom > this.#origin) {
      const drop = Math.min(keepFrom - this.#origin, this.#size);
      this.#head += drop;
      this.#size -= drop;
      this.#origin += drop;
    }
    return { data: out, shape: [count, this.nBins] };
  }

  #append(chunk: FloatArray): void {
    const s = this.#scalarsPerSample;
    const need = (this.#size * s) + chunk.length;
    if ((this.#head + this.#size) * s + chunk.length > this.#buf.length) {
      if (need * 2 <= this.#buf.length) {
        this.#buf.copyWithin(0, this.#head * s, (this.#head + this.#size) * s);
      } else {
        const bigger = this.#dtype === 'f32' ? new Float32Array(2 * need) : new Float64Array(2 * need);
        bigger.set(this.#buf.subarray(this.#head * s, (this.#head + this.#size) * s));
        this.#buf = bigger;
      }
      this.#head = 0;
    }
    this.#buf.set(chunk, (this.#head + this.#size) * s);
    this.#size += chunk.length / s;
  }
}

/** The streaming `stft`: each frame's complex bins, interleaved (options as stft's). */
export function createStftStream(opts?: FramingOptions): FrameStream {
  const fn = 'createStftStream';
  const f = parseFraming<FramingOptions>(opts, fn);
  return new Stream(f, 2 * f.bins, (signal, dtype, start, nFrames, out) => {
    const window = windowFor(f, dtype, fn);
    kernelCall(`${fn}.push`, 'chunk', () =>
      f.backend.stft(signal, window, out, { complex: f.complex, nFft: f.nFft, hop: f.hop, start, nFrames, padMode: f.padMode, output: 'complex', shift: false, scale: 1 }, f.threads),
    );
  }, fn);
}

/** The streaming `spectrogram` (options as spectrogram's, without `out`). */
export function createSpectrogramStream(opts?: Omit<SpectrogramOptions, 'out'>): FrameStream {
  const fn = 'createSpectrogramStream';
  const f = parseFraming<SpectrogramOptions>(opts, fn, SPECTROGRAM_KEYS);
  const s = parseSpectrogram(f, fn);
  return new Stream(f, f.bins, (signal, dtype, start, nFrames, out) => spectrogramFrames(f, s, signal, dtype, start, nFrames, out, `${fn}.push`), fn);
}
