//! Autocorrelation of YIN's frames, lags 0..=max_period, in f64.
//!
//! Two ways, chosen by the framing alone (so a frame gets the same bits
//! whichever frames are computed with it, as the YIN stream relies on):
//!
//! - [`Blocks`], when frames are whole numbers m ≥ 2 of hops and max_period ≤ hop:
//!   frames overlap by m − 1 hops, so each frame is m hop-long blocks shared
//!   with its neighbours. For a block b at frame position p < m − 1, the
//!   products x[j]·x[j+τ] (j in b) reach at most one block further, which is
//!   still inside the frame; the last block's products stop at the frame's
//!   end. With B_g the spectrum of block g zero-padded to N = 2·hop and
//!   w = e^{−2πi k·hop/N} = (−1)^k (the shift by one block),
//!   P_g = conj(B_g)·(B_g + w·B_{g+1}) is block g's full correlation with its
//!   successor and Q_g = |B_g|² its truncated one, both free of wrap-around
//!   for τ ≤ hop. A frame's spectrum is P_t + … + P_{t+m−2} + Q_{t+m−1}: one
//!   N-point real FFT per block and one inverse per frame, instead of a
//!   forward and an inverse of next_pow2(frame_length + max_period) per frame
//!   (for librosa's defaults, 1024 instead of 4096 points: ≈ 5× less work).
//! - [`Direct`] otherwise: the frame zero-padded past frame_length + max_period
//!   (no wrap-around), forward FFT, |X|², inverse.

use std::sync::Arc;

use num_complex::Complex;
use realfft::{ComplexToReal, RealToComplex};

use super::PitchFraming;
use crate::fft::Planners;
use crate::stft::source;
use crate::Float;

/// Copies `dst.len()` samples of the virtually padded signal from `first` on into `dst`.
pub(super) fn load<T: Float>(signal: &[T], first: i64, pad: crate::stft::PadMode, dst: &mut [T]) {
    let n = dst.len();
    if first >= 0 && first as usize + n <= signal.len() {
        dst.copy_from_slice(&signal[first as usize..first as usize + n]);
        return;
    }
    for (j, x) in dst.iter_mut().enumerate() {
        *x = match source(first + j as i64, signal.len(), pad) {
            Some(i) => signal[i],
            None => T::zero(),
        };
    }
}

/// One real FFT pair of length `n` with its buffers.
struct RealFfts {
    forward: Arc<dyn RealToComplex<f64>>,
    inverse: Arc<dyn ComplexToReal<f64>>,
    time: Vec<f64>,
    spectrum: Vec<Complex<f64>>,
    scratch: Vec<Complex<f64>>,
}

impl RealFfts {
    fn new(n: usize) -> Self {
        let forward = <f64 as Planners>::real_forward(n);
        let inverse = <f64 as Planners>::real_inverse(n);
        let scratch_len = forward.get_scratch_len().max(inverse.get_scratch_len());
        RealFfts {
            time: vec![0.0; n],
            spectrum: forward.make_output_vec(),
            scratch: vec![Complex::new(0.0, 0.0); scratch_len],
            forward,
            inverse,
        }
    }

    /// `time` (its first `samples.len()` values from `samples`, the rest 0) → `spectrum`.
    fn forward_of<T: Float>(&mut self, samples: &[T]) {
        let (head, tail) = self.time.split_at_mut(samples.len());
        for (d, x) in head.iter_mut().zip(samples) {
            *d = x.to_f64().unwrap_or(0.0);
        }
        for d in tail.iter_mut() {
            *d = 0.0;
        }
        // Cannot fail: the buffers have the plans' own lengths.
        let _ = self.forward.process_with_scratch(&mut self.time, &mut self.spectrum, &mut self.scratch);
    }

    /// `spectrum` → `time`, and its first `acf.len()` values scaled by 1/n into `acf`.
    fn inverse_into(&mut self, acf: &mut [f64]) {
        let _ = self.inverse.process_with_scratch(&mut self.spectrum, &mut self.time, &mut self.scratch);
        let scale = 1.0 / self.time.len() as f64;
        for (a, &x) in acf.iter_mut().zip(&self.time) {
            *a = x * scale;
        }
    }
}

