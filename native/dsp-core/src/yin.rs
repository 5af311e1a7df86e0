//! YIN fundamental-frequency estimation (librosa.yin, 0.11).
//!
//! Per frame: the autocorrelation by FFT (in f64, as numpy.fft; see `acf`), the
//! difference function and its cumulative-mean normalisation rounded where
//! librosa's arrays are (a float32 signal keeps the difference function and
//! its running sums in float32), parabolic interpolation of the troughs, then
//! the first trough under the threshold (or the global minimum).

mod acf;

use acf::{load, Acf};

use crate::error::{invalid, DspResult};
use crate::fft::Planners;
use crate::parallel::{for_each_range, SharedMut, Threads};
use crate::stft::PadMode;
use crate::Float;

/// How frames are cut from the signal and which periods are searched.
#[derive(Debug, Clone, Copy)]
pub struct PitchFraming {
    pub frame_length: usize,
    pub hop: usize,
    pub n_frames: usize,
    /// Signal index where frame 0 starts (−frame_length/2 when centred).
    pub start: i64,
    pub pad: PadMode,
    /// Shortest and longest period searched, in samples (⌊sr/fmax⌋ and min(⌈sr/fmin⌉, frame_length − 1)).
    pub min_period: usize,
    pub max_period: usize,
}

impl PitchFraming {
    pub fn check(&self) -> DspResult<()> {
        if self.frame_length < 3 || self.hop == 0 {
            return invalid(format!("frame_length must be ≥ 3 and hop ≥ 1, got {} and {}", self.frame_length, self.hop));
        }
        if self.min_period < 1 || self.max_period <= self.min_period || self.max_period >= self.frame_length {
            return invalid(format!(
                "periods must satisfy 1 ≤ min_period < max_period < frame_length, got {} and {} with frame_length {}",
                self.min_period, self.max_period, self.frame_length
            ));
        }
        Ok(())
    }

    /// Values per frame of the normalised difference function.
    pub fn n_lags(&self) -> usize {
        self.max_period - self.min_period + 1
    }
}

/// One thread's autocorrelation method and buffers for the normalised difference function.
pub struct CmndScratch<T> {
    acf: Acf<T>,
    lags: Vec<f64>,
    frame: Vec<T>,
    diff: Vec<T>,
    /// Cumulative sums of `diff`.
    running: Vec<T>,
    /// τ as f64 for every lag (a table: usize → f64 conversions do not vectorise).
    taus: Vec<f64>,
}

impl<T: Float> CmndScratch<T> {
    pub fn new(f: &PitchFraming) -> Self {
        CmndScratch { acf: Acf::new(f), lags: vec![0.0; f.max_period + 1], frame: vec![T::zero(); f.frame_length], diff: vec![T::zero(); f.max_period + 1], running: vec![T::zero(); f.max_period + 1], taus: (0..=f.max_period).map(|tau| tau as f64).collect() }
    }

    /// librosa's `_cumulative_mean_normalized_difference` for frame `t`,
    /// lags min_period..=max_period, into `out` (f64, as librosa returns it).
    pub fn cmnd(&mut self, signal: &[T], f: &PitchFraming, t: usize, out: &mut [f64]) {
        load(signal, f.start + (t * f.hop) as i64, f.pad, &mut self.frame);
        self.acf.compute(signal, f, t, &self.frame, &mut self.lags);
        let acf0 = self.lags[0];
        // np.cumsum(np.square(y_frames)) in T, whose entry 0 librosa zeroes before using it.
        let mut energy = T::zero();
        self.diff[0] = T::zero();
        for tau in 1..=f.max_period {
            let j = tau - 1;
            energy = energy + self.frame[j] * self.frame[j];
            let e = if j == 0 { 0.0 } else { energy.to_f64().unwrap_or(0.0) };
            self.diff[tau] = T::cast(2.0 * (acf0 - self.lags[tau]) - e);
        }
        // np.cumsum of the difference function in T (sequential, as numpy), then
        // the quotients in a loop of their own, which vectorises.
        let mut running = T::zero();
        for tau in 1..=f.max_period {
            running = running + self.diff[tau];
            self.running[tau] = running;
        }
        let lags = f.min_period..=f.max_period;
        for ((o, (&d, &r)), &tau) in out.iter_mut().zip(self.diff[lags.clone()].iter().zip(&self.running[lags.clone()])).zip(&self.taus[lags]) {
            let mean = r.to_f64().unwrap_or(0.0) / tau;
            *o = d.to_f64().unwrap_or(0.0) / (mean + f64::MIN_POSITIVE);
        }
    }
}

/// librosa's `_parabolic_interpolation`: the vertex offset of the parabola
/// through each value and its neighbours (0 at the ends and where it is flat).
pub fn parabolic_shifts(x: &[f64], shifts: &mut [f64]) {
    let m = x.len();
    if m == 0 {
        return;
    }
    shifts[0] = 0.0;
    shifts[m - 1] = 0.0;
    // Branch-free over the interior so that it vectorises: the quotient is
    // computed everywhere and kept only where the parabola has a vertex.
    for (s, w) in shifts[1..m.max(2) - 1].iter_mut().zip(x.windows(3)) {
        let a = w[2] + w[0] - 2.0 * w[1];
        let b = (w[2] - w[0]) / 2.0;
        let vertex = -b / a;
        *s = if b.abs() >= a.abs() { 0.0 } else { vertex };
    }
}

/// Whether lag i is a trough as librosa marks it (util.localmin, with the
/// first lag a trough when it is below the second).
#[inline]
pub fn is_trough(x: &[f64], i: usize) -> bool {
    let m = x.len();
    if i == 0 {
        x[0] < x[1]
    } else if i + 1 == m {
        x[i] < x[i - 1]
    } else {
        x[i] < x[i - 1] && x[i] <= x[i + 1]
    }
}

/// librosa.yin's period choice for one frame: the first trough below
/// `threshold`, else the global minimum, refined by its parabolic shift.
pub fn yin_period(x: &[f64], shifts: &[f64], min_period: usize, threshold: f64) -> f64 {
    let m = x.len();
    let chosen = (0..m).find(|&i| x[i] < threshold && is_trough(x, i)).unwrap_or_else(|| {
        let mut best = 0;
        for i in 1..m {
            if x[i] < x[best] {
                best = i;
            }
        }
        best
    });
    min_period as f64 + chosen as f64 + shifts[chosen]
}

/// librosa.yin: f0 of each frame into `out` (n_frames values).
pub fn yin<T: Float + Planners>(signal: &[T], f: &PitchFraming, sr: f64, threshold: f64, out: &mut [T], threads: Threads) -> DspResult<()> {
    f.check()?;
    if signal.is_empty() {
        return invalid("the signal is empty");
    }
    if out.len() != f.n_frames {
        return invalid(format!("out must hold n_frames = {} values, got {}", f.n_frames, out.len()));
    }
    let dst = SharedMut(out.as_mut_ptr());
    for_each_range(f.n_frames, f.frame_length * 64, threads, |frames| {
        let dst = dst;
        let mut scratch = CmndScratch::<T>::new(f);
        let mut x = vec![0.0; f.n_lags()];
        let mut shifts = vec![0.0; f.n_lags()];
        for t in frames {
            scratch.cmnd(signal, f, t, &mut x);
            parabolic_shifts(&x, &mut shifts);
            let period = yin_period(&x, &shifts, f.min_period, threshold);
            // SAFETY: each task writes its own frames.
            unsafe { *dst.0.add(t) = T::cast(sr / period) };
        }
    });
    Ok(())
}
