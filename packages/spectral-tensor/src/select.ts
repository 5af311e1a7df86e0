// Choosing which coefficients to keep. A "unit" is what is kept or dropped as
// one: a coefficient, or for the 'fft' basis of real data a conjugate pair
// (kept together so the kept spectrum stays that of a real signal and every
// figure stays exact). Units are ranked by energy per stored coefficient.
import type { Backend, FloatArray } from '@dsp/backend';

import { Partners, stridesOf, type Layout } from './layout.js';

/**
 * What to keep: `count` stored coefficients at most, a `fraction` of the
 * basis's coefficient positions, or the fewest meeting a relative error.
 */
export type Budget = { count: number } | { fraction: number } | { maxError: number };

export interface Selection {
  /** Stored positions, ascending. */
  indices: Int32Array;
  /** Σ of the full spectrum's |X|² over what is kept, and over everything (= ‖x‖² by Parseval). */
  keptEnergy: number;
  totalEnergy: number;
  discardedEnergy: number;
}

interface Units {
  /** Energy per stored coefficient of each unit at its canonical position; −1 where no unit starts. */
  score: Float64Array;
  /** 2 where the unit is a pair (fft basis only), else 1; undefined when every unit costs 1. */
  cost: Uint8Array | undefined;
  total: number;
}

function units(spectrum: FloatArray, layout: Layout): Units {
  const n = layout.specSize;
  const score = new Float64Array(n);
  let total = 0;
  if (layout.basis === 'dct') {
    for (let i = 0; i < n; i++) {
      const v = spectrum[i]!;
      score[i] = v * v;
      total += v * v;
    }
    return { score, cost: undefined, total };
  }
  const partners = new Partners(layout);
  if (layout.basis === 'rfft') {
    for (let i = 0; i < n; i++) {
      const re = spectrum[2 * i]!;
      const im = spectrum[2 * i + 1]!;
      const w = partners.weight(i);
      const e = w * (re * re + im * im);
      score[i] = w === 0 ? -1 : e;
      total += e;
    }
    return { score, cost: undefined, total };
  }
  const cost = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const re = spectrum[2 * i]!;
    const im = spectrum[2 * i + 1]!;
    const e = re * re + im * im;
    total += e;
    const p = partners.of(i);
    score[i] = p < i ? -1 : e;
    cost[i] = p === i ? 1 : 2;
  }
  return { score, cost, total };
}

/** The eligible scores of the units costing `c` (all units when costs are uniform). */
function scoresOfClass(u: Units, c: number): Float64Array {
  const { score, cost } = u;
  let m = 0;
  for (let i = 0; i < score.length; i++) if (score[i]! >= 0 && (cost === undefined || cost[i] === c)) m++;
  const out = new Float64Array(m);
  m = 0;
  for (let i = 0; i < score.length; i++) if (score[i]! >= 0 && (cost === undefined || cost[i] === c)) out[m++] = score[i]!;
  return out;
}

/**
 * How many units of each cost to keep, walking the units from the most
 * energetic per stored coefficient down: for a count, until the next one no
 * longer fits; for an error target, while what is left over exceeds it.
 * `one` and `two` are the scores of the 1- and 2-cost units, sorted ascending.
 */
function countsFromSorted(one: Float64Array, two: Float64Array, budget: { count: number } | { maxError: number }, total: number): [number, number] {
  if ('count' in budget) {
    let i = one.length - 1;
    let j = two.length - 1;
    let left = budget.count;
    while (left > 0 && (i >= 0 || j >= 0)) {
      const takeOne = j < 0 || (i >= 0 && one[i]! >= two[j]!);
      if (takeOne) {
        i--;
        left -= 1;
      } else {
        if (left < 2) break;
        j--;
        left -= 2;
      }
    }
    return [one.length - 1 - i, two.length - 1 - j];
  }
  // Drop from the least energetic up while the dropped energy stays within the target.
  const allowed = budget.maxError * budget.maxError * total;
  let i = 0;
  let j = 0;
  let dropped = 0;
  for (;;) {
    const dropOne = j >= two.length || (i < one.length && one[i]! <= two[j]!);
    if (dropOne ? i >= one.length : j >= two.length) break;
    const e = dropOne ? one[i]! : 2 * two[j]!;
    if (dropped + e > allowed) break;
    dropped += e;
    if (dropOne) i++;
    else j++;
  }
  return [one.length - i, two.length - j];
}

/** How many of `positions` a fraction keeps (at least one). */
export function fractionCount(fraction: number, positions: number): number {
  return Math.max(1, Math.round(fraction * positions));
}