/// Whole-frame autocorrelation by one zero-padded FFT pair.
pub(super) struct Direct<T> {
    ffts: RealFfts,
    frame: Vec<T>,
}

impl<T: Float> Direct<T> {
    pub(super) fn new(f: &PitchFraming) -> Self {
        // Long enough that the circular autocorrelation has no wrap-around up to
        // max_period; a power of two, the fastest lengths natively and on wasm.
        let n = (f.frame_length + f.max_period).next_power_of_two();
        Direct { ffts: RealFfts::new(n), frame: vec![T::zero(); f.frame_length] }
    }

    fn compute(&mut self, frame: &[T], acf: &mut [f64]) {
        self.frame.copy_from_slice(frame);
        self.ffts.forward_of(&self.frame);
        for z in self.ffts.spectrum.iter_mut() {
            *z = Complex::new(z.norm_sqr(), 0.0);
        }
        self.ffts.inverse_into(acf);
    }
}

/// Autocorrelations assembled from per-hop block spectra (see the module comment).
pub(super) struct Blocks<T> {
    ffts: RealFfts,
    /// Frame length in blocks (m).
    per_frame: usize,
    block: Vec<T>,
    /// B of the newest block computed.
    last: Vec<Complex<f64>>,
    /// P_g and Q_g of blocks g, at slot g mod m.
    full: Vec<Vec<Complex<f64>>>,
    truncated: Vec<Vec<Complex<f64>>>,
    /// Blocks next_block − m … next_block − 1 hold Q, and all but the newest P;
    /// `None` until a first block is computed.
    next_block: Option<usize>,
}

impl<T: Float> Blocks<T> {
    /// The block method when the framing allows it.
    pub(super) fn applies(f: &PitchFraming) -> bool {
        f.frame_length % f.hop == 0 && f.frame_length / f.hop >= 2 && f.max_period <= f.hop
    }

    pub(super) fn new(f: &PitchFraming) -> Self {
        let ffts = RealFfts::new(2 * f.hop);
        let bins = ffts.spectrum.len();
        let per_frame = f.frame_length / f.hop;
        let zero = Complex::new(0.0, 0.0);
        Blocks {
            ffts,
            per_frame,
            block: vec![T::zero(); f.hop],
            last: vec![zero; bins],
            full: vec![vec![zero; bins]; per_frame],
            truncated: vec![vec![zero; bins]; per_frame],
            next_block: None,
        }
    }

    /// B_g, Q_g, and P_{g−1} when block g − 1 was the previous one computed.
    fn add_block(&mut self, signal: &[T], f: &PitchFraming, g: usize) {
        load(signal, f.start + (g * f.hop) as i64, f.pad, &mut self.block);
        self.ffts.forward_of(&self.block);
        let m = self.per_frame;
        let b = &self.ffts.spectrum;
        let previous_follows = self.next_block == Some(g);
        if previous_follows {
            // P_{g−1} = Q_{g−1} + conj(B_{g−1})·(−1)^k·B_g.
            let full = &mut self.full[(g - 1) % m];
            let q = &self.truncated[(g - 1) % m];
            for (k, ((p, &q), (&prev, &cur))) in full.iter_mut().zip(q).zip(self.last.iter().zip(b)).enumerate() {
                let cross = prev.conj() * cur;
                *p = if k % 2 == 0 { q + cross } else { q - cross };
            }
        }
        for (q, z) in self.truncated[g % m].iter_mut().zip(b) {
            *q = Complex::new(z.norm_sqr(), 0.0);
        }
        self.last.copy_from_slice(b);
        self.next_block = Some(g + 1);
    }

