//! Probabilistic YIN (librosa.pyin, 0.11): YIN's normalised difference per
//! frame, a beta prior over thresholds and a Boltzmann prior over troughs
//! giving pitch-bin observation probabilities, and Viterbi decoding over
//! voiced and unvoiced pitch states with librosa's transition matrices.
//!
//! The transition matrix is kron([[1−s, s], [s, 1−s]], local) with a
//! triangular local band, so every entry outside the band is exactly 0 and
//! its log is ln(tiny). The decoder takes those entries into account through
//! prefix and suffix maxima of the previous step instead of visiting them,
//! which gives librosa's dense maximum at the cost of the band.

use crate::error::{invalid, try_zeroed, DspResult};
use crate::fft::Planners;
use crate::parallel::{for_each_range, SharedMut, Threads};
use crate::yin::{is_trough, parabolic_shifts, CmndScratch, PitchFraming};
use crate::Float;

#[derive(Debug, Clone, Copy)]
pub struct PyinParams {
    pub sr: f64,
    pub fmin: f64,
    pub n_thresholds: usize,
    pub beta_a: f64,
    pub beta_b: f64,
    pub boltzmann: f64,
    pub bins_per_semitone: usize,
    /// ⌊12·bins_per_semitone·log2(fmax/fmin)⌋ + 1.
    pub n_pitch_bins: usize,
    /// Width of the local transition band, in pitch bins (odd in librosa: semitones·bins + 1).
    pub transition_width: usize,
    pub switch_prob: f64,
    pub no_trough_prob: f64,
}

