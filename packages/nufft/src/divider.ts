// The streaming spectral-division node: per frame, window signal and divisor,
// transform, divide bin-wise X·conj(D)/(|D|² + ε), gate a band, rotate the
// phase, transform back, overlap-add. The transform is chosen by the
// descriptor's `algorithm` ('fft' | 'dft' | 'nufft'); ports and parameters are
// the same for all three.
//
// Timeline (per batch and channel): frames of N = windowSize samples start at
// −N/2, 0, N/2, … (samples before 0 read as zero) with a periodic Hann window,
// which sums to 1 at hop N/2. Output sample t is the overlap-added result at
// t − (N − 1), the first moment every frame covering it is complete; until a
// channel has seen a full window (t < N − 1) it is the safe sample-wise
// division x·y/(y² + ε) instead (warm-up). The computation of every sample is
// fixed by the timeline, not by how the stream is cut into chunks, so
// streaming equals one-shot for any chunk size.
import { DspError, checkFinite, checkInteger, checkOneOf, checkOptions, describeValue, getBackend, type KernelFftPlan } from '@dsp/backend';
import { NufftPlan } from './plan.js';

export type DividerAlgorithm = 'fft' | 'dft' | 'nufft';

/** The node's JSON descriptor. Band edges are normalised frequencies in cycles per sample (0 … 0.5). */
export interface SpectralDividerDescriptor {
  algorithm: DividerAlgorithm;
  windowSize: number;
  /** The analysis window; 'hann' (periodic, hop windowSize/2). */
  window?: 'hann';
  lowerBand?: number;
  upperBand?: number;
  /** Bins inside [lowerBand, upperBand] keep gain 1, bins outside get 1 − filterIntensity (0 … 1; default 1). */
  filterIntensity?: number;
  /** Phase rotation in radians: positive-frequency bins × e^{iφ}, negative ones × e^{−iφ} (real output). */
  phaseOffset?: number;
  /** Regulariser of the division (> 0; default 1e-9). */
  epsilon?: number;
  /** 'nufft' only: oversampling (1 runs the plain FFT path), kernel half-width and β, and tolerance (default 1e-12). */
  sigma?: number;
  m?: number;
  kbBeta?: number;
  eps?: number;
  backend?: string;
}

/** Data shaped (batch, channel, frame), frame fastest. */
export interface Signal3 {
  data: Float64Array;
  shape: [number, number, number];
}

export interface DividerMetrics {
  /** Wall time of the last `process` call in milliseconds. */
  latencyMs: number;
  /** Frames transformed by the last `process` call (all batches and channels). */
  framesProcessed: number;
  /** Output lags input by this many samples once warmed up. */
  delaySamples: number;
}

const KEYS = ['algorithm', 'windowSize', 'window', 'lowerBand', 'upperBand', 'filterIntensity', 'phaseOffset', 'epsilon', 'sigma', 'm', 'kbBeta', 'eps', 'backend'] as const;

/** F (forward DFT, e^{−2πikn/N}) and its conjugate transpose Fᴴ on interleaved complex frames. */
interface FrameTransform {
  forward(input: Float64Array, output: Float64Array): void;
  adjoint(input: Float64Array, output: Float64Array): void;
  dispose(): void;
}

function fftTransform(n: number, backend: string | undefined): FrameTransform {
  const plan: KernelFftPlan = getBackend(backend).createFftPlan('c2c', 'f64', n);
  return {
    forward: (i, o) => plan.execute(false, i, o, 1, 1, 1),
    adjoint: (i, o) => plan.execute(true, i, o, 1, 1, 1),
    dispose: () => plan.dispose(),
  };
}

