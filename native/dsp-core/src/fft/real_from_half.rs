//! Real FFTs of even length `n` through a complex FFT of length `n/2`, for a
//! complex kernel that realfft cannot use: realfft plans its own half-length
//! FFT with rustfft's planner, so on wasm it never reaches our simd128
//! kernel, and its r2c ran 1.4–3.6× slower than pffft-wasm (apps/bench).
//!
//! Forward: the samples are read as `z[j] = x[2j] + i·x[2j+1]` (no copy: the
//! same memory), `Z = FFT_h(z)` with `h = n/2`, and each pair of bins `k`,
//! `h−k` gives `X[k] = E[k] + W^k·O[k]` with the spectra of the even and odd
//! samples `E[k] = (Z[k] + conj Z[h−k])/2`, `O[k] = (Z[k] − conj Z[h−k])/(2i)`
//! and `W = e^{−2πi/n}`. The inverse runs the same identities backwards, so
//! a single half-length inverse FFT yields even samples in its real parts
//! and odd samples in its imaginary parts.
//!
//! The pairs are combined four at a time in the kernel's lanes `V` (bins
//! `k..k+4` against `h−k−3..=h−k`, the latter reversed), with the same
//! operations in the same order as the one-pair loop that finishes the
//! middle, so both give the same bits.

use std::sync::Arc;

use num_complex::Complex;
use realfft::{ComplexToReal, FftError, RealToComplex};
use rustfft::Fft;

use super::simd_fft::{unit_root, Lanes};
use super::{as_complex, as_complex_mut, Planners};
use crate::Float;

/// `W^k = e^{−2πi k/n}` for `k` in `0..=h/2`: the pairs `(k, h−k)` use the
/// first and its mirror `W^{h−k} = −conj W^k`.
fn half_twiddles<T: Planners>(n: usize) -> Vec<Complex<T>> {
    (0..=n / 4)
        .map(|k| {
            let (re, im) = unit_root(k, n);
            Complex::new(T::cast(re), T::cast(im))
        })
        .collect()
}

fn check_lengths(input: usize, want_in: usize, output: usize, want_out: usize, scratch: usize, want_scratch: usize) -> Result<(), FftError> {
    if input != want_in {
        return Err(FftError::InputBuffer(want_in, input));
    }
    if output != want_out {
        return Err(FftError::OutputBuffer(want_out, output));
    }
    if scratch < want_scratch {
        return Err(FftError::ScratchBuffer(want_scratch, scratch));
    }
    Ok(())
}

/// Loads bins `k..k+4` of `p` as (re, im) lanes; `REVERSED` loads
/// `k−3..=k` with lane `l` holding bin `k − l`.
#[inline(always)]
unsafe fn load_bins<V: Lanes, const REVERSED: bool>(p: *const V::S, k: usize) -> (V, V) {
    if REVERSED {
        let (a, b) = V::load_pair(p.add(2 * (k - 3)));
        (V::reverse(V::evens(a, b)), V::reverse(V::odds(a, b)))
    } else {
        let (a, b) = V::load_pair(p.add(2 * k));
        (V::evens(a, b), V::odds(a, b))
    }
}

/// Stores lanes as [`load_bins`] loaded them.
#[inline(always)]
unsafe fn store_bins<V: Lanes, const REVERSED: bool>(p: *mut V::S, k: usize, re: V, im: V) {
    if REVERSED {
        let (re, im) = (V::reverse(re), V::reverse(im));
        V::store_pair(p.add(2 * (k - 3)), V::zip_low(re, im), V::zip_high(re, im));
    } else {
        V::store_pair(p.add(2 * k), V::zip_low(re, im), V::zip_high(re, im));
    }
}

/// The first `k` the one-pair loop takes: groups of four pairs run while
/// their bins `k..k+4` and `h−k−3..=h−k` stay apart.
fn first_single_pair(h: usize) -> usize {
    let mut k = 1;
    while 2 * k + 6 < h {
        k += 4;
    }
    k
}

pub struct RealForwardFromHalf<V: Lanes>
where
    V::S: Planners,
{
    n: usize,
    half: Arc<dyn Fft<V::S>>,
    twiddles: Vec<Complex<V::S>>,
}

