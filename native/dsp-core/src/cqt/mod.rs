//! Constant-Q and variable-Q transforms with librosa 0.11's multirate
//! algorithm (`librosa.vqt`, of which `cqt` is γ = 0): the top octave's
//! filters are applied to STFT frames of the signal; each octave down, the
//! signal is halved in rate (and the hop with it) and the same filters,
//! relative to the new rate, are applied again. Early downsampling first
//! lowers the rate when every filter sits far below Nyquist.
//!
//! Each level's frames are independent work units (same bits on any thread);
//! levels follow one another because each halving reads the previous level.

mod basis;
mod resample;

use std::sync::Arc;

use num_complex::Complex;

use crate::error::{invalid, try_zeroed, DspError, DspResult};
use crate::fft::{finite, Planners};
use crate::parallel::{for_each_range, SharedMut, Threads};
use crate::stft::{source, window, PadMode, WindowKind};

use basis::{basis, lengths, Basis, BasisSpec};

/// What each output value holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VqtOutput {
    /// Interleaved complex coefficients.
    Complex,
    /// Their magnitudes.
    Magnitude,
}

#[derive(Debug, Clone, Copy)]
pub struct VqtParams {
    pub sr: f64,
    pub hop: usize,
    /// Lowest centre frequency in Hz, tuning already applied.
    pub fmin: f64,
    pub n_bins: usize,
    pub bins_per_octave: usize,
    /// Bandwidth offset γ in Hz; `None` is librosa's default (α·24.7/0.108, ERB-like). 0 makes the CQT.
    pub gamma: Option<f64>,
    pub filter_scale: f64,
    /// p of the p-norm filters are normalised to (∞: maximum; 0: not normalised).
    pub norm: f64,
    /// Fraction of each filter's L1 mass dropped from its smallest bins.
    pub sparsity: f64,
    pub window: WindowKind,
    /// Divide each bin by √(filter length), as librosa's `scale=True`.
    pub scale: bool,
    pub pad: PadMode,
    pub output: VqtOutput,
}

/// One octave's pass: its sample rate, hop and signal length.
#[derive(Debug, Clone, Copy)]
struct Level {
    sr: f64,
    hop: usize,
    len: usize,
    /// Halvings of the (early-downsampled) signal before this level.
    halvings: u32,
}

/// Everything fixed by the parameters and the signal length.
struct Plan {
    freqs: Vec<f64>,
    alpha: Vec<f64>,
    gamma: Vec<f64>,
    /// Halvings before the octave loop (early downsampling).
    early: u32,
    /// Rate after early downsampling.
    sr: f64,
    levels: Vec<Level>,
    n_frames: usize,
}

/// librosa's table of window bandwidths (`filters.WINDOW_BANDWIDTHS`) for the
/// windows it lists; the others get its formula on a 1000-point window.
fn window_bandwidth(kind: WindowKind) -> DspResult<f64> {
    Ok(match kind {
        WindowKind::Boxcar => 1.0,
        WindowKind::Hann => 1.50018310546875,
        WindowKind::Hamming => 1.3629455320350348,
        WindowKind::Blackman => 1.7269681554262326,
        WindowKind::BlackmanHarris => 2.0045975283585014,
        WindowKind::Nuttall => 1.9763500280946082,
        WindowKind::Flattop => 2.7762255046484143,
        WindowKind::Bartlett => 1.3334961334912805,
        WindowKind::Cosine => 1.2337005350199792,
        other => {
            let w = window(other, 1000, true)?;
            let sum: f64 = w.iter().sum();
            let sq: f64 = w.iter().map(|v| v * v).sum();
            1000.0 * sq / (sum * sum + f64::MIN_POSITIVE)
        }
    })
}

/// Centre frequencies, ascending (librosa's `interval_frequencies` for equal intervals).
pub fn frequencies(fmin: f64, n_bins: usize, bins_per_octave: usize) -> Vec<f64> {
    (0..n_bins)
        .map(|k| {
            let ratio = 2f64.powf((k % bins_per_octave) as f64 / bins_per_octave as f64);
            2f64.powi((k / bins_per_octave) as i32) * ratio * fmin
        })
        .collect()
}

