//! Window functions with scipy.signal.windows definitions, computed in f64.
//!
//! `periodic` is scipy's `sym=False` (get_window's default `fftbins=True`):
//! the symmetric window of n + 1 points without its last point.

use std::f64::consts::PI;

use crate::error::{invalid, DspResult};

/// The windows the core knows. Codes are the C ABI's (`DSP_WINDOW_*`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum WindowKind {
    Boxcar,
    Hann,
    Hamming,
    Blackman,
    BlackmanHarris,
    Nuttall,
    Flattop,
    Bartlett,
    Triang,
    /// Shape parameter beta.
    Kaiser(f64),
    /// Standard deviation in samples.
    Gaussian(f64),
    /// Fraction of the window inside the cosine tapers (0 boxcar … 1 Hann).
    Tukey(f64),
    Cosine,
}

impl WindowKind {
    /// The kind for an ABI code; `param` is read by kaiser, gaussian and tukey.
    pub fn from_code(code: u32, param: f64) -> DspResult<WindowKind> {
        Ok(match code {
            0 => WindowKind::Boxcar,
            1 => WindowKind::Hann,
            2 => WindowKind::Hamming,
            3 => WindowKind::Blackman,
            4 => WindowKind::BlackmanHarris,
            5 => WindowKind::Nuttall,
            6 => WindowKind::Flattop,
            7 => WindowKind::Bartlett,
            8 => WindowKind::Triang,
            9 => WindowKind::Kaiser(param),
            10 => WindowKind::Gaussian(param),
            11 => WindowKind::Tukey(param),
            12 => WindowKind::Cosine,
            c => return invalid(format!("unknown window code {}", c)),
        })
    }
}

/// The `n`-point window `kind` (n ≥ 1).
pub fn window(kind: WindowKind, n: usize, periodic: bool) -> DspResult<Vec<f64>> {
    if n == 0 {
        return invalid("window length must be at least 1");
    }
    match kind {
        WindowKind::Kaiser(beta) if !beta.is_finite() => return invalid("kaiser beta must be finite"),
        WindowKind::Gaussian(std) if !(std.is_finite() && std > 0.0) => return invalid("gaussian std must be finite and positive"),
        WindowKind::Tukey(alpha) if !alpha.is_finite() => return invalid("tukey alpha must be finite"),
        _ => {}
    }
    // scipy's _len_guards: a one-point window is [1.0] whatever its kind.
    if n == 1 {
        return Ok(vec![1.0]);
    }
    let m = if periodic { n + 1 } else { n };
    let mut w = symmetric(kind, m);
    w.truncate(n);
    Ok(w)
}

fn general_cosine(m: usize, a: &[f64]) -> Vec<f64> {
    // scipy: fac = linspace(-π, π, m); w = Σ a_k cos(k·fac).
    let step = 2.0 * PI / (m - 1) as f64;
    (0..m)
        .map(|i| {
            let fac = -PI + step * i as f64;
            a.iter().enumerate().map(|(k, &ak)| ak * (k as f64 * fac).cos()).sum()
        })
        .collect()
}

