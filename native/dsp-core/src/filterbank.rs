//! Applying a filter bank (mel, chroma, …) to frame-major spectra: each
//! output row of a frame is a weighted sum of that frame's inputs. Each
//! filter's nonzero span is found once, so banded banks (mel) skip their
//! zeros; frames are independent work units (same bits on any thread).

use crate::error::{invalid, DspResult};
use crate::fft::finite;
use crate::parallel::{for_each_range, SharedMut, Threads};
use crate::Float;

/// `out[f·n_rows + r] = Σ_k weights[r·n_in + k] · input[f·n_in + k]` for every frame f.
pub fn apply_filterbank<T: Float>(input: &[T], n_in: usize, weights: &[T], n_rows: usize, out: &mut [T], threads: Threads) -> DspResult<()> {
    if n_in == 0 || n_rows == 0 {
        return invalid("a filter bank needs at least one input and one row");
    }
    if input.len() % n_in != 0 {
        return invalid(format!("input has {} values, not a whole number of frames of {}", input.len(), n_in));
    }
    if weights.len() != n_in.saturating_mul(n_rows) {
        return invalid(format!("weights have {} values, {} rows of {} need {}", weights.len(), n_rows, n_in, n_in.saturating_mul(n_rows)));
    }
    let n_frames = input.len() / n_in;
    if out.len() != n_frames.saturating_mul(n_rows) {
        return invalid(format!("output has {} values, {} frames of {} rows need {}", out.len(), n_frames, n_rows, n_frames.saturating_mul(n_rows)));
    }
    finite::check(weights)?;
    finite::check(input)?;
    let spans: Vec<(usize, usize)> = weights
        .chunks(n_in)
        .map(|w| {
            let first = w.iter().position(|v| *v != T::zero()).unwrap_or(0);
            let end = w.iter().rposition(|v| *v != T::zero()).map_or(first, |i| i + 1);
            (first, end)
        })
        .collect();
    let work: usize = spans.iter().map(|(a, b)| b - a).sum();
    let base = SharedMut(out.as_mut_ptr());
    for_each_range(n_frames, work.max(1), threads, |frames| {
        let base = base;
        for f in frames {
            let x = &input[f * n_in..(f + 1) * n_in];
            // SAFETY: each frame writes its own output row.
            let row = unsafe { std::slice::from_raw_parts_mut(base.0.add(f * n_rows), n_rows) };
            for (r, (o, &(a, b))) in row.iter_mut().zip(&spans).enumerate() {
                let w = &weights[r * n_in + a..r * n_in + b];
                let mut acc = [T::zero(); 4];
                let (w4, x4) = (w.chunks_exact(4), x[a..b].chunks_exact(4));
                let tail: T = w4.remainder().iter().zip(x4.remainder()).fold(T::zero(), |s, (p, q)| s + *p * *q);
                for (p, q) in w4.zip(x4) {
                    for l in 0..4 {
                        acc[l] = acc[l] + p[l] * q[l];
                    }
                }
                *o = (acc[0] + acc[2]) + (acc[1] + acc[3]) + tail;
            }
        }
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equals_direct_sums_for_any_thread_count() {
        let (frames, n_in, n_rows) = (300, 37, 5);
        let input: Vec<f64> = (0..frames * n_in).map(|i| ((i * 7919) % 97) as f64 / 97.0).collect();
        let mut weights = vec![0.0; n_rows * n_in];
        for r in 0..n_rows {
            for k in 3 * r..3 * r + 9 {
                weights[r * n_in + k] = (k + r) as f64 * 0.25;
            }
        }
        let mut out = vec![0.0; frames * n_rows];
        apply_filterbank(&input, n_in, &weights, n_rows, &mut out, 1).unwrap();
        for f in 0..frames {
            for r in 0..n_rows {
                let want: f64 = (0..n_in).map(|k| weights[r * n_in + k] * input[f * n_in + k]).sum();
                assert!((out[f * n_rows + r] - want).abs() < 1e-12);
            }
        }
        let mut threaded = vec![0.0; out.len()];
        apply_filterbank(&input, n_in, &weights, n_rows, &mut threaded, 4).unwrap();
        assert_eq!(out, threaded);
        assert!(apply_filterbank(&input, 36, &weights, n_rows, &mut out, 1).is_err());
    }
}
