//! Spreading (non-uniform points onto a periodic fine grid) and its exact
//! transpose, interpolation.
//!
//! The grid is stored row-major in three axes, axis 2 fastest; a transform
//! of fewer dimensions uses the trailing axes and leaves the leading ones at
//! size 1. Points are sorted into bins (counting sort, stable), so that
//! neighbouring points touch neighbouring grid memory. Spreading runs one
//! subproblem (the points of one bin, at most `MAX_SUBPROBLEM` of them) into
//! its own small subgrid, then adds the subgrids into the grid in subproblem
//! order: whichever thread computed a subgrid, every sum is formed in the same
//! order, so results are identical for any thread count.

use num_complex::Complex;

use super::kernel::PiecewisePoly;
use crate::error::{try_zeroed, DspResult};
use crate::parallel::{for_each_range, SharedMut, Threads};
use crate::Float;

/// Most points spread into one subgrid.
const MAX_SUBPROBLEM: usize = 4096;
/// Subproblems whose subgrids are held at once (bounds the memory they take).
const SUBPROBLEMS_PER_PASS: usize = 64;

/// Bin extents per storage axis, by number of active axes (FINUFFT-like shapes).
fn bin_extents(active: usize) -> [usize; 3] {
    match active {
        1 => [1, 1, 1024],
        2 => [1, 32, 64],
        _ => [8, 16, 16],
    }
}

/// The kernel's piecewise polynomial in the working precision.
#[derive(Debug, Clone)]
pub struct KernelPoly<T> {
    pub width: usize,
    degree: usize,
    coeffs: Vec<T>,
}

impl<T: Float> KernelPoly<T> {
    pub fn new(poly: &PiecewisePoly) -> Self {
        KernelPoly { width: poly.width, degree: poly.degree, coeffs: poly.coeffs.iter().map(|&c| T::cast(c)).collect() }
    }

    /// The "kernel" of points that sit exactly on the grid: weight 1 at one grid point.
    pub fn delta() -> Self {
        KernelPoly { width: 1, degree: 0, coeffs: vec![T::one()] }
    }

    /// Left-most grid index the kernel centred at `u` touches, and the kernel's values there and rightwards.
    #[inline]
    fn weights(&self, u: f64, out: &mut [T; 16]) -> i64 {
        let half = 0.5 * self.width as f64;
        let l0 = (u - half).ceil();
        let s = T::cast(2.0 * (l0 - u + half) - 1.0);
        let w = self.width;
        out[..w].copy_from_slice(&self.coeffs[self.degree * w..][..w]);
        for d in (0..self.degree).rev() {
            let c = &self.coeffs[d * w..][..w];
            for i in 0..w {
                out[i] = out[i] * s + c[i];
            }
        }
        l0 as i64
    }
}

#[derive(Debug, Clone, Copy)]
struct Subproblem {
    start: usize,
    end: usize,
    /// Grid index of the subgrid's first cell, per storage axis.
    origin: [i64; 3],
}

/// Points sorted by bin, in grid units, with their subproblems.
pub struct Spreader<T> {
    grid: [usize; 3],
    active: usize,
    kernel: KernelPoly<T>,
    sub_shape: [usize; 3],
    /// Sorted position → index in the caller's point list.
    order: Vec<usize>,
    /// Grid coordinates in [0, n) per active axis, sorted (`active` per point).
    coords: Vec<f64>,
    subproblems: Vec<Subproblem>,
}

impl<T: Float> Spreader<T> {
    /// `grid`: storage-order extents (leading inactive axes of size 1); `active` trailing axes are spread over.
    pub fn new(grid: [usize; 3], active: usize, kernel: KernelPoly<T>) -> Self {
        let bins = bin_extents(active);
        let mut sub_shape = [1; 3];
        for a in 3 - active..3 {
            sub_shape[a] = bins[a].min(grid[a]) + kernel.width + 2;
        }
        Spreader { grid, active, kernel, sub_shape, order: Vec::new(), coords: Vec::new(), subproblems: Vec::new() }
    }

    pub fn grid_len(&self) -> usize {
        self.grid.iter().product()
    }

