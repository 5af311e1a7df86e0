import { allocate, checkFinite, checkInteger, DspError, describeValue, kernelCall, type FloatArray } from '@dsp/backend';

import { parsePitch, type PitchOptions } from './pitch-options.js';
import { roundHalfEven } from './validate.js';

export interface PyinOptions extends PitchOptions {
  /** Thresholds of the beta prior (default 100). */
  nThresholds?: number;
  /** The beta distribution's (a, b) over thresholds (default [2, 18]). */
  betaParameters?: readonly [number, number];
  /** Boltzmann prior's λ over troughs (default 2). */
  boltzmannParameter?: number;
  /** Pitch grid step in semitones (default 0.1). */
  resolution?: number;
  /** Largest pitch change per second, in octaves (default 35.92). */
  maxTransitionRate?: number;
  /** Probability of switching between voiced and unvoiced (default 0.01). */
  switchProb?: number;
  /** Weight of the global minimum when no trough is under a threshold (default 0.01). */
  noTroughProb?: number;
  /** f0 of unvoiced frames: a number (default NaN), or null for the decoded pitch. */
  fillNa?: number | null;
}

export interface PyinResult<T extends FloatArray = FloatArray> {
  /** Hz per frame; `fillNa` (NaN) where unvoiced. */
  f0: T;
  /** 1 where the frame is voiced, 0 where not. */
  voicedFlag: Uint8Array;
  /** The probability that the frame is voiced. */
  voicedProb: T;
}

const PYIN_KEYS = ['nThresholds', 'betaParameters', 'boltzmannParameter', 'resolution', 'maxTransitionRate', 'switchProb', 'noTroughProb', 'fillNa'];

function probability(v: unknown, name: string, fn: string): number {
  const p = checkFinite(v, name, fn);
  if (p < 0 || p > 1) throw new DspError('E_INVALID_ARGUMENT', `${fn}: ${name} must be in [0, 1], got ${p}`);
  return p;
}

/**
 * Probabilistic YIN, equal to `librosa.pyin`: per frame the f0 of the
 * Viterbi-decoded pitch track over voiced and unvoiced states, whether the
 * frame is voiced and its voiced probability.
 */
export function pyin<T extends FloatArray>(y: T, opts: PyinOptions): PyinResult<T>;
export function pyin(y: FloatArray, opts: PyinOptions): PyinResult {
  const fn = 'pyin';
  const s = parsePitch<PyinOptions>(y, opts, fn, PYIN_KEYS);
  const o = s.raw;
  const nThresholds = o.nThresholds === undefined ? 100 : checkInteger(o.nThresholds, 'nThresholds', fn, { min: 1, max: 1e6 });
  const beta = o.betaParameters ?? [2, 18];
  if (!Array.isArray(beta) || beta.length !== 2 || !beta.every((b) => typeof b === 'number' && Number.isFinite(b) && b > 0)) {
    throw new DspError('E_INVALID_ARGUMENT', `${fn}: betaParameters must be [a, b] with a, b > 0, got ${describeValue(beta)}`);
  }
  const boltzmann = o.boltzmannParameter === undefined ? 2 : checkFinite(o.boltzmannParameter, 'boltzmannParameter', fn, { positive: true });
  const resolution = o.resolution === undefined ? 0.1 : checkFinite(o.resolution, 'resolution', fn, { positive: true });
  if (resolution > 1) throw new DspError('E_INVALID_ARGUMENT', `${fn}: resolution must be in (0, 1] semitones, got ${resolution}`);
  const maxTransitionRate = o.maxTransitionRate === undefined ? 35.92 : checkFinite(o.maxTransitionRate, 'maxTransitionRate', fn, { positive: true });
  const switchProb = o.switchProb === undefined ? 0.01 : probability(o.switchProb, 'switchProb', fn);
  const noTroughProb = o.noTroughProb === undefined ? 0.01 : probability(o.noTroughProb, 'noTroughProb', fn);
  const fillNa = o.fillNa === undefined ? NaN : o.fillNa;
  if (fillNa !== null && typeof fillNa !== 'number') throw new DspError('E_INVALID_ARGUMENT', `${fn}: fillNa must be a number or null, got ${describeValue(fillNa)}`);

  const binsPerSemitone = Math.ceil(1 / resolution);
  const nPitchBins = Math.floor(12 * binsPerSemitone * Math.log2(s.fmax / s.fmin)) + 1;
  const semitonesPerFrame = roundHalfEven((maxTransitionRate * 12 * s.framing.hop) / s.sr);
  const transitionWidth = semitonesPerFrame * binsPerSemitone + 1;
  if (nPitchBins < 2 || transitionWidth > nPitchBins) {
    throw new DspError(
      'E_INVALID_ARGUMENT',
      `${fn}: the pitch grid from fmin ${s.fmin} to fmax ${s.fmax} Hz has ${nPitchBins} bins, fewer than the ${transitionWidth} one frame's largest transition spans ` +
        '(librosa refuses this too); widen fmin…fmax, or lower maxTransitionRate or hopLength',
    );
  }
  const n = s.framing.nFrames;
  const f0 = allocate(s.dtype, n, fn);
  const flags = allocate(s.dtype, n, fn);
  const voicedProb = allocate(s.dtype, n, fn);
  kernelCall(fn, 'y', () =>
    s.backend.pyin(
      y,
      f0,
      flags,
      voicedProb,
      { ...s.framing, sr: s.sr, fmin: s.fmin, nThresholds, betaA: beta[0]!, betaB: beta[1]!, boltzmann, binsPerSemitone, nPitchBins, transitionWidth, switchProb, noTroughProb },
      s.threads,
    ),
  );
  const voicedFlag = new Uint8Array(n);
  for (let t = 0; t < n; t++) {
    voicedFlag[t] = flags[t]!;
    if (flags[t] === 0 && fillNa !== null) f0[t] = fillNa;
  }
  return { f0, voicedFlag, voicedProb };
}