/// Relative bandwidths α (librosa's `_relative_bandwidth`, or the equal-tempered value for one bin).
fn relative_bandwidth(freqs: &[f64], bins_per_octave: usize) -> Vec<f64> {
    let alpha_of = |bpo: f64| {
        let r = 2f64.powf(2.0 / bpo);
        (r - 1.0) / (r + 1.0)
    };
    let n = freqs.len();
    if n == 1 {
        return vec![alpha_of(bins_per_octave as f64)];
    }
    let logf: Vec<f64> = freqs.iter().map(|f| f.log2()).collect();
    (0..n)
        .map(|k| {
            let bpo = if k == 0 {
                1.0 / (logf[1] - logf[0])
            } else if k == n - 1 {
                1.0 / (logf[n - 1] - logf[n - 2])
            } else {
                2.0 / (logf[k + 1] - logf[k - 1])
            };
            alpha_of(bpo)
        })
        .collect()
}

fn check_params(p: &VqtParams) -> DspResult<()> {
    if !(p.sr.is_finite() && p.sr > 0.0) {
        return invalid(format!("sr must be finite and > 0, got {}", p.sr));
    }
    if p.hop == 0 {
        return invalid("hop_length must be at least 1");
    }
    if !(p.fmin.is_finite() && p.fmin > 0.0) {
        return invalid(format!("fmin must be finite and > 0, got {}", p.fmin));
    }
    if p.n_bins == 0 || p.bins_per_octave == 0 {
        return invalid("n_bins and bins_per_octave must be at least 1");
    }
    if !(p.filter_scale.is_finite() && p.filter_scale > 0.0) {
        return invalid(format!("filter_scale must be finite and > 0, got {}", p.filter_scale));
    }
    if !(p.norm >= 0.0) {
        return invalid(format!("norm must be ≥ 0 (0: none, ∞: maximum), got {}", p.norm));
    }
    if !(p.sparsity >= 0.0 && p.sparsity < 1.0) {
        return invalid(format!("sparsity must be in [0, 1), got {}", p.sparsity));
    }
    if let Some(g) = p.gamma {
        if !(g.is_finite() && g >= 0.0) {
            return invalid(format!("gamma must be finite and ≥ 0, got {}", g));
        }
    }
    Ok(())
}

fn trailing_twos(mut x: usize) -> u32 {
    let mut n = 0;
    while x > 0 && x % 2 == 0 {
        n += 1;
        x /= 2;
    }
    n
}

fn plan(signal_len: usize, p: &VqtParams) -> DspResult<Plan> {
    check_params(p)?;
    if signal_len == 0 {
        return invalid("the signal is empty");
    }
    let bpo = p.bins_per_octave;
    let n_octaves = (p.n_bins + bpo - 1) / bpo;
    let freqs = frequencies(p.fmin, p.n_bins, bpo);
    let alpha = relative_bandwidth(&freqs, bpo);
    let gamma: Vec<f64> = match p.gamma {
        Some(g) => vec![g; p.n_bins],
        None => alpha.iter().map(|a| a * 24.7 / 0.108).collect(),
    };
    let bandwidth = window_bandwidth(p.window)?;
    let cutoff = freqs
        .iter()
        .zip(&alpha)
        .zip(&gamma)
        .map(|((&f, &a), &g)| f * (1.0 + 0.5 * bandwidth / (p.filter_scale / a)) + 0.5 * g)
        .fold(f64::NEG_INFINITY, f64::max);
    let nyquist = p.sr / 2.0;
    if cutoff > nyquist {
        return invalid(format!(
            "the highest filter (centre {} Hz) reaches {} Hz, above the Nyquist frequency {} Hz; lower fmin or n_bins, or raise sr",
            freqs[p.n_bins - 1],
            cutoff,
            nyquist
        ));
    }
    // librosa's __early_downsample_count.
    let by_band = ((nyquist / cutoff).log2().ceil() as i64 - 2).max(0);
    let by_hop = (trailing_twos(p.hop) as i64 - n_octaves as i64 + 1).max(0);
    let early = by_band.min(by_hop) as u32;
    let factor = 1usize << early;
    if signal_len < factor {
        return invalid(format!("the signal ({} samples) is too short for a {}-octave transform", signal_len, n_octaves));
    }
    let mut level = Level { sr: p.sr / factor as f64, hop: p.hop / factor, len: (signal_len + factor - 1) / factor, halvings: 0 };
    let sr = level.sr;
    let mut levels = Vec::with_capacity(n_octaves);
    for _ in 0..n_octaves {
        levels.push(level);
        if level.hop % 2 == 0 {
            level = Level { sr: level.sr / 2.0, hop: level.hop / 2, len: (level.len + 1) / 2, halvings: level.halvings + 1 };
        }
    }
    let n_frames = levels.iter().map(|l| 1 + l.len / l.hop).min().unwrap_or(0);
    Ok(Plan { freqs, alpha, gamma, early, sr, levels, n_frames })
}

