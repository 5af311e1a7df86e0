//! The frequency-domain filter basis of one CQT octave (librosa's
//! `__vqt_filter_fft`): windowed complex exponentials of length Q·sr/(f + γ/α),
//! normalised, centred in a power-of-two frame, scaled by length / n_fft,
//! Fourier-transformed, and sparsified row by row (the smallest bins that
//! together hold `sparsity` of the row's L1 mass are dropped).
//!
//! Bases are built in f64 and kept in a small process-wide cache: building
//! one (FFTs and sorts) costs more than applying it to ten seconds of audio.

use std::sync::{Arc, Mutex};

use num_complex::Complex;

use crate::error::DspResult;
use crate::fft::Planners;
use crate::stft::{window, WindowKind};

/// What fixes a basis: filters at frequencies `freqs` (Hz) for rate `sr`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct BasisSpec {
    pub sr: f64,
    pub freqs: Vec<f64>,
    pub alpha: Vec<f64>,
    pub gamma: Vec<f64>,
    pub filter_scale: f64,
    /// p of the p-norm each filter is normalised to; ∞ for the maximum, 0 for none.
    pub norm: f64,
    pub sparsity: f64,
    pub window: WindowKind,
}

/// Sparse rows: filter k holds `index[start[k]..start[k+1]]` bins with `value`s.
#[derive(Debug)]
pub(crate) struct Basis {
    pub n_fft: usize,
    pub start: Vec<usize>,
    pub index: Vec<usize>,
    pub value: Vec<Complex<f64>>,
}

impl Basis {
    pub fn rows(&self) -> usize {
        self.start.len() - 1
    }
}

/// Filter lengths in samples at `sr` (librosa's `wavelet_lengths`).
pub(crate) fn lengths(sr: f64, freqs: &[f64], alpha: &[f64], gamma: &[f64], filter_scale: f64) -> Vec<f64> {
    freqs.iter().zip(alpha).zip(gamma).map(|((&f, &a), &g)| (filter_scale / a) * sr / (f + g / a)).collect()
}

fn normalise(sig: &mut [Complex<f64>], norm: f64) {
    if norm == 0.0 {
        return;
    }
    let length = if norm.is_infinite() {
        sig.iter().map(|c| c.norm()).fold(0.0, f64::max)
    } else {
        sig.iter().map(|c| c.norm().powf(norm)).sum::<f64>().powf(1.0 / norm)
    };
    // librosa leaves rows whose norm is below the smallest normal number alone.
    if length >= f64::MIN_POSITIVE {
        for c in sig.iter_mut() {
            *c /= length;
        }
    }
}

/// The indices of `row` that sparsification keeps (librosa's `sparsify_rows`).
fn kept(row: &[Complex<f64>], quantile: f64) -> Vec<usize> {
    let mags: Vec<f64> = row.iter().map(|c| c.norm()).collect();
    let total: f64 = mags.iter().sum();
    let mut sorted = mags.clone();
    sorted.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    let mut cumulative = 0.0;
    let mut threshold = sorted.first().copied().unwrap_or(0.0);
    for &m in &sorted {
        cumulative += m / total;
        if cumulative >= quantile {
            threshold = m;
            break;
        }
    }
    (0..row.len()).filter(|&i| mags[i] >= threshold).collect()
}

fn build(spec: &BasisSpec) -> DspResult<Basis> {
    let lens = lengths(spec.sr, &spec.freqs, &spec.alpha, &spec.gamma, spec.filter_scale);
    let max_len = lens.iter().cloned().fold(0.0, f64::max);
    let n_fft = 2f64.powf(max_len.log2().ceil()) as usize;
    let fft = f64::complex_fft(n_fft, rustfft::FftDirection::Forward);
    let mut start = vec![0];
    let mut index = Vec::new();
    let mut value = Vec::new();
    let mut row = vec![Complex::new(0.0, 0.0); n_fft];
    for (&len, &freq) in lens.iter().zip(&spec.freqs) {
        // Sample times ⌊−len/2⌋ … ⌊len/2⌋ − 1, as numpy.arange(-len // 2, len // 2).
        let first = (-len / 2.0).floor();
        let count = ((len / 2.0).floor() - first) as usize;
        let w = window(spec.window, count, true)?;
        let mut sig: Vec<Complex<f64>> = (0..count)
            .map(|j| {
                let angle = (first + j as f64) * 2.0 * std::f64::consts::PI * freq / spec.sr;
                Complex::new(angle.cos(), angle.sin()) * w[j]
            })
            .collect();
        normalise(&mut sig, spec.norm);
        row.iter_mut().for_each(|c| *c = Complex::new(0.0, 0.0));
        let offset = (n_fft - count) / 2;
        let scale = len / n_fft as f64;
        for (j, s) in sig.iter().enumerate() {
            row[offset + j] = s * scale;
        }
        fft.process(&mut row);
        let half = &row[..n_fft / 2 + 1];
        for i in kept(half, spec.sparsity) {
            index.push(i);
            value.push(half[i]);
        }
        start.push(index.len());
    }
    Ok(Basis { n_fft, start, index, value })
}

const CACHE_SIZE: usize = 16;

/// The basis for `spec`, from the cache when it was built before.
pub(crate) fn basis(spec: &BasisSpec) -> DspResult<Arc<Basis>> {
    static CACHE: Mutex<Vec<(BasisSpec, Arc<Basis>)>> = Mutex::new(Vec::new());
    {
        let cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, b)) = cache.iter().find(|(s, _)| s == spec) {
            return Ok(b.clone());
        }
    }
    let b = Arc::new(build(spec)?);
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    if cache.len() == CACHE_SIZE {
        cache.remove(0);
    }
    cache.push((spec.clone(), b.clone()));
    Ok(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparsify_drops_the_smallest_mass_only() {
        let row: Vec<Complex<f64>> = [5.0, 0.01, 3.0, 0.02, 1.0, 0.005].iter().map(|&m| Complex::new(m, 0.0)).collect();
        // Total 9.035; the three smallest hold 0.035/9.035 < 1 %, adding 1.0 exceeds it.
        assert_eq!(kept(&row, 0.01), vec![0, 2, 4]);
        assert_eq!(kept(&row, 0.0), vec![0, 1, 2, 3, 4, 5]);
    }

    #[test]
    fn a_filter_peaks_at_its_own_frequency() {
        let bpo = 12.0f64;
        let r: f64 = 2f64.powf(2.0 / bpo);
        let alpha = (r - 1.0) / (r + 1.0);
        let freqs = vec![440.0, 440.0 * 2f64.powf(1.0 / bpo)];
        let spec = BasisSpec { sr: 8000.0, freqs: freqs.clone(), alpha: vec![alpha; 2], gamma: vec![0.0; 2], filter_scale: 1.0, norm: 1.0, sparsity: 0.01, window: WindowKind::Hann };
        let b = basis(&spec).unwrap();
        for k in 0..2 {
            let row = b.start[k]..b.start[k + 1];
            let (best, _) = row.map(|i| (b.index[i], b.value[i].norm())).fold((0, 0.0), |acc, x| if x.1 > acc.1 { x } else { acc });
            let want = (freqs[k] / 8000.0 * b.n_fft as f64).round() as usize;
            assert!((best as i64 - want as i64).abs() <= 1, "filter {} peaks at bin {}, expected {}", k, best, want);
        }
    }
}
