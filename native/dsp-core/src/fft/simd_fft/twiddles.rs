//! Twiddle tables, computed in f64 and rounded once to f32.

use std::f64::consts::PI;

/// `e^{-2πi k/n}` as `(re, im)`, for `n` a multiple of four (so that the
/// octant reflections below are exact in integers). The angle is
/// reduced to the first octant in integers before any trigonometry, so every
/// result is as accurate as `cos`/`sin` on `[0, π/4]`, with exact symmetry
/// between octants.
pub fn unit_root(k: usize, n: usize) -> (f64, f64) {
    let mut k = k % n;
    // Angles past π mirror to the lower half plane: sin changes sign.
    let lower = 2 * k > n;
    if lower {
        k = n - k;
    }
    // Angles past π/2 mirror about the imaginary axis: cos changes sign.
    let left = 4 * k > n;
    if left {
        k = n / 2 - k;
    }
    // Angles past π/4 mirror about the diagonal: cos and sin swap.
    let swap = 8 * k > n;
    let angle =
        if swap { 2.0 * PI * ((n as f64 / 4.0 - k as f64) / n as f64) } else { 2.0 * PI * (k as f64 / n as f64) };
    let (mut c, mut s) = (angle.cos(), angle.sin());
    if swap {
        std::mem::swap(&mut c, &mut s);
    }
    if left {
        c = -c;
    }
    // The forward root has a negative sine in the upper half plane.
    if !lower {
        s = -s;
    }
    (c, s)
}

/// Scalars starting on a 64-byte boundary. The passes load twiddles as whole
/// vectors, and a vector that straddles two cache lines costs two accesses;
/// the allocator only promises 8 bytes on wasm.
pub struct AlignedTable<S> {
    lines: Vec<Line<S>>,
}

#[derive(Clone, Copy)]
#[repr(C, align(64))]
struct Line<S>([S; 16]);

impl<S: Copy> AlignedTable<S> {
    /// `values`, then `zero` up to the end of the last line.
    pub fn new(values: &[S], zero: S) -> Self {
        let lines = values
            .chunks(16)
            .map(|chunk| {
                let mut line = [zero; 16];
                line[..chunk.len()].copy_from_slice(chunk);
                Line(line)
            })
            .collect();
        AlignedTable { lines }
    }

    pub fn as_ptr(&self) -> *const S {
        self.lines.as_ptr() as *const S
    }
}