/// Frames `vqt` makes of a signal of `signal_len` samples (librosa's count: the fewest of any octave).
pub fn vqt_frames(signal_len: usize, p: &VqtParams) -> DspResult<usize> {
    Ok(plan(signal_len, p)?.n_frames)
}

/// A level's basis in the working precision, each row times its factor, laid
/// out as one dense span of bins per filter (the few bins sparsification
/// dropped inside a span are zeros): contiguous dot products vectorise, where
/// gathering the kept bins one by one does not.
struct Rows<T> {
    n_fft: usize,
    /// Per filter: first bin, offset into `re`/`im`, span length.
    spans: Vec<(usize, usize, usize)>,
    re: Vec<T>,
    im: Vec<T>,
}

fn scaled_rows<T: Planners>(b: &Basis, factors: &[f64]) -> Rows<T> {
    let mut rows = Rows { n_fft: b.n_fft, spans: Vec::with_capacity(b.rows()), re: Vec::new(), im: Vec::new() };
    for k in 0..b.rows() {
        let (start, end) = (b.start[k], b.start[k + 1]);
        let offset = rows.re.len();
        if start == end {
            rows.spans.push((0, offset, 0));
            continue;
        }
        let first = b.index[start];
        let len = b.index[end - 1] + 1 - first;
        rows.re.resize(offset + len, T::zero());
        rows.im.resize(offset + len, T::zero());
        for i in start..end {
            let v = b.value[i] * factors[k];
            rows.re[offset + b.index[i] - first] = T::cast(v.re);
            rows.im[offset + b.index[i] - first] = T::cast(v.im);
        }
        rows.spans.push((first, offset, len));
    }
    rows
}

/// Σ (re + i·im)·x over a span, in four independent lanes.
#[inline]
fn span_dot<T: Planners>(re: &[T], im: &[T], x: &[Complex<T>]) -> Complex<T> {
    let (mut ar, mut ai) = ([T::zero(); 4], [T::zero(); 4]);
    let (r4, i4, x4) = (re.chunks_exact(4), im.chunks_exact(4), x.chunks_exact(4));
    let mut tail = Complex::new(T::zero(), T::zero());
    for ((r, i), z) in r4.remainder().iter().zip(i4.remainder()).zip(x4.remainder()) {
        tail = tail + Complex::new(*r, *i) * *z;
    }
    for ((r, i), z) in r4.zip(i4).zip(x4) {
        for l in 0..4 {
            ar[l] = ar[l] + r[l] * z[l].re - i[l] * z[l].im;
            ai[l] = ai[l] + r[l] * z[l].im + i[l] * z[l].re;
        }
    }
    Complex::new((ar[0] + ar[2]) + (ar[1] + ar[3]) + tail.re, (ai[0] + ai[2]) + (ai[1] + ai[3]) + tail.im)
}