function dftTransform(n: number): FrameTransform {
  const cos = Float64Array.from({ length: n }, (_, m) => Math.cos((2 * Math.PI * m) / n));
  const sin = Float64Array.from({ length: n }, (_, m) => Math.sin((2 * Math.PI * m) / n));
  // The angle index k·j mod n is exact, so every twiddle is the correctly rounded one.
  const run = (sign: number) => (input: Float64Array, output: Float64Array) => {
    for (let k = 0; k < n; k++) {
      let re = 0;
      let im = 0;
      let m = 0;
      for (let j = 0; j < n; j++) {
        const c = cos[m]!;
        const s = sign * sin[m]!;
        re += input[2 * j]! * c - input[2 * j + 1]! * s;
        im += input[2 * j]! * s + input[2 * j + 1]! * c;
        m += k;
        if (m >= n) m -= n;
      }
      output[2 * k] = re;
      output[2 * k + 1] = im;
    }
  };
  return { forward: run(-1), adjoint: run(1), dispose: () => {} };
}

function nufftTransform(n: number, d: SpectralDividerDescriptor): FrameTransform {
  const plan = new NufftPlan(
    { type: 1, modes: n, dtype: 'f64', isign: -1, modeOrder: 'fft', eps: d.eps ?? 1e-12, sigma: d.sigma, m: d.m, kbBeta: d.kbBeta, threads: 1, backend: d.backend },
    'createSpectralDivider',
  );
  plan.setPoints(Float64Array.from({ length: n }, (_, j) => (2 * Math.PI * j) / n));
  // execute is F at the grid points; adjoint is the exact transpose of what execute computes.
  return { forward: (i, o) => void plan.execute(i, o), adjoint: (i, o) => void plan.adjoint(i, o), dispose: () => plan.dispose() };
}

/** Per (batch, channel) stream state. */
interface ChannelState {
  /** Samples seen so far. */
  time: number;
  /** The last N input samples of signal and divisor (ring by absolute time). */
  x: Float64Array;
  y: Float64Array;
  /** Overlap-add accumulator, ring of N by absolute output index. */
  ola: Float64Array;
}

interface CallRecord {
  signal: Float64Array;
  divisor: Float64Array;
  shape: [number, number, number];
  /** State of each channel before the call. */
  before: ChannelState[];
}

export class SpectralDivider {
  readonly descriptor: Readonly<SpectralDividerDescriptor>;
  readonly windowSize: number;
  readonly hop: number;
  readonly #window: Float64Array;
  readonly #gain: Float64Array;
  /** Per bin: e^{iφ·sgn(k)} times the gate, as [re, im]. */
  readonly #rotation: Float64Array;
  readonly #epsilon: number;
  readonly #transform: FrameTransform;
  #states: ChannelState[] = [];
  #channels: [number, number] | undefined;
  #last: CallRecord | undefined;
  #metrics: DividerMetrics;
  // Scratch, reused by every frame.
  readonly #bufA: Float64Array;
  readonly #bufB: Float64Array;
  readonly #X: Float64Array;
  readonly #D: Float64Array;

