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
/// to the lower position. One quickselect (O(n) expected), no sort.
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
    let mut score: Vec<f64> = try_zeroed(n)?;
    let mut eligible = 0usize;
    for (i, s) in score.iter_mut().enumerate() {
        let e = if complex {
            let (re, im) = (values[2 * i].to_f64().unwrap_or(f64::NAN), values[2 * i + 1].to_f64().unwrap_or(f64::NAN));
            re * re + im * im
        } else {
            let v = values[i].to_f64().unwrap_or(f64::NAN);
            v * v
        };
        let w = weights.map_or(1, |w| w[i]);
        if !e.is_finite() {
            return Err(DspError::NonFinite);
        }
        if w == 0 {
            *s = -1.0;
        } else {
            *s = f64::from(w) * e;
            eligible += 1;
        }
    }
    let m = k.min(eligible);
    if out.len() < m {
        return invalid(format!("the output holds {} positions, {} are kept", out.len(), m));
    }
    if m == 0 {
        let dropped = score.iter().filter(|s| **s > 0.0).sum();
        return Ok(TopK { count: 0, kept: 0.0, dropped });
    }
    let mut pool: Vec<f64> = Vec::new();
    pool.try_reserve_exact(eligible).map_err(|_| DspError::OutOfMemory)?;
    pool.extend(score.iter().copied().filter(|s| *s >= 0.0));
    let (_, t, _) = pool.select_nth_unstable_by(m - 1, |a, b| b.total_cmp(a));
    let t = *t;
    drop(pool);
    let above = score.iter().filter(|s| **s > t).count();
    let mut ties = m - above;
    let mut count = 0;
    let mut kept = 0.0;
    let mut dropped = 0.0;
    for (i, s) in score.iter().enumerate() {
        let tie = *s == t;
        if *s > t || (tie && ties > 0) {
            if tie {
                ties -= 1;
            }
            out[count] = i as u32;
            count += 1;
            kept += *s;
        } else if *s > 0.0 {
            dropped += *s;
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
    fn refuses_bad_sizes_and_non_finite_values() {
        let mut out = [0u32; 1];
        assert!(top_k(&[1.0f64, 2.0, 3.0], true, None, 1, &mut out).is_err());
        assert!(top_k(&[1.0f64, 2.0], false, None, 2, &mut out).is_err());
        assert!(top_k(&[1.0f64, 2.0], false, Some(&[1]), 1, &mut out).is_err());
        assert_eq!(top_k(&[f64::NAN], false, None, 1, &mut out), Err(DspError::NonFinite));
    }
}