    /// Sorts `count` points given by `coord(j, axis)` in grid units (any real;
    /// folded periodically into [0, n)), for `active` axes in user order.
    pub fn set_points(&mut self, count: usize, coord: impl Fn(usize, usize) -> f64) -> DspResult<()> {
        let active = self.active;
        let first = 3 - active;
        let bins = bin_extents(active);
        let mut extent = [1usize; 3];
        let mut nbins = [1usize; 3];
        for a in first..3 {
            extent[a] = bins[a].min(self.grid[a]);
            nbins[a] = (self.grid[a] + extent[a] - 1) / extent[a];
        }
        let mut folded: Vec<f64> = try_zeroed(count * active)?;
        let mut bin_of: Vec<usize> = try_zeroed(count)?;
        for j in 0..count {
            let mut bin = 0usize;
            for a in first..3 {
                let n = self.grid[a] as f64;
                let mut u = coord(j, a - first).rem_euclid(n);
                if u >= n {
                    u = 0.0;
                }
                folded[j * active + (a - first)] = u;
                let b = ((u / extent[a] as f64) as usize).min(nbins[a] - 1);
                bin = bin * nbins[a] + b;
            }
            bin_of[j] = bin;
        }
        let total_bins = nbins.iter().product::<usize>();
        let mut starts: Vec<usize> = try_zeroed(total_bins + 1)?;
        for &b in &bin_of {
            starts[b + 1] += 1;
        }
        for b in 0..total_bins {
            starts[b + 1] += starts[b];
        }
        let mut next = starts.clone();
        let mut order: Vec<usize> = try_zeroed(count)?;
        for (j, &b) in bin_of.iter().enumerate() {
            order[next[b]] = j;
            next[b] += 1;
        }
        let mut coords: Vec<f64> = try_zeroed(count * active)?;
        for (p, &j) in order.iter().enumerate() {
            coords[p * active..][..active].copy_from_slice(&folded[j * active..][..active]);
        }
        let half = (self.kernel.width / 2) as i64 + 1;
        let mut subproblems = Vec::new();
        for b in 0..total_bins {
            let (mut start, end) = (starts[b], starts[b + 1]);
            if start == end {
                continue;
            }
            let mut origin = [0i64; 3];
            let mut rest = b;
            for a in (first..3).rev() {
                origin[a] = (rest % nbins[a] * extent[a]) as i64 - half;
                rest /= nbins[a];
            }
            while start < end {
                let stop = end.min(start + MAX_SUBPROBLEM);
                subproblems.push(Subproblem { start, end: stop, origin });
                start = stop;
            }
        }
        self.order = order;
        self.coords = coords;
        self.subproblems = subproblems;
        Ok(())
    }

    /// Per-axis weights and first grid index (relative to `origin`) of sorted point `p`.
    #[inline]
    fn point_weights(&self, p: usize, origin: [i64; 3], w: &mut [[T; 16]; 3], start: &mut [i64; 3], width: &mut [usize; 3]) {
        let first = 3 - self.active;
        for a in 0..3 {
            if a < first {
                w[a][0] = T::one();
                start[a] = 0;
                width[a] = 1;
            } else {
                start[a] = self.kernel.weights(self.coords[p * self.active + a - first], &mut w[a]) - origin[a];
                width[a] = self.kernel.width;
            }
        }
    }

    /// grid = Σ_j c_j ψ(· − x_j): `input` holds the points' values in the
    /// caller's order; `grid` (zeroed here) receives the sums.
    pub fn spread(&self, input: &[Complex<T>], grid: &mut [Complex<T>], threads: Threads) -> DspResult<()> {
        for g in grid.iter_mut() {
            *g = Complex::new(T::zero(), T::zero());
        }
        let sub_len: usize = self.sub_shape.iter().product();
        let mut subgrids: Vec<Complex<T>> = try_zeroed(sub_len * SUBPROBLEMS_PER_PASS.min(self.subproblems.len()))?;
        for pass in self.subproblems.chunks(SUBPROBLEMS_PER_PASS) {
            let out = SharedMut(subgrids.as_mut_ptr());
            let work = self.kernel.width.pow(self.active as u32) * MAX_SUBPROBLEM / 4;
            for_each_range(pass.len(), work, threads, |range| {
                let out = out;
                for i in range {
                    // SAFETY: subproblem i of this pass owns subgrid i.
                    let sub = unsafe { std::slice::from_raw_parts_mut(out.0.add(i * sub_len), sub_len) };
                    self.spread_subproblem(&pass[i], input, sub);
                }
            });
            for (i, sp) in pass.iter().enumerate() {
                self.add_subgrid(sp.origin, &subgrids[i * sub_len..][..sub_len], grid);
            }
        }
        Ok(())
    }