  /** @internal use createSpectralDivider or fromJSON */
  constructor(descriptor: SpectralDividerDescriptor, fn: string) {
    const d = checkOptions<SpectralDividerDescriptor>(descriptor, KEYS, fn);
    const algorithm = checkOneOf(d.algorithm, ['fft', 'dft', 'nufft'] as const, 'algorithm', fn);
    const n = checkInteger(d.windowSize, 'windowSize', fn, { min: 4, max: 1 << 20 });
    if (n % 2 !== 0) throw new DspError('E_INVALID_ARGUMENT', `${fn}: windowSize must be even (hop windowSize/2), got ${n}`);
    checkOneOf(d.window ?? 'hann', ['hann'] as const, 'window', fn);
    const lower = d.lowerBand === undefined ? 0 : checkFinite(d.lowerBand, 'lowerBand', fn);
    const upper = d.upperBand === undefined ? 0.5 : checkFinite(d.upperBand, 'upperBand', fn);
    if (!(lower >= 0 && upper <= 0.5 && lower <= upper)) {
      throw new DspError('E_INVALID_ARGUMENT', `${fn}: the band must satisfy 0 ≤ lowerBand ≤ upperBand ≤ 0.5 (cycles per sample), got ${lower}…${upper}`);
    }
    const intensity = d.filterIntensity === undefined ? 1 : checkFinite(d.filterIntensity, 'filterIntensity', fn);
    if (intensity < 0 || intensity > 1) throw new DspError('E_INVALID_ARGUMENT', `${fn}: filterIntensity must be in 0…1, got ${intensity}`);
    const phase = d.phaseOffset === undefined ? 0 : checkFinite(d.phaseOffset, 'phaseOffset', fn);
    this.#epsilon = d.epsilon === undefined ? 1e-9 : checkFinite(d.epsilon, 'epsilon', fn, { positive: true });
    if (algorithm !== 'nufft') {
      for (const k of ['sigma', 'm', 'kbBeta', 'eps'] as const) {
        if (d[k] !== undefined) throw new DspError('E_INVALID_ARGUMENT', `${fn}: ${k} applies to algorithm "nufft" only, got it with "${algorithm}"`);
      }
    }
    this.descriptor = Object.freeze({ ...d });
    this.windowSize = n;
    this.hop = n / 2;
    this.#window = Float64Array.from({ length: n }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n));
    this.#gain = new Float64Array(n);
    this.#rotation = new Float64Array(2 * n);
    for (let k = 0; k < n; k++) {
      const signed = k <= n / 2 ? k : k - n;
      const f = Math.abs(signed) / n;
      const g = f >= lower && f <= upper ? 1 : 1 - intensity;
      this.#gain[k] = g;
      const sgn = signed === 0 || 2 * k === n ? 0 : Math.sign(signed);
      this.#rotation[2 * k] = g * Math.cos(phase * sgn);
      this.#rotation[2 * k + 1] = g * Math.sin(phase * sgn);
    }
    this.#transform = algorithm === 'fft' ? fftTransform(n, d.backend) : algorithm === 'dft' ? dftTransform(n) : nufftTransform(n, d);
    this.#bufA = new Float64Array(2 * n);
    this.#bufB = new Float64Array(2 * n);
    this.#X = new Float64Array(2 * n);
    this.#D = new Float64Array(2 * n);
    this.#metrics = { latencyMs: 0, framesProcessed: 0, delaySamples: n - 1 };
  }

  get algorithm(): DividerAlgorithm {
    return this.descriptor.algorithm;
  }

  toJSON(): SpectralDividerDescriptor {
    return { ...this.descriptor };
  }

  metrics(): DividerMetrics {
    return { ...this.#metrics };
  }

  /** Forgets every channel's history (the next call starts a new stream). */
  reset(): void {
    this.#states = [];
    this.#channels = undefined;
    this.#last = undefined;
  }

  dispose(): void {
    this.#transform.dispose();
  }

  #check(s: unknown, name: string, fn: string): Signal3 {
    const v = s as Signal3;
    if (v === null || typeof v !== 'object' || !(v.data instanceof Float64Array) || !Array.isArray(v.shape) || v.shape.length !== 3) {
      throw new DspError('E_SHAPE', `${fn}: ${name} must be { data: Float64Array, shape: [batch, channel, frame] }, got ${describeValue(s)}`);
    }
    const [b, c, t] = v.shape.map((e, i) => checkInteger(e, `${name}.shape[${i}]`, fn, { min: 0 })) as [number, number, number];
    if (v.data.length !== b * c * t) throw new DspError('E_SHAPE', `${fn}: ${name}.data has ${v.data.length} values, shape [${b}, ${c}, ${t}] needs ${b * c * t}`);
    for (let i = 0; i < v.data.length; i++) {
      if (!Number.isFinite(v.data[i]!)) throw new DspError('E_INVALID_ARGUMENT', `${fn}: ${name}.data[${i}] is ${v.data[i]}; only finite values are accepted`);
    }
    return v;
  }