impl<V: Lanes> RealForwardFromHalf<V>
where
    V::S: Planners,
{
    /// `half` is a forward complex FFT of length `n / 2`, `n` even and ≥ 4.
    pub fn new(n: usize, half: Arc<dyn Fft<V::S>>) -> Self {
        debug_assert!(n % 2 == 0 && n >= 4 && half.len() == n / 2);
        RealForwardFromHalf { n, half, twiddles: half_twiddles(n) }
    }

    /// Turns the half-length spectrum `Z` in `output[..h]` into `X[0..=h]`.
    fn combine(&self, output: &mut [Complex<V::S>]) {
        let h = self.n / 2;
        let half = <V::S as Float>::cast(0.5);
        // DC and Nyquist are the sum and difference of the even and odd sums.
        let z0 = output[0];
        output[0] = Complex::new(z0.re + z0.im, <V::S as Float>::cast(0.0));
        output[h] = Complex::new(z0.re - z0.im, <V::S as Float>::cast(0.0));
        let single = first_single_pair(h);
        let (out, tw) = (output.as_mut_ptr() as *mut V::S, self.twiddles.as_ptr() as *const V::S);
        let (half_v, minus) = (V::splat(0.5), V::splat(-1.0));
        for k in (1..single).step_by(4) {
            let j = h - k;
            // SAFETY: bins k..k+4 and j−3..=j are distinct and below h (first_single_pair), twiddles go to h/2 ≥ k+3.
            unsafe {
                let (a_re, a_im) = load_bins::<V, false>(out, k);
                let (b_re, b_im) = load_bins::<V, true>(out, j);
                let (w_re, w_im) = load_bins::<V, false>(tw, k);
                let (sum_re, sum_im) = ((a_re + b_re) * half_v, (a_im - b_im) * half_v);
                let (dif_re, dif_im) = ((a_re - b_re) * half_v, (a_im + b_im) * half_v);
                let (o_re, o_im) = (dif_im, dif_re * minus);
                store_bins::<V, false>(out, k, sum_re + w_re * o_re - w_im * o_im, sum_im + w_re * o_im + w_im * o_re);
                let wj_re = w_re * minus;
                store_bins::<V, true>(out, j, sum_re + wj_re * dif_im - w_im * dif_re, sum_im * minus + wj_re * dif_re + w_im * dif_im);
            }
        }
        for k in single..h / 2 + 1 {
            let j = h - k;
            let (a, b) = (output[k], output[j]);
            let w = self.twiddles[k];
            // E[k] = (a + conj b)/2 and O[k]·2i = a − conj b; likewise for j with a, b swapped.
            let (sum_re, sum_im) = ((a.re + b.re) * half, (a.im - b.im) * half);
            let (dif_re, dif_im) = ((a.re - b.re) * half, (a.im + b.im) * half);
            // O[k] = (dif_re + i·dif_im)/i = dif_im − i·dif_re; X[k] = E[k] + w·O[k].
            let (o_re, o_im) = (dif_im, -dif_re);
            output[k] = Complex::new(sum_re + w.re * o_re - w.im * o_im, sum_im + w.re * o_im + w.im * o_re);
            // For j: E[j] = conj E[k], O[j] = (b − conj a)/(2i) = dif_im + i·dif_re, and W^j = −conj w.
            let (oj_re, oj_im) = (dif_im, dif_re);
            let (wj_re, wj_im) = (-w.re, w.im);
            output[j] = Complex::new(sum_re + wj_re * oj_re - wj_im * oj_im, -sum_im + wj_re * oj_im + wj_im * oj_re);
        }
    }
}

impl<V: Lanes + Send + Sync> RealToComplex<V::S> for RealForwardFromHalf<V>
where
    V::S: Planners,
{
    fn process(&self, input: &mut [V::S], output: &mut [Complex<V::S>]) -> Result<(), FftError> {
        let mut scratch = self.make_scratch_vec();
        self.process_with_scratch(input, output, &mut scratch)
    }

    fn process_with_scratch(&self, input: &mut [V::S], output: &mut [Complex<V::S>], scratch: &mut [Complex<V::S>]) -> Result<(), FftError> {
        let h = self.n / 2;
        check_lengths(input.len(), self.n, output.len(), h + 1, scratch.len(), self.get_scratch_len())?;
        let need = self.get_scratch_len();
        self.half.process_immutable_with_scratch(as_complex(input), &mut output[..h], &mut scratch[..need]);
        self.combine(output);
        Ok(())
    }

    fn get_scratch_len(&self) -> usize {
        self.half.get_immutable_scratch_len()
    }

    fn len(&self) -> usize {
        self.n
    }

    fn make_input_vec(&self) -> Vec<V::S> {
        vec![<V::S as Float>::cast(0.0); self.n]
    }

    fn make_output_vec(&self) -> Vec<Complex<V::S>> {
        vec![Complex::new(<V::S as Float>::cast(0.0), <V::S as Float>::cast(0.0)); self.n / 2 + 1]
    }

    fn make_scratch_vec(&self) -> Vec<Complex<V::S>> {
        vec![Complex::new(<V::S as Float>::cast(0.0), <V::S as Float>::cast(0.0)); self.get_scratch_len()]
    }
}

pub struct RealInverseFromHalf<V: Lanes>
where
    V::S: Planners,
{
    n: usize,
    half: Arc<dyn Fft<V::S>>,
    twiddles: Vec<Complex<V::S>>,
}

