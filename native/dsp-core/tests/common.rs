//! Ground truth for the kernel tests: direct transforms in f64 with exactly
//! reduced twiddle indices, and a seeded signal generator.
#![allow(dead_code)]

use std::f64::consts::PI;

use rayon::prelude::*;

/// Deterministic values in [-1, 1) (xorshift), so failures reproduce.
pub fn signal(len: usize, seed: u64) -> Vec<f64> {
    let mut s = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            // Representable in f32 so one reference serves both precisions.
            ((s >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0) as f32 as f64
        })
        .collect()
}

/// Direct DFT of interleaved complex data; the angle index j·k mod n is exact
/// and the sums are compensated (Neumaier), so the reference holds to a few
/// ulps at large n.
pub fn dft(x: &[f64], inverse: bool) -> Vec<f64> {
    let n = x.len() / 2;
    let sign = if inverse { 1.0 } else { -1.0 };
    let roots: Vec<(f64, f64)> = (0..n).map(|m| {
        let t = 2.0 * PI * m as f64 / n as f64;
        (t.cos(), sign * t.sin())
    }).collect();
    let bins: Vec<(f64, f64)> = (0..n).into_par_iter().map(|k| {
        let (mut re, mut im) = (Sum::default(), Sum::default());
        let mut m = 0usize;
        for j in 0..n {
            let (c, s) = roots[m];
            re.add(x[2 * j] * c - x[2 * j + 1] * s);
            im.add(x[2 * j] * s + x[2 * j + 1] * c);
            m += k;
            if m >= n {
                m -= n;
            }
        }
        (re.value(), im.value())
    }).collect();
    bins.into_iter().flat_map(|(re, im)| [re, im]).collect()
}

/// Neumaier-compensated running sum.
#[derive(Default)]
struct Sum {
    sum: f64,
    err: f64,
}

impl Sum {
    fn add(&mut self, v: f64) {
        let t = self.sum + v;
        self.err += if self.sum.abs() >= v.abs() { (self.sum - t) + v } else { (v - t) + self.sum };
        self.sum = t;
    }
    fn value(&self) -> f64 {
        self.sum + self.err
    }
}

pub fn rel_rms(a: &[f64], b: &[f64]) -> f64 {
    assert_eq!(a.len(), b.len());
    let num: f64 = a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum();
    let den: f64 = b.iter().map(|y| y * y).sum();
    if den == 0.0 { num.sqrt() } else { (num / den).sqrt() }
}

pub fn to_f32(x: &[f64]) -> Vec<f32> {
    x.iter().map(|&v| v as f32).collect()
}

pub fn from_f32(x: &[f32]) -> Vec<f64> {
    x.iter().map(|&v| v as f64).collect()
}

/// scipy.fft.dct with norm "backward", by its defining sums.
pub fn dct(x: &[f64], kind: u32) -> Vec<f64> {
    let n = x.len();
    let nf = n as f64;
    (0..n).map(|k| match kind {
        1 => {
            let mut s = x[0] + if k % 2 == 0 { x[n - 1] } else { -x[n - 1] };
            for j in 1..n - 1 { s += 2.0 * x[j] * (PI * (j * k) as f64 / (nf - 1.0)).cos(); }
            s
        }
        2 => 2.0 * (0..n).map(|j| x[j] * (PI * k as f64 * (2 * j + 1) as f64 / (2.0 * nf)).cos()).sum::<f64>(),
        3 => x[0] + 2.0 * (1..n).map(|j| x[j] * (PI * (2 * k + 1) as f64 * j as f64 / (2.0 * nf)).cos()).sum::<f64>(),
        _ => 2.0 * (0..n).map(|j| x[j] * (PI * (2 * k + 1) as f64 * (2 * j + 1) as f64 / (4.0 * nf)).cos()).sum::<f64>(),
    }).collect()
}