fn symmetric(kind: WindowKind, m: usize) -> Vec<f64> {
    let last = (m - 1) as f64;
    match kind {
        WindowKind::Boxcar => vec![1.0; m],
        WindowKind::Hann => general_cosine(m, &[0.5, 0.5]),
        WindowKind::Hamming => general_cosine(m, &[0.54, 0.46]),
        WindowKind::Blackman => general_cosine(m, &[0.42, 0.50, 0.08]),
        WindowKind::BlackmanHarris => general_cosine(m, &[0.35875, 0.48829, 0.14128, 0.01168]),
        WindowKind::Nuttall => general_cosine(m, &[0.3635819, 0.4891775, 0.1365995, 0.0106411]),
        WindowKind::Flattop => general_cosine(m, &[0.21557895, 0.41663158, 0.277263158, 0.083578947, 0.006947368]),
        WindowKind::Bartlett => (0..m)
            .map(|i| {
                let i = i as f64;
                if i <= last / 2.0 {
                    2.0 * i / last
                } else {
                    2.0 - 2.0 * i / last
                }
            })
            .collect(),
        WindowKind::Triang => {
            let half = (m + 1) / 2;
            let first: Vec<f64> = (1..=half)
                .map(|k| {
                    let k = k as f64;
                    if m % 2 == 0 {
                        (2.0 * k - 1.0) / m as f64
                    } else {
                        2.0 * k / (m as f64 + 1.0)
                    }
                })
                .collect();
            let mut w = first.clone();
            let mirror = if m % 2 == 0 { &first[..] } else { &first[..half - 1] };
            w.extend(mirror.iter().rev());
            w
        }
        WindowKind::Kaiser(beta) => {
            let alpha = last / 2.0;
            let denom = bessel_i0(beta);
            (0..m)
                .map(|i| {
                    let r = (i as f64 - alpha) / alpha;
                    bessel_i0(beta * (1.0 - r * r).max(0.0).sqrt()) / denom
                })
                .collect()
        }
        WindowKind::Gaussian(std) => (0..m)
            .map(|i| {
                let x = i as f64 - last / 2.0;
                (-(x * x) / (2.0 * std * std)).exp()
            })
            .collect(),
        WindowKind::Tukey(alpha) => {
            if alpha <= 0.0 {
                return vec![1.0; m];
            }
            if alpha >= 1.0 {
                return general_cosine(m, &[0.5, 0.5]);
            }
            let width = (alpha * last / 2.0).floor() as usize;
            (0..m)
                .map(|i| {
                    let x = i as f64;
                    if i <= width {
                        0.5 * (1.0 + (PI * (-1.0 + 2.0 * x / alpha / last)).cos())
                    } else if i < m - width - 1 {
                        1.0
                    } else {
                        0.5 * (1.0 + (PI * (-2.0 / alpha + 1.0 + 2.0 * x / alpha / last)).cos())
                    }
                })
                .collect()
        }
        WindowKind::Cosine => (0..m).map(|i| (PI / m as f64 * (i as f64 + 0.5)).sin()).collect(),
    }
}

/// The modified Bessel function I0 by its power series Σ ((x/2)^k / k!)²,
/// whose terms are all positive (no cancellation): a few ulps for any |x|
/// a Kaiser window uses.
pub fn bessel_i0(x: f64) -> f64 {
    let q = x * x / 4.0;
    let (mut sum, mut term, mut k) = (1.0f64, 1.0f64, 1.0f64);
    loop {
        term *= q / (k * k);
        sum += term;
        if term <= sum * 1e-17 || k > 1000.0 {
            return sum;
        }
        k += 1.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: &[f64], b: &[f64]) {
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(b) {
            assert!((x - y).abs() < 1e-15, "{} vs {}", x, y);
        }
    }

    #[test]
    fn hann_periodic_and_symmetric() {
        let w = window(WindowKind::Hann, 4, true).unwrap();
        close(&w, &[0.0, 0.5, 1.0, 0.5]);
        let w = window(WindowKind::Hann, 5, false).unwrap();
        close(&w, &[0.0, 0.5, 1.0, 0.5, 0.0]);
    }

    #[test]
    fn triang_and_bartlett() {
        close(&window(WindowKind::Triang, 4, false).unwrap(), &[0.25, 0.75, 0.75, 0.25]);
        close(&window(WindowKind::Triang, 5, false).unwrap(), &[1.0 / 3.0, 2.0 / 3.0, 1.0, 2.0 / 3.0, 1.0 / 3.0]);
        close(&window(WindowKind::Bartlett, 5, false).unwrap(), &[0.0, 0.5, 1.0, 0.5, 0.0]);
    }

    #[test]
    fn tukey_limits_and_i0() {
        close(&window(WindowKind::Tukey(0.0), 6, true).unwrap(), &[1.0; 6]);
        close(&window(WindowKind::Tukey(1.0), 6, true).unwrap(), &window(WindowKind::Hann, 6, true).unwrap());
        assert!((bessel_i0(1.0) - 1.2660658777520082).abs() < 1e-15);
        assert!((bessel_i0(14.0) / 129418.56270064856 - 1.0).abs() < 1e-14);
        assert_eq!(window(WindowKind::Kaiser(8.0), 1, true).unwrap(), vec![1.0]);
        assert!(window(WindowKind::Gaussian(0.0), 4, true).is_err());
    }
}