impl<V: Lanes> RealInverseFromHalf<V>
where
    V::S: Planners,
{
    /// `half` is an inverse complex FFT of length `n / 2`, `n` even and ≥ 4.
    pub fn new(n: usize, half: Arc<dyn Fft<V::S>>) -> Self {
        debug_assert!(n % 2 == 0 && n >= 4 && half.len() == n / 2);
        RealInverseFromHalf { n, half, twiddles: half_twiddles(n) }
    }

    /// Turns `X[0..=h]` in `input` into the half-length spectrum `Z` in `input[..h]`:
    /// `Z[k] = S[k] + i·D[k]·conj W^k` with `S[k] = X[k] + conj X[h−k]`, `D[k] = X[k] − conj X[h−k]`.
    fn split(&self, input: &mut [Complex<V::S>]) {
        let h = self.n / 2;
        let (x0, xh) = (input[0].re, input[h].re);
        input[0] = Complex::new(x0 + xh, x0 - xh);
        let single = first_single_pair(h);
        let (data, tw) = (input.as_mut_ptr() as *mut V::S, self.twiddles.as_ptr() as *const V::S);
        let minus = V::splat(-1.0);
        for k in (1..single).step_by(4) {
            let j = h - k;
            // SAFETY: as in RealForwardFromHalf::combine.
            unsafe {
                let (a_re, a_im) = load_bins::<V, false>(data, k);
                let (b_re, b_im) = load_bins::<V, true>(data, j);
                let (w_re, w_im) = load_bins::<V, false>(tw, k);
                let (s_re, s_im) = (a_re + b_re, a_im - b_im);
                let (d_re, d_im) = (a_re - b_re, a_im + b_im);
                let (t_re, t_im) = (d_re * w_re + d_im * w_im, d_im * w_re - d_re * w_im);
                store_bins::<V, false>(data, k, s_re - t_im, s_im + t_re);
                let dj_re = d_re * minus;
                let (tj_re, tj_im) = ((dj_re * w_re - d_im * w_im) * minus, (d_im * w_re + dj_re * w_im) * minus);
                store_bins::<V, true>(data, j, s_re - tj_im, s_im * minus + tj_re);
            }
        }
        for k in single..h / 2 + 1 {
            let j = h - k;
            let (a, b) = (input[k], input[j]);
            let w = self.twiddles[k];
            let (s_re, s_im) = (a.re + b.re, a.im - b.im);
            let (d_re, d_im) = (a.re - b.re, a.im + b.im);
            // D·conj w, then times i.
            let (t_re, t_im) = (d_re * w.re + d_im * w.im, d_im * w.re - d_re * w.im);
            input[k] = Complex::new(s_re - t_im, s_im + t_re);
            // For j: S[j] = conj S[k], D[j] = −conj D[k], conj W^j = −w.
            let (dj_re, dj_im) = (-d_re, d_im);
            let (tj_re, tj_im) = (-(dj_re * w.re - dj_im * w.im), -(dj_im * w.re + dj_re * w.im));
            input[j] = Complex::new(s_re - tj_im, -s_im + tj_re);
        }
    }
}

impl<V: Lanes + Send + Sync> ComplexToReal<V::S> for RealInverseFromHalf<V>
where
    V::S: Planners,
{
    fn process(&self, input: &mut [Complex<V::S>], output: &mut [V::S]) -> Result<(), FftError> {
        let mut scratch = self.make_scratch_vec();
        self.process_with_scratch(input, output, &mut scratch)
    }

    /// Unnormalised, like realfft: `x[m] = Σ_k X[k] e^{2πikm/n}` over the whole
    /// Hermitian spectrum. The imaginary parts of DC and Nyquist are ignored (numpy's choice).
    fn process_with_scratch(&self, input: &mut [Complex<V::S>], output: &mut [V::S], scratch: &mut [Complex<V::S>]) -> Result<(), FftError> {
        let h = self.n / 2;
        check_lengths(input.len(), h + 1, output.len(), self.n, scratch.len(), self.get_scratch_len())?;
        self.split(input);
        let need = self.get_scratch_len();
        self.half.process_immutable_with_scratch(&input[..h], as_complex_mut(output), &mut scratch[..need]);
        Ok(())
    }

    fn get_scratch_len(&self) -> usize {
        self.half.get_immutable_scratch_len()
    }

    fn len(&self) -> usize {
        self.n
    }

    fn make_input_vec(&self) -> Vec<Complex<V::S>> {
        vec![Complex::new(<V::S as Float>::cast(0.0), <V::S as Float>::cast(0.0)); self.n / 2 + 1]
    }

    fn make_output_vec(&self) -> Vec<V::S> {
        vec![<V::S as Float>::cast(0.0); self.n]
    }

    fn make_scratch_vec(&self) -> Vec<Complex<V::S>> {
        vec![Complex::new(<V::S as Float>::cast(0.0), <V::S as Float>::cast(0.0)); self.get_scratch_len()]
    }
}