/// ln Γ(x) for x > 0 (Lanczos, g = 7), about 1e-15 relative.
fn ln_gamma(x: f64) -> f64 {
    const G: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = G[0];
    let t = x + 7.5;
    for (i, g) in G.iter().enumerate().skip(1) {
        a += g / (x + i as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

/// Continued fraction of the incomplete beta function (modified Lentz).
fn beta_continued_fraction(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..1000 {
        let m = m as f64;
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() < 1e-16 {
            break;
        }
    }
    h
}

/// The beta distribution's CDF (regularised incomplete beta I_x(a, b)), scipy.stats.beta.cdf.
pub fn beta_cdf(x: f64, a: f64, b: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let front = (ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln()).exp();
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_continued_fraction(a, b, x) / a
    } else {
        1.0 - front * beta_continued_fraction(b, a, 1.0 - x) / b
    }
}

/// numpy.linspace(0, 1, n + 1).
fn thresholds(n: usize) -> Vec<f64> {
    let step = 1.0 / n as f64;
    let mut t: Vec<f64> = (0..=n).map(|i| i as f64 * step).collect();
    t[n] = 1.0;
    t
}

/// numpy.round: halves go to the even neighbour.
fn round_half_even(x: f64) -> f64 {
    let r = x.round();
    if (x - x.trunc()).abs() == 0.5 {
        2.0 * (x / 2.0).round()
    } else {
        r
    }
}

/// What the per-frame stage shares: thresholds, beta weights, pitch grid.
struct Priors {
    thresholds: Vec<f64>,
    beta: Vec<f64>,
}

impl Priors {
    fn new(p: &PyinParams) -> Self {
        let thresholds = thresholds(p.n_thresholds);
        let cdf: Vec<f64> = thresholds.iter().map(|&x| beta_cdf(x, p.beta_a, p.beta_b)).collect();
        let beta = cdf.windows(2).map(|w| w[1] - w[0]).collect();
        Priors { thresholds, beta }
    }
}

/// librosa's `__pyin_helper` for one frame: observation probabilities of the
/// 2·n pitch states (voiced then unvoiced) into `obs`; returns the voiced probability.
fn observe(x: &[f64], shifts: &[f64], p: &PyinParams, f: &PitchFraming, priors: &Priors, work: &mut FrameWork, obs: &mut [f64]) -> f64 {
    let n = p.n_pitch_bins;
    for o in obs.iter_mut() {
        *o = 0.0;
    }
    work.troughs.clear();
    work.troughs.extend((0..x.len()).filter(|&i| is_trough(x, i)));
    let count = work.troughs.len();
    let mut voiced = 0.0;
    if count > 0 {
        work.probs.clear();
        work.probs.resize(count, 0.0);
        // scipy.stats.boltzmann.pmf(k, λ, N) = (1 − e^−λ)/(1 − e^−λN)·e^−λk, tabulated per frame.
        let lam = p.boltzmann;
        work.decay.clear();
        work.decay.extend((0..count).map(|k| (-lam * k as f64).exp()));
        work.fact.clear();
        work.fact.extend((0..=count).map(|m| (1.0 - (-lam).exp()) / (1.0 - (-lam * m as f64).exp())));
        for (j, &beta) in priors.beta.iter().enumerate() {
            let threshold = priors.thresholds[j + 1];
            let below = work.troughs.iter().filter(|&&i| x[i] < threshold).count();
            if below == 0 {
                continue;
            }
            let fact = work.fact[below];
            let mut position = 0;
            for (q, &i) in work.troughs.iter().enumerate() {
                if x[i] < threshold {
                    work.probs[q] += fact * work.decay[position] * beta;
                    position += 1;
                }
            }
        }
        let mut global = 0;
        for q in 1..count {
            if x[work.troughs[q]] < x[work.troughs[global]] {
                global = q;
            }
        }
        let height = x[work.troughs[global]];
        let not_below = priors.thresholds[1..].iter().filter(|&&t| !(height < t)).count();
        let mass: f64 = priors.beta[..not_below].iter().sum();
        work.probs[global] += p.no_trough_prob * mass;

        let semitone_bins = (12 * p.bins_per_semitone) as f64;
        for (q, &i) in work.troughs.iter().enumerate() {
            let prob = work.probs[q];
            if prob == 0.0 {
                continue;
            }
            let period = (f.min_period + i) as f64 + shifts[i];
            let f0 = p.sr / period;
            let bin = round_half_even(semitone_bins * (f0 / p.fmin).log2());
            let bin = if bin > n as f64 { n } else if bin > 0.0 { bin as usize } else { 0 };
            obs[bin] = prob;
        }
        voiced = obs[..n].iter().sum::<f64>().clamp(0.0, 1.0);
    }
    let unvoiced = (1.0 - voiced) / n as f64;
    for o in obs[n..].iter_mut() {
        *o = unvoiced;
    }
    voiced
}

#[derive(Default)]
struct FrameWork {
    troughs: Vec<usize>,
    probs: Vec<f64>,
    decay: Vec<f64>,
    fact: Vec<f64>,
}

/// Log transition weights into each pitch bin from the band of bins around
/// it, for staying voiced/unvoiced and for switching: column j holds
/// sources j − h … j + h (−∞ where that is outside the grid).
struct Transitions {
    half: usize,
    stay: Vec<f64>,
    switch: Vec<f64>,
    /// ln(tiny): the log weight of every entry outside the band.
    outside: f64,
}

impl Transitions {
    /// librosa.sequence.transition_local(n, width, window='triangle', wrap=False),
    /// then kron(transition_loop(2, 1 − switch_prob), ·), logged as viterbi does.
    fn new(n: usize, width: usize, switch_prob: f64) -> DspResult<Self> {
        if n < 2 || width < 1 || width > n {
            return invalid(format!("the pitch grid ({} bins) must have ≥ 2 bins and hold the transition width ({})", n, width));
        }
        // scipy.signal.windows.triang(width, sym=True).
        let triangle: Vec<f64> = (0..width)
            .map(|i| {
                let k = (i.min(width - 1 - i) + 1) as f64;
                if width % 2 == 0 {
                    (2.0 * k - 1.0) / width as f64
                } else {
                    2.0 * k / (width as f64 + 1.0)
                }
            })
            .collect();
        let lpad = (n - width) / 2;
        let half = width / 2;
        let span = 2 * half + 1;
        let tiny = f64::MIN_POSITIVE;
        let stay_prob = 1.0 - switch_prob;
        let switch_prob = 1.0 - stay_prob;
        let mut stay = vec![f64::NEG_INFINITY; n * span];
        let mut switch = vec![f64::NEG_INFINITY; n * span];
        let mut row = vec![0.0; n];
        for i in 0..n {
            // pad_center, roll by n/2 + i + 1, zero outside [i − width/2, i + width/2].
            let shift = n / 2 + i + 1;
            let (lo, hi) = (i.saturating_sub(half), (i + half + 1).min(n));
            let mut sum = 0.0;
            for (j, r) in row.iter_mut().enumerate() {
                let src = (j + n - shift % n) % n;
                *r = if j >= lo && j < hi && src >= lpad && src < lpad + width { triangle[src - lpad] } else { 0.0 };
                sum += *r;
            }
            for j in lo..hi {
                // Column j's slot for source i.
                let slot = j * span + (i + half - j);
                let t = row[j] / sum;
                stay[slot] = (stay_prob * t + tiny).ln();
                switch[slot] = (switch_prob * t + tiny).ln();
            }
        }
        Ok(Transitions { half, stay, switch, outside: tiny.ln() })
    }
}

/// The best predecessor value and its first index over a range of the previous step.
#[derive(Clone, Copy)]
struct Best {
    value: f64,
    index: u32,
}

const NONE: Best = Best { value: f64::NEG_INFINITY, index: u32::MAX };

/// Prefix and suffix maxima (first index on ties) of each half of `prev`.
fn running_maxima(prev: &[f64], n: usize, prefix: &mut [Best], suffix: &mut [Best]) {
    for half in 0..2 {
        let base = half * n;
        let (pre, suf) = (&mut prefix[half * (n + 1)..(half + 1) * (n + 1)], &mut suffix[half * (n + 1)..(half + 1) * (n + 1)]);
        pre[0] = NONE;
        for x in 0..n {
            let v = prev[base + x];
            pre[x + 1] = if v > pre[x].value { Best { value: v, index: (base + x) as u32 } } else { pre[x] };
        }
        suf[n] = NONE;
        for x in (0..n).rev() {
            let v = prev[base + x];
            suf[x] = if v >= suf[x + 1].value { Best { value: v, index: (base + x) as u32 } } else { suf[x + 1] };
        }
    }
}

/// Keeps `candidate` when it is strictly better (so the first index wins ties, as np.argmax).
#[inline]
fn consider(best: &mut Best, candidate: Best) {
    if candidate.value > best.value {
        *best = candidate;
    }
}

/// The most likely state sequence (librosa.sequence.viterbi) over 2n pitch
/// states (voiced bins, then unvoiced) given `frames` rows of log observation
/// probabilities, with pyin's transitions of band `width` and `switch_prob`.
pub fn decode_pitch_states(log_obs: &[f64], frames: usize, n: usize, width: usize, switch_prob: f64, threads: Threads) -> DspResult<Vec<usize>> {
    if frames == 0 || log_obs.len() != frames * 2 * n {
        return invalid("log_obs must hold frames · 2n values");
    }
    let transitions = Transitions::new(n, width, switch_prob)?;
    let mut states = vec![0; frames];
    viterbi(log_obs, frames, n, &transitions, &mut states, threads)?;
    Ok(states)
}

fn viterbi(log_obs: &[f64], frames: usize, n: usize, tr: &Transitions, states: &mut [usize], threads: Threads) -> DspResult<()> {
    let s = 2 * n;
    let h = tr.half;
    let span = 2 * h + 1;
    let mut ptr = try_zeroed::<u32>(frames * s)?;
    let mut prev = vec![0.0; s];
    let mut cur = vec![0.0; s];
    let mut prefix = vec![NONE; 2 * (n + 1)];
    let mut suffix = vec![NONE; 2 * (n + 1)];
    let log_init = (1.0 / s as f64 + f64::MIN_POSITIVE).ln();
    for (v, o) in prev.iter_mut().zip(&log_obs[..s]) {
        *v = o + log_init;
    }
    for t in 1..frames {
        running_maxima(&prev, n, &mut prefix, &mut suffix);
        let (prev_ref, prefix, suffix) = (&prev, &prefix, &suffix);
        let obs = &log_obs[t * s..(t + 1) * s];
        let (cur_ptr, step_ptr) = (SharedMut(cur.as_mut_ptr()), SharedMut(ptr[t * s..].as_mut_ptr()));
        for_each_range(s, 8 * span, threads, |targets| {
                let (cur_ptr, step_ptr) = (cur_ptr, step_ptr);
            for target in targets {
                let (to_half, j) = (target / n, target % n);
                let (lo, hi) = (j.saturating_sub(h), (j + h + 1).min(n));
                let mut best = NONE;
                for from_half in 0..2 {
                    let base = from_half * n;
                    let weights = if from_half == to_half { &tr.stay } else { &tr.switch };
                    let column = &weights[j * span..(j + 1) * span];
                    let before = prefix[from_half * (n + 1) + lo];
                    consider(&mut best, Best { value: before.value + tr.outside, index: before.index });
                    let sources = &prev_ref[base + lo..base + hi];
                    let weights = &column[lo + h - j..hi + h - j];
                    let top = band_max(sources, weights);
                    if top > best.value {
                        let at = sources.iter().zip(weights).position(|(v, w)| v + w == top).unwrap_or(0);
                        best = Best { value: top, index: (base + lo + at) as u32 };
                    }
                    let after = suffix[from_half * (n + 1) + hi];
                    consider(&mut best, Best { value: after.value + tr.outside, index: after.index });
                }
                // SAFETY: each task writes its own targets of this step.
                unsafe {
                    *cur_ptr.0.add(target) = obs[target] + best.value;
                    *step_ptr.0.add(target) = best.index;
                }
            }
        });
        std::mem::swap(&mut prev, &mut cur);
    }
    let mut last = 0;
    for k in 1..s {
        if prev[k] > prev[last] {
            last = k;
        }
    }
    states[frames - 1] = last;
    for t in (0..frames - 1).rev() {
        states[t] = ptr[(t + 1) * s + states[t + 1]] as usize;
    }
    Ok(())
}

/// max over i of sources[i] + weights[i], four lanes at a time.
#[inline]
fn band_max(sources: &[f64], weights: &[f64]) -> f64 {
    let mut lanes = [f64::NEG_INFINITY; 4];
    let mut chunks = sources.chunks_exact(4).zip(weights.chunks_exact(4));
    for (v, w) in &mut chunks {
        for l in 0..4 {
            let c = v[l] + w[l];
            lanes[l] = if c > lanes[l] { c } else { lanes[l] };
        }
    }
    let tail = sources.len() / 4 * 4;
    for (v, w) in sources[tail..].iter().zip(&weights[tail..]) {
        let c = v + w;
        lanes[0] = if c > lanes[0] { c } else { lanes[0] };
    }
    lanes[0].max(lanes[1]).max(lanes[2].max(lanes[3]))
}

/// librosa.pyin: per frame the decoded f0 (the pitch bin's frequency, also
/// for unvoiced frames), whether it is voiced (1 or 0) and the voiced probability.
#[allow(clippy::too_many_arguments)]
pub fn pyin<T: Float + Planners>(
    signal: &[T],
    f: &PitchFraming,
    p: &PyinParams,
    f0: &mut [T],
    voiced_flag: &mut [T],
    voiced_prob: &mut [T],
    threads: Threads,
) -> DspResult<()> {
    f.check()?;
    if signal.is_empty() {
        return invalid("the signal is empty");
    }
    let frames = f.n_frames;
    if frames == 0 || f0.len() != frames || voiced_flag.len() != frames || voiced_prob.len() != frames {
        return invalid(format!("outputs must hold n_frames = {} values each", frames));
    }
    if p.n_thresholds < 1 || p.bins_per_semitone < 1 || !(p.sr > 0.0) || !(p.fmin > 0.0) || !(p.boltzmann > 0.0) {
        return invalid("n_thresholds, bins_per_semitone, sr, fmin and the Boltzmann parameter must be positive");
    }
    if !(p.beta_a > 0.0 && p.beta_b > 0.0) || !(0.0..=1.0).contains(&p.switch_prob) || !(0.0..=1.0).contains(&p.no_trough_prob) {
        return invalid("beta parameters must be > 0 and switch/no-trough probabilities in [0, 1]");
    }
    let n = p.n_pitch_bins;
    let transitions = Transitions::new(n, p.transition_width, p.switch_prob)?;
    let s = 2 * n;
    let priors = Priors::new(p);
    let mut log_obs = try_zeroed::<f64>(frames * s)?;
    let (obs_ptr, prob_ptr) = (SharedMut(log_obs.as_mut_ptr()), SharedMut(voiced_prob.as_mut_ptr()));
    for_each_range(frames, f.frame_length * 64, threads, |range| {
        let (obs_ptr, prob_ptr) = (obs_ptr, prob_ptr);
        let mut scratch = CmndScratch::<T>::new(f);
        let mut x = vec![0.0; f.n_lags()];
        let mut shifts = vec![0.0; f.n_lags()];
        let mut work = FrameWork::default();
        for t in range {
            scratch.cmnd(signal, f, t, &mut x);
            parabolic_shifts(&x, &mut shifts);
            // SAFETY: each task writes its own frames.
            let obs = unsafe { std::slice::from_raw_parts_mut(obs_ptr.0.add(t * s), s) };
            let voiced = observe(&x, &shifts, p, f, &priors, &mut work, obs);
            for o in obs.iter_mut() {
                *o = (*o + f64::MIN_POSITIVE).ln();
            }
            unsafe { *prob_ptr.0.add(t) = T::cast(voiced) };
        }
    });
    let mut states = vec![0usize; frames];
    viterbi(&log_obs, frames, n, &transitions, &mut states, threads)?;
    let grid = (12 * p.bins_per_semitone) as f64;
    for (t, &state) in states.iter().enumerate() {
        let bin = state % n;
        f0[t] = T::cast(p.fmin * 2f64.powf(bin as f64 / grid));
        voiced_flag[t] = if state < n { T::one() } else { T::zero() };
    }
    Ok(())
}
