use crate::error::{invalid, DspResult};
use crate::parallel::{for_each_range, SharedMut, Threads};
use crate::Float;

/// Highest rank `convolve_direct` accepts (that of a tensor).
pub const MAX_CONV_RANK: usize = 8;

fn product(shape: &[usize]) -> Option<usize> {
    shape.iter().try_fold(1usize, |acc, &d| acc.checked_mul(d))
}

/// Direct N-D linear convolution, read out at an offset: for every output
/// position o, out[o] = Σ_j a[o + offset − j]·b[j] over the j of `b` for
/// which o + offset − j lies inside `a` (row-major arrays of one rank).
/// `offset = 0` and out_shape = a + b − 1 is the full convolution; the
/// 'same' and 'valid' windows are other offsets and shapes. Output rows are
/// split over threads; each is summed the same way whatever the split.
pub fn convolve_direct<T: Float>(
    a: &[T],
    a_shape: &[usize],
    b: &[T],
    b_shape: &[usize],
    offset: &[usize],
    out: &mut [T],
    out_shape: &[usize],
    threads: Threads,
) -> DspResult<()> {
    let rank = a_shape.len();
    if rank == 0 || rank > MAX_CONV_RANK || b_shape.len() != rank || offset.len() != rank || out_shape.len() != rank {
        return invalid(format!("ranks must agree and lie in 1…{}", MAX_CONV_RANK));
    }
    if product(a_shape) != Some(a.len()) || product(b_shape) != Some(b.len()) || product(out_shape) != Some(out.len()) {
        return invalid("an array's length does not match its shape");
    }
    for d in 0..rank {
        let full = a_shape[d] + b_shape[d];
        if a_shape[d] == 0 || b_shape[d] == 0 || offset[d] + out_shape[d] > full - 1 {
            return invalid(format!("axis {}: the output window {}+{} passes the full length {}", d, offset[d], out_shape[d], full - 1));
        }
    }
    for o in out.iter_mut() {
        *o = T::zero();
    }
    if out.is_empty() {
        return Ok(());
    }
    let last = rank - 1;
    let (a_len, b_len, o_len) = (a_shape[last], b_shape[last], out_shape[last]);
    let rows = out.len() / o_len;
    let b_rows = b.len() / b_len;
    let base = SharedMut(out.as_mut_ptr());
    for_each_range(rows, o_len * b.len(), threads, |range| {
        let base = base;
        let mut o_coord = [0usize; MAX_CONV_RANK];
        let mut j_coord = [0usize; MAX_CONV_RANK];
        for r in range {
            // SAFETY: each output row is written by one task only.
            let out_row = unsafe { std::slice::from_raw_parts_mut(base.0.add(r * o_len), o_len) };
            let mut rest = r;
            for d in (0..last).rev() {
                o_coord[d] = rest % out_shape[d];
                rest /= out_shape[d];
            }
            'rows: for jr in 0..b_rows {
                let mut rest = jr;
                for d in (0..last).rev() {
                    j_coord[d] = rest % b_shape[d];
                    rest /= b_shape[d];
                }
                // The row of `a` this row of `b` meets, if any.
                let mut a_row = 0usize;
                for d in 0..last {
                    let p = o_coord[d] + offset[d];
                    if p < j_coord[d] || p - j_coord[d] >= a_shape[d] {
                        continue 'rows;
                    }
                    a_row = a_row * a_shape[d] + (p - j_coord[d]);
                }
                let a_row = &a[a_row * a_len..(a_row + 1) * a_len];
                for jl in 0..b_len {
                    let w = b[jr * b_len + jl];
                    if w == T::zero() {
                        continue;
                    }
                    // Output positions ol with 0 ≤ ol + offset − jl < a_len.
                    let lo = jl.saturating_sub(offset[last]);
                    let hi = (a_len + jl).saturating_sub(offset[last]).min(o_len);
                    if lo >= hi {
                        continue;
                    }
                    let start = lo + offset[last] - jl;
                    for (o, &x) in out_row[lo..hi].iter_mut().zip(&a_row[start..start + (hi - lo)]) {
                        *o = *o + w * x;
                    }
                }
            }
        }
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_dimensional_full_same_and_valid() {
        let a = [1.0f64, 2.0, 3.0, 4.0];
        let b = [1.0f64, 0.0, -1.0];
        let mut full = [0.0; 6];
        convolve_direct(&a, &[4], &b, &[3], &[0], &mut full, &[6], 1).unwrap();
        assert_eq!(full, [1.0, 2.0, 2.0, 2.0, -3.0, -4.0]);
        let mut valid = [0.0; 2];
        convolve_direct(&a, &[4], &b, &[3], &[2], &mut valid, &[2], 1).unwrap();
        assert_eq!(valid, [2.0, 2.0]);
    }

    #[test]
    fn two_dimensional_matches_the_definition() {
        let a: Vec<f64> = (0..12).map(|i| (i * 7 % 5) as f64 - 2.0).collect();
        let b: Vec<f64> = (0..6).map(|i| (i * 3 % 4) as f64 - 1.5).collect();
        let (ash, bsh) = ([3usize, 4], [2usize, 3]);
        let mut out = vec![0.0; 4 * 6];
        convolve_direct(&a, &ash, &b, &bsh, &[0, 0], &mut out, &[4, 6], 2).unwrap();
        let mut want = vec![0.0; 24];
        for i in 0..3 {
            for j in 0..4 {
                for p in 0..2 {
                    for q in 0..3 {
                        want[(i + p) * 6 + j + q] += a[i * 4 + j] * b[p * 3 + q];
                    }
                }
            }
        }
        assert_eq!(out, want);
    }

    #[test]
    fn refuses_windows_past_the_full_length() {
        let mut out = [0.0f32; 3];
        assert!(convolve_direct(&[1.0f32; 2], &[2], &[1.0; 2], &[2], &[1], &mut out, &[3], 1).is_err());
        assert!(convolve_direct(&[1.0f32; 2], &[2], &[1.0; 2], &[3], &[0], &mut out, &[3], 1).is_err());
    }
}