  /** Processes the next chunk of every (batch, channel) stream; returns the same shape. */
  process(signal: Signal3, divisor: Signal3): Signal3 {
    const fn = 'SpectralDivider.process';
    const started = performance.now();
    const s = this.#check(signal, 'signal', fn);
    const d = this.#check(divisor, 'divisor', fn);
    if (s.shape.some((e, i) => e !== d.shape[i])) {
      throw new DspError('E_SHAPE', `${fn}: divisor shape [${d.shape.join(', ')}] must equal signal shape [${s.shape.join(', ')}]`);
    }
    const [b, c, t] = s.shape;
    if (this.#channels === undefined) {
      this.#channels = [b, c];
      this.#states = Array.from({ length: b * c }, () => this.#freshState());
    } else if (this.#channels[0] !== b || this.#channels[1] !== c) {
      throw new DspError('E_SHAPE', `${fn}: this stream has ${this.#channels[0]} batch(es) × ${this.#channels[1]} channel(s); got [${b}, ${c}, …] (call reset() to start a new stream)`);
    }
    this.#last = { signal: s.data.slice(), divisor: d.data.slice(), shape: [b, c, t], before: this.#states.map(cloneState) };
    const out = new Float64Array(b * c * t);
    let frames = 0;
    for (let r = 0; r < b * c; r++) {
      frames += this.#runChannel(this.#states[r]!, s.data.subarray(r * t, (r + 1) * t), d.data.subarray(r * t, (r + 1) * t), out.subarray(r * t, (r + 1) * t));
    }
    this.#metrics = { latencyMs: performance.now() - started, framesProcessed: frames, delaySamples: this.windowSize - 1 };
    return { data: out, shape: [b, c, t] };
  }