    fn compute(&mut self, signal: &[T], f: &PitchFraming, t: usize, acf: &mut [f64]) {
        let m = self.per_frame;
        // Blocks t … t+m−1 must all be present, with P for all but the last.
        let from = match self.next_block {
            Some(next) if next > t && next <= t + m => next,
            _ => t,
        };
        for g in from..t + m {
            self.add_block(signal, f, g);
        }
        let sum = &mut self.ffts.spectrum;
        sum.copy_from_slice(&self.full[t % m]);
        for g in t + 1..t + m - 1 {
            for (s, &p) in sum.iter_mut().zip(&self.full[g % m]) {
                *s += p;
            }
        }
        for (s, &q) in sum.iter_mut().zip(&self.truncated[(t + m - 1) % m]) {
            *s += q;
        }
        self.ffts.inverse_into(acf);
    }
}

/// The autocorrelation method of one thread.
pub(super) enum Acf<T> {
    Direct(Direct<T>),
    Blocks(Blocks<T>),
}

impl<T: Float> Acf<T> {
    pub(super) fn new(f: &PitchFraming) -> Self {
        if Blocks::<T>::applies(f) {
            Acf::Blocks(Blocks::new(f))
        } else {
            Acf::Direct(Direct::new(f))
        }
    }

    /// acf[τ] = Σ_j frame[j]·frame[j+τ] for τ < acf.len(); `frame` is frame `t`, already loaded.
    pub(super) fn compute(&mut self, signal: &[T], f: &PitchFraming, t: usize, frame: &[T], acf: &mut [f64]) {
        match self {
            Acf::Direct(d) => d.compute(frame, acf),
            Acf::Blocks(b) => b.compute(signal, f, t, acf),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stft::PadMode;

    /// acf of frame t as a direct sum in f64 over the padded signal.
    fn direct_sum(signal: &[f64], f: &PitchFraming, t: usize) -> Vec<f64> {
        let mut frame = vec![0.0; f.frame_length];
        load(signal, f.start + (t * f.hop) as i64, f.pad, &mut frame);
        (0..=f.max_period).map(|tau| (0..f.frame_length - tau).map(|j| frame[j] * frame[j + tau]).sum()).collect()
    }

    fn noise(n: usize, seed: u64) -> Vec<f64> {
        let mut s = seed;
        (0..n)
            .map(|_| {
                s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                ((s >> 11) as f64 / (1u64 << 53) as f64) * 2.0 - 1.0
            })
            .collect()
    }

    #[test]
    fn block_and_direct_autocorrelations_equal_direct_sums_in_any_frame_order() {
        let signal = noise(5000, 7);
        // (frame_length, hop, max_period): the block method's cases (hop = max_period at the edge) and the direct one's.
        for &(frame_length, hop, max_period) in &[(2048, 512, 441), (2048, 512, 512), (1024, 256, 200), (512, 256, 100), (300, 100, 100), (2048, 512, 600), (1000, 300, 200)] {
            for &pad in &[PadMode::Constant, PadMode::Reflect, PadMode::Edge] {
                let n_frames = 1 + signal.len() / hop;
                let f = PitchFraming { frame_length, hop, n_frames, start: -(frame_length as i64 / 2), pad, min_period: 1, max_period };
                let blocks = Blocks::<f64>::applies(&f);
                assert_eq!(blocks, frame_length % hop == 0 && max_period <= hop);
                let mut acf = Acf::<f64>::new(&f);
                let mut frame = vec![0.0; frame_length];
                let mut lags = vec![0.0; max_period + 1];
                // In order, then skipping, repeating and going back (the block cache must notice).
                let order: Vec<usize> = (0..n_frames).chain([3, 3, 2, 7, 6, 0, n_frames - 1, 1].iter().copied()).collect();
                for &t in &order {
                    load(&signal, f.start + (t * hop) as i64, pad, &mut frame);
                    acf.compute(&signal, &f, t, &frame, &mut lags);
                    let want = direct_sum(&signal, &f, t);
                    let scale = want[0].max(1.0);
                    for tau in 0..=max_period {
                        assert!((lags[tau] - want[tau]).abs() <= 1e-12 * scale, "{:?} t {} τ {}: {} vs {}", (frame_length, hop, max_period, blocks), t, tau, lags[tau], want[tau]);
                    }
                }
            }
        }
    }
}