/// Applies `rows` to the centred, unwindowed frames of `signal` (hop `hop`),
/// writing filter k of frame f to output column `first_bin + k`.
#[allow(clippy::too_many_arguments)]
fn respond<T: Planners>(signal: &[T], hop: usize, rows: &Rows<T>, pad: PadMode, output: VqtOutput, n_frames: usize, n_bins: usize, first_bin: usize, out: &mut [T], threads: Threads) -> DspResult<()> {
    let n = rows.n_fft;
    let plan = T::real_forward(n);
    let per_value = if output == VqtOutput::Complex { 2 } else { 1 };
    let row_len = n_bins * per_value;
    let base = SharedMut(out.as_mut_ptr());
    let failure = std::sync::Mutex::new(None::<DspError>);
    for_each_range(n_frames, 5 * n, threads, |frames| {
        let base = base;
        let buffers = (|| -> DspResult<(Vec<T>, Vec<Complex<T>>, Vec<Complex<T>>)> {
            Ok((try_zeroed(n)?, try_zeroed(n / 2 + 1)?, try_zeroed(plan.get_scratch_len())?))
        })();
        let (mut frame, mut spectrum, mut scratch) = match buffers {
            Ok(b) => b,
            Err(e) => {
                *failure.lock().unwrap_or_else(|x| x.into_inner()) = Some(e);
                return;
            }
        };
        let len = signal.len() as i64;
        for f in frames {
            let begin = (f * hop) as i64 - (n / 2) as i64;
            if begin >= 0 && begin + n as i64 <= len {
                frame.copy_from_slice(&signal[begin as usize..begin as usize + n]);
            } else {
                for (j, s) in frame.iter_mut().enumerate() {
                    *s = source(begin + j as i64, signal.len(), pad).map_or(T::zero(), |i| signal[i]);
                }
            }
            // Lengths match the plan, so realfft cannot fail here.
            let _ = plan.process_with_scratch(&mut frame, &mut spectrum, &mut scratch);
            // SAFETY: each frame owns its output row.
            let out_row = unsafe { std::slice::from_raw_parts_mut(base.0.add(f * row_len), row_len) };
            for (k, &(bin, offset, len)) in rows.spans.iter().enumerate() {
                let acc = span_dot(&rows.re[offset..offset + len], &rows.im[offset..offset + len], &spectrum[bin..bin + len]);
                let col = first_bin + k;
                match output {
                    VqtOutput::Complex => {
                        out_row[2 * col] = acc.re;
                        out_row[2 * col + 1] = acc.im;
                    }
                    // |z| as √(re² + im²): hypot's overflow care costs more than the rest of the bin here.
                    VqtOutput::Magnitude => out_row[col] = (acc.re * acc.re + acc.im * acc.im).sqrt(),
                }
            }
        }
    });
    match failure.into_inner().unwrap_or_else(|x| x.into_inner()) {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// The VQT of `signal` into `out`: `vqt_frames` rows of n_bins values
/// (interleaved complex or magnitudes), bins ascending in frequency.
pub fn vqt<T: Planners>(signal: &[T], p: &VqtParams, out: &mut [T], threads: Threads) -> DspResult<()> {
    let plan = plan(signal.len(), p)?;
    let per_value = if p.output == VqtOutput::Complex { 2 } else { 1 };
    let want = plan.n_frames.checked_mul(p.n_bins * per_value);
    if want != Some(out.len()) {
        return invalid(format!("output has {} values, {} frames of {} bins need {}", out.len(), plan.n_frames, p.n_bins, plan.n_frames.saturating_mul(p.n_bins * per_value)));
    }
    finite::check(signal)?;
    let taps = resample::lowpass_taps()?;
    // librosa's resample(scale=True) multiplies by √2 per halving; without
    // `scale` the early-downsampled signal takes another √2 per halving.
    let sqrt2 = T::cast(std::f64::consts::SQRT_2);
    let early_gain = if p.scale { sqrt2 } else { sqrt2 * sqrt2 };
    let mut current: Vec<T> = signal.to_vec();
    for _ in 0..plan.early {
        current = resample::halve(&current, &taps, early_gain, threads)?;
    }
    let bpo = p.bins_per_octave;
    let lens = lengths(plan.sr, &plan.freqs, &plan.alpha, &plan.gamma, p.filter_scale);
    let constant_q = plan.gamma.iter().all(|&g| g == 0.0);
    let mut top_basis: Option<(f64, Arc<Basis>)> = None;
    let mut end = p.n_bins;
    for (i, level) in plan.levels.iter().enumerate() {
        let first = end.saturating_sub(bpo);
        let spec = BasisSpec {
            sr: level.sr,
            freqs: plan.freqs[first..end].to_vec(),
            alpha: plan.alpha[first..end].to_vec(),
            gamma: plan.gamma[first..end].to_vec(),
            filter_scale: p.filter_scale,
            norm: p.norm,
            sparsity: p.sparsity,
            window: p.window,
        };
        // Without γ, a full octave one halving further down has the same filters
        // relative to its rate as the level above (frequencies and rate both
        // halve exactly), so its basis is reused rather than rebuilt. (γ is in
        // Hz, so with it the lengths no longer scale with the rate.)
        let reuse = match &top_basis {
            Some((ratio, b)) if constant_q && end - first == bpo && b.rows() == bpo && (spec.freqs[0] / level.sr - ratio).abs() <= 1e-12 * ratio => Some(b.clone()),
            _ => None,
        };
        let b = match reuse {
            Some(b) => b,
            None => {
                let b = basis(&spec)?;
                if end - first == bpo {
                    top_basis = Some((spec.freqs[0] / level.sr, b.clone()));
                }
                b
            }
        };
        let rate_factor = (plan.sr / level.sr).sqrt();
        let factors: Vec<f64> = (first..end).map(|k| if p.scale { rate_factor / lens[k].sqrt() } else { rate_factor }).collect();
        let rows = scaled_rows::<T>(&b, &factors);
        respond(&current, level.hop, &rows, p.pad, p.output, plan.n_frames, p.n_bins, first, out, threads)?;
        end = first;
        if let Some(next) = plan.levels.get(i + 1) {
            if next.halvings > level.halvings {
                current = resample::halve(&current, &taps, sqrt2, threads)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(n_bins: usize, bpo: usize) -> VqtParams {
        VqtParams {
            sr: 22050.0,
            hop: 512,
            fmin: 32.70319566257483,
            n_bins,
            bins_per_octave: bpo,
            gamma: Some(0.0),
            filter_scale: 1.0,
            norm: 1.0,
            sparsity: 0.01,
            window: WindowKind::Hann,
            scale: true,
            pad: PadMode::Constant,
            output: VqtOutput::Magnitude,
        }
    }

    #[test]
    fn a_tone_lands_in_its_bin_for_any_thread_count() {
        let p = params(84, 12);
        // A4 = 440 Hz is 45 semitones above C1.
        let signal: Vec<f32> = (0..22050).map(|i| (2.0 * std::f64::consts::PI * 440.0 * i as f64 / 22050.0).sin() as f32).collect();
        let frames = vqt_frames(signal.len(), &p).unwrap();
        assert_eq!(frames, 1 + 22050 / 512);
        let mut out = vec![0.0f32; frames * 84];
        vqt(&signal, &p, &mut out, 1).unwrap();
        let mid = &out[20 * 84..21 * 84];
        let best = (0..84).max_by(|&a, &b| mid[a].partial_cmp(&mid[b]).unwrap()).unwrap();
        assert_eq!(best, 45);
        let mut threaded = vec![0.0f32; out.len()];
        vqt(&signal, &p, &mut threaded, 2).unwrap();
        assert_eq!(out, threaded);
    }

    #[test]
    fn refuses_filters_above_nyquist_and_bad_input() {
        let p = params(120, 12);
        assert!(matches!(vqt_frames(1000, &p), Err(DspError::InvalidArgument(m)) if m.contains("Nyquist")));
        let p = params(84, 12);
        let mut out = vec![0.0f32; vqt_frames(1000, &p).unwrap() * 84];
        assert_eq!(vqt(&[f32::NAN; 1000], &p, &mut out, 1), Err(DspError::NonFinite));
        assert!(vqt_frames(0, &p).is_err());
    }
}