  #freshState(): ChannelState {
    const n = this.windowSize;
    return { time: 0, x: new Float64Array(n), y: new Float64Array(n), ola: new Float64Array(n) };
  }

  /** Streams one channel's chunk; returns the frames transformed. */
  #runChannel(st: ChannelState, x: Float64Array, y: Float64Array, out: Float64Array): number {
    const n = this.windowSize;
    const eps = this.#epsilon;
    let frames = 0;
    for (let i = 0; i < x.length; i++) {
      const t = st.time;
      st.x[t % n] = x[i]!;
      st.y[t % n] = y[i]!;
      // A frame [s, s + N − 1] completes at t = s + N − 1, for s = −N/2, 0, N/2, …
      const s = t - n + 1;
      if (s >= -this.hop && s % this.hop === 0) {
        this.#frame(st, s);
        frames++;
      }
      if (t < n - 1) {
        out[i] = (x[i]! * y[i]!) / (y[i]! * y[i]! + eps);
      } else {
        const tau = t - n + 1;
        out[i] = st.ola[tau % n]!;
        st.ola[tau % n] = 0;
      }
      st.time = t + 1;
    }
    return frames;
  }

  /** Windows the frame starting at absolute sample s (negative samples are zero) into A (signal) and B (divisor). */
  #load(st: ChannelState, s: number): void {
    const n = this.windowSize;
    const w = this.#window;
    for (let j = 0; j < n; j++) {
      const a = s + j;
      const inside = a >= 0;
      this.#bufA[2 * j] = inside ? w[j]! * st.x[a % n]! : 0;
      this.#bufB[2 * j] = inside ? w[j]! * st.y[a % n]! : 0;
      this.#bufA[2 * j + 1] = 0;
      this.#bufB[2 * j + 1] = 0;
    }
  }

  #frame(st: ChannelState, s: number): void {
    const n = this.windowSize;
    const eps = this.#epsilon;
    const X = this.#X;
    const D = this.#D;
    this.#load(st, s);
    this.#transform.forward(this.#bufA, X);
    this.#transform.forward(this.#bufB, D);
    const Y = this.#bufA;
    const rot = this.#rotation;
    for (let k = 0; k < n; k++) {
      const [xr, xi, dr, di] = [X[2 * k]!, X[2 * k + 1]!, D[2 * k]!, D[2 * k + 1]!];
      const den = dr * dr + di * di + eps;
      // Q = X·conj(D)/(|D|² + ε), then Y = Q·rotation.
      const qr = (xr * dr + xi * di) / den;
      const qi = (xi * dr - xr * di) / den;
      Y[2 * k] = qr * rot[2 * k]! - qi * rot[2 * k + 1]!;
      Y[2 * k + 1] = qr * rot[2 * k + 1]! + qi * rot[2 * k]!;
    }
    // Inverse: F⁻¹ = Fᴴ/N; the output is its real part.
    this.#transform.adjoint(Y, this.#bufB);
    for (let j = 0; j < n; j++) {
      const a = s + j;
      if (a >= 0) st.ola[a % n] = st.ola[a % n]! + this.#bufB[2 * j]! / n;
    }
  }

  /**
   * The exact vector–Jacobian product of the last `process` call with respect
   * to its signal and divisor (the history from earlier calls held fixed).
   */
  backward(gradOutput: Signal3): { gradSignal: Signal3; gradDivisor: Signal3 } {
    const fn = 'SpectralDivider.backward';
    const last = this.#last;
    if (last === undefined) throw new DspError('E_INVALID_ARGUMENT', `${fn}: call process before backward`);
    const g = this.#check(gradOutput, 'gradOutput', fn);
    if (g.shape.some((e, i) => e !== last.shape[i])) {
      throw new DspError('E_SHAPE', `${fn}: gradOutput shape [${g.shape.join(', ')}] must equal the last output's [${last.shape.join(', ')}]`);
    }
    const [b, c, t] = last.shape;
    const gs = new Float64Array(b * c * t);
    const gd = new Float64Array(b * c * t);
    for (let r = 0; r < b * c; r++) {
      const span = (a: Float64Array) => a.subarray(r * t, (r + 1) * t);
      this.#backChannel(cloneState(last.before[r]!), span(last.signal), span(last.divisor), span(g.data), span(gs), span(gd));
    }
    return { gradSignal: { data: gs, shape: [b, c, t] }, gradDivisor: { data: gd, shape: [b, c, t] } };
  }

  #backChannel(st: ChannelState, x: Float64Array, y: Float64Array, g: Float64Array, gx: Float64Array, gy: Float64Array): void {
    const n = this.windowSize;
    const eps = this.#epsilon;
    const t0 = st.time;
    const len = x.length;
    // Replay the call to find its frames (with the inputs they saw), applying warm-up gradients on the way.
    const frames: { s: number; x: Float64Array; y: Float64Array }[] = [];
    for (let i = 0; i < len; i++) {
      const t = t0 + i;
      st.x[t % n] = x[i]!;
      st.y[t % n] = y[i]!;
      const s = t - n + 1;
      if (s >= -this.hop && s % this.hop === 0) frames.push({ s, x: st.x.slice(), y: st.y.slice() });
      if (t < n - 1) {
        const den = y[i]! * y[i]! + eps;
        gx[i] = gx[i]! + (g[i]! * y[i]!) / den;
        gy[i] = gy[i]! + (g[i]! * x[i]! * (eps - y[i]! * y[i]!)) / (den * den);
      }
    }
    // Output t (≥ N − 1) is ola[t − N + 1]: the gradient reaching ola index τ.
    const gradOla = (tau: number): number => {
      const i = tau + n - 1 - t0;
      return i >= 0 && i < len && tau + n - 1 >= n - 1 ? g[i]! : 0;
    };
    const w = this.#window;
    const X = this.#X;
    const D = this.#D;
    const rot = this.#rotation;
    for (const f of frames) {
      this.#load({ time: 0, x: f.x, y: f.y, ola: st.ola }, f.s);
      this.#transform.forward(this.#bufA, X);
      this.#transform.forward(this.#bufB, D);
      // Ȳ = (F⁻¹)ᴴ g_o = F g_o / N (g_o real).
      const go = this.#bufA;
      for (let j = 0; j < n; j++) {
        const a = f.s + j;
        go[2 * j] = a >= 0 ? gradOla(a) / n : 0;
        go[2 * j + 1] = 0;
      }
      const Yb = this.#bufB;
      this.#transform.forward(go, Yb);
      // Q̄ = conj(rotation)·Ȳ; X̄ = conj(h)·Q̄; D̄ = conj(a)·Q̄ + b·conj(Q̄)
      // with h = conj(D)/(|D|²+ε), a = ∂Q/∂D = −X·conj(D)²/(|D|²+ε)², b = ∂Q/∂conj(D) = X·ε/(|D|²+ε)².
      const Xb = this.#bufA;
      const Db = new Float64Array(2 * n);
      for (let k = 0; k < n; k++) {
        const [yr, yi, rr, ri] = [Yb[2 * k]!, Yb[2 * k + 1]!, rot[2 * k]!, rot[2 * k + 1]!];
        const qr = yr * rr + yi * ri;
        const qi = yi * rr - yr * ri;
        const [xr, xi, dr, di] = [X[2 * k]!, X[2 * k + 1]!, D[2 * k]!, D[2 * k + 1]!];
        const den = dr * dr + di * di + eps;
        // conj(h) = D/den
        Xb[2 * k] = (dr * qr - di * qi) / den;
        Xb[2 * k + 1] = (dr * qi + di * qr) / den;
        // conj(D)² = (dr² − di²) − 2i·dr·di; a = −X·conj(D)²/den²; conj(a) = −conj(X)·D²/den².
        const d2r = dr * dr - di * di;
        const d2i = 2 * dr * di;
        const car = -(xr * d2r + xi * d2i) / (den * den);
        const cai = -(xr * d2i - xi * d2r) / (den * den);
        const br = (xr * eps) / (den * den);
        const bi = (xi * eps) / (den * den);
        Db[2 * k] = car * qr - cai * qi + (br * qr + bi * qi);
        Db[2 * k + 1] = car * qi + cai * qr + (bi * qr - br * qi);
      }
      // s̄ = Re(Fᴴ X̄), then through the window into the samples this call supplied.
      this.#transform.adjoint(Xb, X);
      this.#transform.adjoint(Db, D);
      for (let j = 0; j < n; j++) {
        const i = f.s + j - t0;
        if (i >= 0 && i < len) {
          gx[i] = gx[i]! + w[j]! * X[2 * j]!;
          gy[i] = gy[i]! + w[j]! * D[2 * j]!;
        }
      }
    }
  }
}

function cloneState(s: ChannelState): ChannelState {
  return { time: s.time, x: s.x.slice(), y: s.y.slice(), ola: s.ola.slice() };
}

/** Makes a spectral-division node from its descriptor. */
export function createSpectralDivider(descriptor: SpectralDividerDescriptor): SpectralDivider {
  return new SpectralDivider(descriptor, 'createSpectralDivider');
}

/** Makes a node from a JSON descriptor (a string or the parsed object). */
export function fromJSON(json: string | SpectralDividerDescriptor): SpectralDivider {
  let descriptor: unknown = json;
  if (typeof json === 'string') {
    try {
      descriptor = JSON.parse(json);
    } catch (e) {
      throw new DspError('E_INVALID_ARGUMENT', `fromJSON: the descriptor is not valid JSON (${(e as Error).message})`, { cause: e });
    }
  }
  return new SpectralDivider(descriptor as SpectralDividerDescriptor, 'fromJSON');
}