    fn spread_subproblem(&self, sp: &Subproblem, input: &[Complex<T>], sub: &mut [Complex<T>]) {
        for v in sub.iter_mut() {
            *v = Complex::new(T::zero(), T::zero());
        }
        let [_, s1, s2] = self.sub_shape;
        let mut w = [[T::zero(); 16]; 3];
        let (mut start, mut width) = ([0i64; 3], [1usize; 3]);
        for p in sp.start..sp.end {
            let c = input[self.order[p]];
            self.point_weights(p, sp.origin, &mut w, &mut start, &mut width);
            for i0 in 0..width[0] {
                for i1 in 0..width[1] {
                    let k01 = w[0][i0] * w[1][i1];
                    let (re, im) = (c.re * k01, c.im * k01);
                    let base = ((start[0] as usize + i0) * s1 + start[1] as usize + i1) * s2 + start[2] as usize;
                    let row = &mut sub[base..base + width[2]];
                    for (v, &k) in row.iter_mut().zip(&w[2][..width[2]]) {
                        v.re = v.re + re * k;
                        v.im = v.im + im * k;
                    }
                }
            }
        }
    }

    fn add_subgrid(&self, origin: [i64; 3], sub: &[Complex<T>], grid: &mut [Complex<T>]) {
        let [n0, n1, n2] = self.grid;
        let [s0, s1, s2] = self.sub_shape;
        let g2start = origin[2].rem_euclid(n2 as i64) as usize;
        for i0 in 0..s0 {
            let g0 = (origin[0] + i0 as i64).rem_euclid(n0 as i64) as usize;
            for i1 in 0..s1 {
                let g1 = (origin[1] + i1 as i64).rem_euclid(n1 as i64) as usize;
                let row = &mut grid[(g0 * n1 + g1) * n2..][..n2];
                let src = &sub[(i0 * s1 + i1) * s2..][..s2];
                let mut g2 = g2start;
                for &v in src {
                    row[g2] = row[g2] + v;
                    g2 += 1;
                    if g2 == n2 {
                        g2 = 0;
                    }
                }
            }
        }
    }

    /// output_j = Σ_l grid_l ψ(l − x_j), the transpose of `spread`, in the caller's order.
    pub fn interpolate(&self, grid: &[Complex<T>], output: &mut [Complex<T>], threads: Threads) {
        let out = SharedMut(output.as_mut_ptr());
        let count = self.order.len();
        let work = self.kernel.width.pow(self.active as u32) * 4;
        for_each_range(count, work, threads, |range| {
            let out = out;
            let [n0, n1, n2] = self.grid;
            let mut w = [[T::zero(); 16]; 3];
            let (mut start, mut width) = ([0i64; 3], [1usize; 3]);
            let mut idx2 = [0usize; 16];
            for p in range {
                self.point_weights(p, [0; 3], &mut w, &mut start, &mut width);
                let mut g2 = start[2].rem_euclid(n2 as i64) as usize;
                for slot in idx2.iter_mut().take(width[2]) {
                    *slot = g2;
                    g2 += 1;
                    if g2 == n2 {
                        g2 = 0;
                    }
                }
                let (mut re, mut im) = (T::zero(), T::zero());
                for i0 in 0..width[0] {
                    let g0 = (start[0] + i0 as i64).rem_euclid(n0 as i64) as usize;
                    for i1 in 0..width[1] {
                        let g1 = (start[1] + i1 as i64).rem_euclid(n1 as i64) as usize;
                        let row = &grid[(g0 * n1 + g1) * n2..][..n2];
                        let (mut r, mut m) = (T::zero(), T::zero());
                        for (&g, &k) in idx2[..width[2]].iter().zip(&w[2][..width[2]]) {
                            r = r + row[g].re * k;
                            m = m + row[g].im * k;
                        }
                        let k01 = w[0][i0] * w[1][i1];
                        re = re + r * k01;
                        im = im + m * k01;
                    }
                }
                // SAFETY: `order` is a permutation, so each sorted point writes its own output.
                unsafe { *out.0.add(self.order[p]) = Complex::new(re, im) };
            }
        });
    }
}
