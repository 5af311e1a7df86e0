use crate::error::{invalid, try_zeroed, DspError, DspResult};
use crate::Float;

/// What `top_k` kept.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TopK {
    /// Positions written to the output.
    pub count: usize,
    /// Σ w·|v|² over the kept positions, and over the eligible ones not kept
    /// (summed directly, so a small loss is exact rather than a difference).
    pub kept: f64,
    pub dropped: f64,
}

/// Writes, ascending, the positions of the `k` largest weighted energies
/// w_i·|v_i|² (v_i real, or complex from interleaved `values`; w_i from
/// `weights`, 1 without it; a position of weight 0 is never kept). Ties go
/// to the lower position.
///
/// Radix-then-select, three streaming passes and no copy of the data: a
/// histogram of the energies' top 16 bits (for non-negative floats the bit
/// pattern orders like the value) finds the bucket holding the k-th largest;
/// a quickselect among that bucket's few members finds the threshold; a last
/// pass writes the positions and sums the kept and dropped energies.
pub fn top_k<T: Float>(values: &[T], complex: bool, weights: Option<&[u8]>, k: usize, out: &mut [u32]) -> DspResult<TopK> {
    let n = if complex { values.len() / 2 } else { values.len() };
    if complex && values.len() % 2 != 0 {
        return invalid(format!("complex values need an even length, got {}", values.len()));
    }
    if n > u32::MAX as usize {
        return invalid(format!("at most {} positions, got {}", u32::MAX, n));
    }
    if let Some(w) = weights {
        if w.len() != n {
            return invalid(format!("weights has {} entries for {} positions", w.len(), n));
        }
    }
    // The weighted energy of position i, or a negative number when it is never kept.
    let score = |i: usize| -> f64 {
        let w = weights.map_or(1, |w| w[i]);
        if w == 0 {
            return -1.0;
        }
        let e = if complex {
            let (re, im) = (values[2 * i].to_f64().unwrap_or(f64::NAN), values[2 * i + 1].to_f64().unwrap_or(f64::NAN));
            re * re + im * im
        } else {
            let v = values[i].to_f64().unwrap_or(f64::NAN);
            v * v
        };
        f64::from(w) * e
    };
    let bucket = |s: f64| (s.to_bits() >> 48) as usize;

    let mut histogram: Vec<u32> = try_zeroed(1 << 16)?;
    let mut eligible = 0usize;
    for i in 0..n {
        let s = score(i);
        if !s.is_finite() {
            return Err(DspError::NonFinite);
        }
        if s >= 0.0 {
            histogram[bucket(s)] += 1;
            eligible += 1;
        }
    }
    let m = k.min(eligible);
    if out.len() < m {
        return invalid(format!("the output holds {} positions, {} are kept", out.len(), m));
    }
    // The threshold t: the m-th largest score (+∞ when nothing is kept).
    let mut t = f64::INFINITY;
    let mut above = 0usize;
    if m > 0 {
        let mut b = histogram.len() - 1;
        while above + (histogram[b] as usize) < m {
            above += histogram[b] as usize;
            b -= 1;
        }
        let mut members: Vec<f64> = Vec::new();
        members.try_reserve_exact(histogram[b] as usize).map_err(|_| DspError::OutOfMemory)?;
        members.extend((0..n).map(score).filter(|&s| s >= 0.0 && bucket(s) == b));
        let r = m - above;
        let (_, nth, _) = members.select_nth_unstable_by(r - 1, |x, y| y.total_cmp(x));
        t = *nth;
        above += members.iter().filter(|&&s| s > t).count();
    }
    let mut ties = m - above;
    let (mut count, mut kept, mut dropped) = (0usize, 0.0, 0.0);
    for i in 0..n {
        let s = score(i);
        let tie = s == t;
        if s > t || (tie && ties > 0) {
            if tie {
                ties -= 1;
            }
            out[count] = i as u32;
            count += 1;
            kept += s;
        } else if s > 0.0 {
            dropped += s;
        }
    }
    Ok(TopK { count, kept, dropped })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_largest_with_ties_to_lower_positions() {
        let v = [1.0f64, -3.0, 2.0, 3.0, 0.5, -2.0];
        let mut out = [0u32; 6];
        let r = top_k(&v, false, None, 3, &mut out).unwrap();
        assert_eq!(r.count, 3);
        assert_eq!(&out[..3], &[1, 2, 3]);
        assert_eq!(r.kept, 9.0 + 4.0 + 9.0);
        assert_eq!(r.dropped, 1.0 + 0.25 + 4.0);
    }

    #[test]
    fn weights_scale_and_exclude() {
        // complex values 3+4i (25), 1 (1), 2i (4); weights 0, 2, 1.
        let v = [3.0f32, 4.0, 1.0, 0.0, 0.0, 2.0];
        let mut out = [0u32; 3];
        let r = top_k(&v, true, Some(&[0, 2, 1]), 3, &mut out).unwrap();
        assert_eq!(r.count, 2);
        assert_eq!(&out[..2], &[1, 2]);
        assert_eq!((r.kept, r.dropped), (6.0, 0.0));
        let r = top_k(&v, true, Some(&[0, 2, 1]), 1, &mut out).unwrap();
        assert_eq!((r.count, out[0], r.kept), (1, 2, 4.0));
    }

    #[test]
    fn equals_a_full_sort_with_many_ties_and_spread_magnitudes() {
        let mut state = 0x1234_5678u32;
        let mut next = || {
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            state
        };
        for &(n, distinct) in &[(1usize, 3u32), (50, 4), (1000, 7), (5000, 1_000_000)] {
            // Values of very different magnitudes (many histogram buckets), and few distinct ones (ties).
            let values: Vec<f64> = (0..2 * n).map(|_| ((next() % distinct) as f64 - 2.0) * 10f64.powi((next() % 9) as i32 - 4)).collect();
            let weights: Vec<u8> = (0..n).map(|_| (next() % 3) as u8).collect();
            for complex in [false, true] {
                let v = if complex { &values[..] } else { &values[..n] };
                let score = |i: usize| {
                    let e = if complex { v[2 * i] * v[2 * i] + v[2 * i + 1] * v[2 * i + 1] } else { v[i] * v[i] };
                    f64::from(weights[i]) * e
                };
                let mut order: Vec<usize> = (0..n).filter(|&i| weights[i] > 0).collect();
                order.sort_by(|&a, &b| score(b).partial_cmp(&score(a)).unwrap().then(a.cmp(&b)));
                for k in [0, 1, n / 3, n] {
                    let mut want: Vec<u32> = order.iter().take(k).map(|&i| i as u32).collect();
                    want.sort_unstable();
                    let mut out = vec![0u32; n];
                    let r = top_k(v, complex, Some(&weights), k, &mut out).unwrap();
                    assert_eq!(&out[..r.count], &want[..], "n {} k {} complex {}", n, k, complex);
                    let kept: f64 = want.iter().map(|&i| score(i as usize)).sum();
                    assert!((r.kept - kept).abs() <= 1e-12 * kept.max(1.0));
                }
            }
        }
    }

    #[test]
    fn refuses_bad_sizes_and_non_finite_values() {
        let mut out = [0u32; 1];
        assert!(top_k(&[1.0f64, 2.0, 3.0], true, None, 1, &mut out).is_err());
        assert!(top_k(&[1.0f64, 2.0], false, None, 2, &mut out).is_err());
        assert!(top_k(&[1.0f64, 2.0], false, Some(&[1]), 1, &mut out).is_err());
        assert_eq!(top_k(&[f64::NAN], false, None, 1, &mut out), Err(DspError::NonFinite));
    }
}