/** The m-th largest of ascending `sorted` (m ≥ 1), or +∞ when m = 0. */
function threshold(sorted: Float64Array, m: number): number {
  return m === 0 ? Infinity : sorted[sorted.length - m]!;
}

/** Marks the `m` units of cost `c` with the largest scores (ties: lowest position first). */
function mark(u: Units, c: number, m: number, t: number, keep: Uint8Array): number {
  if (m === 0) return 0;
  const { score, cost } = u;
  let taken = 0;
  for (let i = 0; i < score.length; i++) {
    if (score[i]! > t && (cost === undefined || cost[i] === c)) {
      keep[i] = 1;
      taken++;
    }
  }
  for (let i = 0; i < score.length && taken < m; i++) {
    if (score[i] === t && (cost === undefined || cost[i] === c)) {
      keep[i] = 1;
      taken++;
    }
  }
  return taken;
}

/**
 * How many full-spectrum coefficients each rfft position stands for (see
 * Partners.weight): 2, except in the planes where the half axis is 0 or n/2.
 */
function rfftWeights(layout: Layout): { weights: Uint8Array; positions: number } {
  const weights = new Uint8Array(layout.specSize).fill(2);
  const partners = new Partners(layout);
  const half = layout.axes[layout.axes.length - 1]!;
  const n = layout.shape[half]!;
  const h = layout.specShape[half]!;
  const st = stridesOf(layout.specShape)[half]!;
  let positions = layout.specSize;
  for (const j of n % 2 === 0 && n > 1 ? [0, n / 2] : [0]) {
    for (let outer = 0; outer < layout.specSize; outer += h * st) {
      for (let inner = 0; inner < st; inner++) {
        const i = outer + j * st + inner;
        weights[i] = partners.weight(i);
        if (weights[i] === 0) positions--;
      }
    }
  }
  return { weights, positions };
}

/**
 * The fast path (dct and rfft, given a count or fraction): one quickselect
 * in the core, no sort.
 */
function selectInCore(spectrum: FloatArray, layout: Layout, budget: { count: number } | { fraction: number }, backend: Backend): Selection {
  const { weights, positions } = layout.basis === 'rfft' ? rfftWeights(layout) : { weights: null, positions: layout.specSize };
  const m = Math.min('count' in budget ? budget.count : fractionCount(budget.fraction, positions), positions);
  const out = new Uint32Array(m);
  const r = backend.spectralTopK(spectrum, layout.complex, weights, m, out);
  return { indices: new Int32Array(out.buffer, 0, r.count), keptEnergy: r.kept, discardedEnergy: r.dropped, totalEnergy: r.kept + r.dropped };
}

/** Picks the kept coefficients of `spectrum` (laid out as `layout`) for `budget`. */
export function selectCoefficients(spectrum: FloatArray, layout: Layout, budget: Budget, backend: Backend): Selection {
  if (layout.basis !== 'fft' && !('maxError' in budget)) return selectInCore(spectrum, layout, budget, backend);
  const u = units(spectrum, layout);
  const keep = new Uint8Array(layout.specSize);
  // Sorted energies: the error target needs their running sums, and the fft
  // basis's pairs cost two stored coefficients, so a quickselect cannot say where to stop.
  const one = scoresOfClass(u, 1).sort();
  const two = u.cost === undefined ? new Float64Array(0) : scoresOfClass(u, 2).sort();
  const b = 'fraction' in budget ? { count: fractionCount(budget.fraction, one.length + 2 * two.length) } : budget;
  const [m1, m2] = countsFromSorted(one, two, b, u.total);
  mark(u, 1, m1, threshold(one, m1), keep);
  mark(u, 2, m2, threshold(two, m2), keep);
  return collect(u, keep, layout);
}

function collect(u: Units, keep: Uint8Array, layout: Layout): Selection {
  const { score, cost } = u;
  let kept = 0;
  let dropped = 0;
  let count = 0;
  for (let i = 0; i < score.length; i++) {
    if (score[i]! < 0) continue;
    const c = cost === undefined ? 1 : cost[i]!;
    const e = layout.basis === 'fft' ? c * score[i]! : score[i]!;
    if (keep[i]) {
      kept += e;
      count += c;
    } else {
      dropped += e;
    }
  }
  const indices = new Int32Array(count);
  const partners = cost === undefined ? undefined : new Partners(layout);
  let k = 0;
  for (let i = 0; i < score.length; i++) {
    if (!keep[i]) continue;
    indices[k++] = i;
    if (partners && cost![i] === 2) indices[k++] = partners.of(i);
  }
  if (partners) indices.sort();
  return { indices, keptEnergy: kept, totalEnergy: kept + dropped, discardedEnergy: dropped };
}