#[cfg(test)]
mod tests {
    use super::super::simd_fft::{self, F32x4, F64x4};
    use super::*;
    use rustfft::{FftDirection, FftPlanner};

    fn direct_forward(x: &[f64]) -> Vec<Complex<f64>> {
        let n = x.len();
        (0..=n / 2)
            .map(|k| {
                x.iter().enumerate().fold(Complex::new(0.0, 0.0), |acc, (m, &v)| {
                    let a = -2.0 * std::f64::consts::PI * ((k * m) % n) as f64 / n as f64;
                    acc + Complex::new(v * a.cos(), v * a.sin())
                })
            })
            .collect()
    }

    fn signal(n: usize) -> Vec<f64> {
        (0..n).map(|i| ((i * 7919 + 13) % 1009) as f64 / 504.5 - 1.0).collect()
    }

    #[test]
    fn forward_and_inverse_match_direct_sums() {
        let mut planner = FftPlanner::<f64>::new();
        // Powers of two (the wasm use) and other even lengths, h odd and even.
        for n in [4usize, 6, 8, 10, 12, 16, 30, 64, 96, 128, 1024] {
            let x = signal(n);
            let want = direct_forward(&x);
            let scale = want.iter().map(|c| c.norm()).fold(0.0, f64::max);
            let fwd = RealForwardFromHalf::<F64x4>::new(n, planner.plan_fft(n / 2, FftDirection::Forward));
            let mut input = x.clone();
            let mut spectrum = fwd.make_output_vec();
            fwd.process(&mut input, &mut spectrum).unwrap();
            for (got, want) in spectrum.iter().zip(&want) {
                assert!((got - want).norm() <= 1e-13 * scale, "n = {}: {} vs {}", n, got, want);
            }
            // Imaginary parts at DC and Nyquist are ignored, as numpy does.
            spectrum[0].im = 3.0;
            spectrum[n / 2].im = -2.0;
            let inv = RealInverseFromHalf::<F64x4>::new(n, planner.plan_fft(n / 2, FftDirection::Inverse));
            let mut back = inv.make_output_vec();
            inv.process(&mut spectrum, &mut back).unwrap();
            for (got, want) in back.iter().zip(&x) {
                assert!((got / n as f64 - want).abs() <= 1e-13, "n = {}: {} vs {}", n, got / n as f64, want);
            }
        }
    }

    #[test]
    fn on_the_simd_kernel_f32_matches_direct_sums() {
        // The combination wasm runs (here with the kernel's portable vectors).
        for n in [64usize, 128, 256, 2048, 8192] {
            let x = signal(n);
            let want = direct_forward(&x);
            let rms = (want.iter().map(|c| c.norm_sqr()).sum::<f64>() / want.len() as f64).sqrt();
            let fwd = RealForwardFromHalf::<F32x4>::new(n, simd_fft::plan::<F32x4>(n / 2, FftDirection::Forward).unwrap());
            let mut input: Vec<f32> = x.iter().map(|&v| v as f32).collect();
            let mut spectrum = fwd.make_output_vec();
            fwd.process(&mut input, &mut spectrum).unwrap();
            let err = spectrum.iter().zip(&want).map(|(g, w)| (Complex::new(g.re as f64, g.im as f64) - w).norm_sqr()).sum::<f64>();
            assert!((err / want.len() as f64).sqrt() <= 1e-6 * rms, "n = {}", n);
            let inv = RealInverseFromHalf::<F32x4>::new(n, simd_fft::plan::<F32x4>(n / 2, FftDirection::Inverse).unwrap());
            let mut back = inv.make_output_vec();
            inv.process(&mut spectrum, &mut back).unwrap();
            let err = back.iter().zip(&x).map(|(g, w)| (*g as f64 / n as f64 - w).powi(2)).sum::<f64>();
            let norm = x.iter().map(|w| w * w).sum::<f64>();
            assert!((err / norm).sqrt() <= 1e-6, "n = {}", n);
        }
    }

    #[test]
    fn wrong_lengths_are_reported() {
        let mut planner = FftPlanner::<f64>::new();
        let fwd = RealForwardFromHalf::<F64x4>::new(8, planner.plan_fft(4, FftDirection::Forward));
        let mut out = vec![Complex::new(0.0, 0.0); 5];
        assert!(matches!(fwd.process(&mut [0.0; 6], &mut out), Err(FftError::InputBuffer(8, 6))));
        assert!(matches!(fwd.process(&mut [0.0; 8], &mut out[..4]), Err(FftError::OutputBuffer(5, 4))));
    }
}
