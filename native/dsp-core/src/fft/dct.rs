//! DCT types 1–4 with scipy.fft's definitions and normalisations.
//!
//! rustdct computes exactly half of scipy's unnormalised sums for every type,
//! so the "backward" transform is rustdct's times two; "ortho" and "forward"
//! rescale from there (ortho also weights the end points, as scipy does).

use super::lines::{self, Lines};
use super::planners::Planners;
use super::shape_len;
use crate::error::{invalid, try_zeroed, DspResult};
use crate::parallel::Threads;

/// scipy.fft's `norm` for DCTs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DctNorm {
    Backward,
    Ortho,
    Forward,
}

/// The DCT type an (inverse) transform of `kind` runs: scipy's idct of type 2 is a type-3 DCT and vice versa.
fn effective_type(kind: u32, inverse: bool) -> u32 {
    match (kind, inverse) {
        (2, true) => 3,
        (3, true) => 2,
        (k, _) => k,
    }
}

/// scipy's normalisation factor of the inverse for a length-`n` DCT of `kind`.
fn inverse_factor(kind: u32, n: usize) -> f64 {
    if kind == 1 {
        2.0 * (n as f64 - 1.0)
    } else {
        2.0 * n as f64
    }
}

/// One DCT of `kind` over lines of length `n`, with every scaling folded in.
struct LineDct<T: Planners> {
    run: Box<dyn Fn(&mut [T], &mut [T]) + Send + Sync>,
    scratch_len: usize,
    /// Applied to the input's first and last element (ortho only).
    pre_first: T,
    pre_last: T,
    pre_rest: T,
    post_first: T,
    post_last: T,
    post_rest: T,
}

impl<T: Planners> LineDct<T> {
    fn new(kind: u32, inverse: bool, norm: DctNorm, n: usize) -> Self {
        let t = effective_type(kind, inverse);
        let (run, scratch_len): (Box<dyn Fn(&mut [T], &mut [T]) + Send + Sync>, usize) = match t {
            1 => {
                let d = T::dct1(n);
                let s = d.get_scratch_len();
                (Box::new(move |b, sc| d.process_dct1_with_scratch(b, sc)), s)
            }
            2 => {
                let d = T::dct2(n);
                let s = d.get_scratch_len();
                (Box::new(move |b, sc| d.process_dct2_with_scratch(b, sc)), s)
            }
            3 => {
                let d = T::dct3(n);
                let s = d.get_scratch_len();
                (Box::new(move |b, sc| d.process_dct3_with_scratch(b, sc)), s)
            }
            _ => {
                let d = T::dct4(n);
                let s = d.get_scratch_len();
                (Box::new(move |b, sc| d.process_dct4_with_scratch(b, sc)), s)
            }
        };
        let nf = n as f64;
        let (mut pre, mut post) = ([1.0f64; 3], [2.0f64; 3]); // [first, last, rest]
        match norm {
            DctNorm::Backward if inverse => post = [2.0 / inverse_factor(kind, n); 3],
            DctNorm::Forward if !inverse => post = [2.0 / inverse_factor(kind, n); 3],
            DctNorm::Backward | DctNorm::Forward => {}
            DctNorm::Ortho => match t {
                1 => {
                    let f = 2.0 / (2.0 * (nf - 1.0)).sqrt();
                    pre = [2f64.sqrt(), 2f64.sqrt(), 1.0];
                    post = [f / 2f64.sqrt(), f / 2f64.sqrt(), f];
                }
                2 => {
                    let f = 2.0 / (2.0 * nf).sqrt();
                    post = [2.0 / (4.0 * nf).sqrt(), f, f];
                }
                3 => {
                    // scipy: y_k = x_0/√N + √(2/N) Σ_{n≥1} x_n cos(…); rustdct halves x_0.
                    pre = [2.0 / nf.sqrt(), (2.0 / nf).sqrt(), (2.0 / nf).sqrt()];
                    post = [1.0; 3];
                }
                _ => post = [2.0 / (2.0 * nf).sqrt(); 3],
            },
        }
        if n == 1 {
            // A single element is both first and last; only type 1 weights them
            // differently, and type 1 needs n ≥ 2.
            pre[1] = pre[0];
            post[1] = post[0];
        }
        let c = <T as crate::Float>::cast;
        LineDct {
            run,
            scratch_len,
            pre_first: c(pre[0]),
            pre_last: c(pre[1]),
            pre_rest: c(pre[2]),
            post_first: c(post[0]),
            post_last: c(post[1]),
            post_rest: c(post[2]),
        }
    }

    fn apply(&self, line: &mut [T], scratch: &mut [T]) {
        let one = T::one();
        if self.pre_first != one || self.pre_rest != one || self.pre_last != one {
            weigh(line, self.pre_first, self.pre_rest, self.pre_last);
        }
        (self.run)(line, scratch);
        weigh(line, self.post_first, self.post_rest, self.post_last);
    }
}

/// Multiplies the first, inner and last values of `line` by their weights;
/// a single value counts as the first (`new` makes first and last equal then).
fn weigh<T: Planners>(line: &mut [T], first: T, rest: T, last: T) {
    let n = line.len();
    if n >= 2 {
        for x in line[1..n - 1].iter_mut() {
            *x = *x * rest;
        }
        line[n - 1] = line[n - 1] * last;
    }
    line[0] = line[0] * first;
}

/// N-D DCT (scipy.fft `dctn`/`idctn`) of `kind` 1–4 over `axes`, from `input`
/// into `output` (same shape); with `input == None` in place on `output`.
pub fn dctn<T: Planners>(
    kind: u32,
    norm: DctNorm,
    inverse: bool,
    shape: &[usize],
    axes: &[usize],
    input: Option<&[T]>,
    output: &mut [T],
    threads: Threads,
) -> DspResult<()> {
    if !(1..=4).contains(&kind) {
        return invalid(format!("DCT type {} is not one of 1, 2, 3, 4", kind));
    }
    super::nd::check_axes(shape, axes)?;
    let len = shape_len(shape).unwrap_or(0);
    if output.len() != len || input.map_or(false, |i| i.len() != len) {
        return invalid("input and output must hold exactly the shape's elements");
    }
    if kind == 1 && axes.iter().any(|&a| shape[a] < 2) {
        return invalid("DCT type 1 needs at least 2 points along every transformed axis");
    }
    if let Some(input) = input {
        output.copy_from_slice(input);
    }
    for &axis in axes {
        let geom = Lines::along(shape, axis);
        let line = LineDct::<T>::new(kind, inverse, norm, geom.len);
        lines::in_place(
            output,
            geom,
            threads,
            || try_zeroed::<T>(line.scratch_len),
            |scratch, block, count| {
                for c in 0..count {
                    line.apply(&mut block[c * geom.len..][..geom.len], scratch);
                }
            },
        )?;
    }
    super::finite::check(output)
}
