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

use std::ops::Range;

use num_complex::Complex;

use super::kernel::PiecewisePoly;
use crate::error::{refill_zeroed, DspError, DspResult};
use crate::parallel::{for_each_range, SharedMut, Threads};
use crate::Float;

/// Most points spread into one subgrid.
const MAX_SUBPROBLEM: usize = 4096;
/// Subproblems whose subgrids are held at once (bounds the memory they take).
const SUBPROBLEMS_PER_PASS: usize = 64;

/// 1-D points whose kernel values are computed together (see `values_block`).
#[cfg(not(target_arch = "wasm32"))]
const POINT_BLOCK: usize = 4;
#[cfg(target_arch = "wasm32")]
const POINT_BLOCK: usize = 1;

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
    /// Degree-major, `width` values per degree (see `PiecewisePoly`).
    coeffs: Vec<T>,
}

impl<T: Float> KernelPoly<T> {
    pub fn new(poly: &PiecewisePoly) -> Self {
        KernelPoly { width: poly.width, coeffs: poly.coeffs.iter().map(|&c| T::cast(c)).collect() }
    }

    /// The "kernel" of points that sit exactly on the grid: weight 1 at one grid point.
    pub fn delta() -> Self {
        KernelPoly { width: 1, coeffs: vec![T::one()] }
    }

    /// Left-most grid index the kernel centred at `u` touches, and the
    /// kernel's values there and rightwards (`W` is the width).
    #[inline(always)]
    fn values<const W: usize>(&self, u: f64) -> (i64, [T; W]) {
        self.values_block::<W, 1>([u])[0]
    }

    /// `values` at `B` points at once. Horner's rule over fixed-width rows,
    /// the points' rows interleaved: one loop the compiler unrolls and
    /// vectorises, with `B` independent chains of multiply-adds in flight
    /// instead of one (each point's sums are the same as on its own).
    #[inline(always)]
    fn values_block<const W: usize, const B: usize>(&self, us: [f64; B]) -> [(i64, [T; W]); B] {
        let mut first = [0i64; B];
        let mut s = [T::zero(); B];
        for b in 0..B {
            let t = us[b] - 0.5 * W as f64;
            first[b] = ceil_to_i64(t);
            s[b] = T::cast(2.0 * (first[b] as f64 - t) - 1.0);
        }
        let mut rows = self.coeffs.rchunks_exact(W);
        let mut out = [[T::zero(); W]; B];
        if let Some(top) = rows.next() {
            for v in out.iter_mut() {
                v.copy_from_slice(top);
            }
        }
        for row in rows {
            let row: &[T; W] = row.try_into().expect("coefficient rows are W wide");
            for b in 0..B {
                for i in 0..W {
                    out[b][i] = out[b][i] * s[b] + row[i];
                }
            }
        }
        let mut result = [(0i64, [T::zero(); W]); B];
        for b in 0..B {
            result[b] = (first[b], out[b]);
        }
        result
    }
}

/// ⌈t⌉ for |t| < 2⁶³ without a libm call (x86-64's baseline has no rounding instruction).
#[inline(always)]
fn ceil_to_i64(t: f64) -> i64 {
    let i = t as i64;
    if t > i as f64 {
        i + 1
    } else {
        i
    }
}

/// `u` folded into [0, n) (the grid is periodic); exactly `rem_euclid`, with
/// a fast path for the usual case of a point within one period. That path
/// picks u or u + n by a select, not a branch: points on either side of 0
/// come in random order, and a branch would mispredict half the time.
#[inline(always)]
fn fold_periodic(u: f64, n: f64) -> f64 {
    let shifted = if u < 0.0 { u + n } else { u };
    if (0.0..n).contains(&shifted) {
        shifted
    } else {
        fold_far(u, n)
    }
}

/// `fold_periodic` of a point outside [−n, n): out of line, so that the
/// compiler does not compute it for every point of a vectorised fold.
#[cold]
#[inline(never)]
fn fold_far(u: f64, n: f64) -> f64 {
    let v = u.rem_euclid(n);
    if v >= n {
        0.0
    } else {
        v
    }
}

/// The counting sort of `ensure_sorted` for points of `A` folded
/// coordinates: counts per bin (into `next[bin + 1]`, zeroed by the caller),
/// their running sums, then each point's index and coordinates placed at its
/// bin's next free slot. A point's bin is computed in both passes rather
/// than stored (a multiply and a conversion per axis cost less than writing
/// and reading back 4 bytes a point, and than first touching that array).
/// `inv`: 1/extent of an axis's bins (0 for an axis of one bin).
#[inline(always)]
fn sort_by_bins<const A: usize>(coords: &[f64], inv: [f64; A], nbins: [usize; A], next: &mut [usize], order: &mut [usize], sorted: &mut [f64]) {
    let bin_of = |point: &[f64]| {
        let mut bin = 0usize;
        for a in 0..A {
            // Coordinates are in [0, n), so the quotient is below 2³¹.
            bin = bin * nbins[a] + ((point[a] * inv[a]) as u32 as usize).min(nbins[a] - 1);
        }
        bin
    };
    for point in coords.chunks_exact(A) {
        next[bin_of(point) + 1] += 1;
    }
    for b in 1..next.len() {
        next[b] += next[b - 1];
    }
    for (j, point) in coords.chunks_exact(A).enumerate() {
        let p = &mut next[bin_of(point)];
        order[*p] = j;
        sorted[*p * A..][..A].copy_from_slice(point);
        *p += 1;
    }
}

/// row[i] += c·k[i] for the `W` cells from the start of `row`.
#[inline(always)]
fn add_scaled<T: Float, const W: usize>(row: &mut [Complex<T>], c: Complex<T>, k: &[T; W]) {
    let row: &mut [Complex<T>; W] = (&mut row[..W]).try_into().expect("a row of W cells");
    for i in 0..W {
        row[i].re = row[i].re + c.re * k[i];
        row[i].im = row[i].im + c.im * k[i];
    }
}

/// Σ_i row[first + i] k[i] on a periodic row (indices wrap at its length).
#[inline(always)]
fn dot_periodic<T: Float, const W: usize>(row: &[Complex<T>], first: i64, k: &[T; W]) -> Complex<T> {
    let n = row.len();
    let (mut re, mut im) = (T::zero(), T::zero());
    if first >= 0 && first as usize + W <= n {
        let cells: &[Complex<T>; W] = row[first as usize..][..W].try_into().expect("a row of W cells");
        for i in 0..W {
            re = re + cells[i].re * k[i];
            im = im + cells[i].im * k[i];
        }
    } else {
        // The same sums in the same order, with the index wrapping.
        let mut g = first.rem_euclid(n as i64) as usize;
        for &ki in k {
            re = re + row[g].re * ki;
            im = im + row[g].im * ki;
            g += 1;
            if g == n {
                g = 0;
            }
        }
    }
    Complex::new(re, im)
}

/// `$obj.$method::<W>(args)` with the kernel width `$width` as the constant W.
macro_rules! by_width {
    ($width:expr, $obj:ident . $method:ident ( $($arg:expr),* )) => {
        match $width {
            1 => $obj.$method::<1>($($arg),*),
            2 => $obj.$method::<2>($($arg),*),
            3 => $obj.$method::<3>($($arg),*),
            4 => $obj.$method::<4>($($arg),*),
            5 => $obj.$method::<5>($($arg),*),
            6 => $obj.$method::<6>($($arg),*),
            7 => $obj.$method::<7>($($arg),*),
            8 => $obj.$method::<8>($($arg),*),
            9 => $obj.$method::<9>($($arg),*),
            10 => $obj.$method::<10>($($arg),*),
            11 => $obj.$method::<11>($($arg),*),
            12 => $obj.$method::<12>($($arg),*),
            13 => $obj.$method::<13>($($arg),*),
            14 => $obj.$method::<14>($($arg),*),
            15 => $obj.$method::<15>($($arg),*),
            16 => $obj.$method::<16>($($arg),*),
            w => unreachable!("kernel width {} is checked to lie in 1…16 when the plan is made", w),
        }
    };
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
    /// Sorted position → index in the caller's point list (empty while unsorted).
    order: Vec<usize>,
    /// Grid coordinates in [0, n) per active axis (`active` per point), in
    /// sorted order, or in the caller's order while `sorted` is false.
    coords: Vec<f64>,
    /// The other coordinate buffer of the sort (it places the points from
    /// `coords` into this one, then swaps them), kept for the next sort.
    spare_coords: Vec<f64>,
    subproblems: Vec<Subproblem>,
    sorted: bool,
    /// Subgrids of one pass of spreading, kept between calls.
    subgrids: Vec<Complex<T>>,
    /// The counting sort's scratch (each bin's next free slot), kept so that
    /// calls after the first reuse its memory.
    next: Vec<usize>,
}

impl<T: Float> Spreader<T> {
    /// `grid`: storage-order extents (leading inactive axes of size 1); `active` trailing axes are spread over.
    pub fn new(grid: [usize; 3], active: usize, kernel: KernelPoly<T>) -> Self {
        let bins = bin_extents(active);
        let mut sub_shape = [1; 3];
        for a in 3 - active..3 {
            sub_shape[a] = bins[a].min(grid[a]) + kernel.width + 2;
        }
        Spreader {
            grid,
            active,
            kernel,
            sub_shape,
            order: Vec::new(),
            coords: Vec::new(),
            spare_coords: Vec::new(),
            subproblems: Vec::new(),
            sorted: true,
            subgrids: Vec::new(),
            next: Vec::new(),
        }
    }

    pub fn grid_len(&self) -> usize {
        self.grid.iter().product()
    }

    /// Takes `count` points given by `coord(j, axis)` in grid units (any real;
    /// folded periodically into [0, n)), for `active` axes in user order.
    /// With `sort`, sorts them now (see `ensure_sorted`); without, sorts them on
    /// the first `spread`. Interpolation computes every point on its own, by
    /// the same sums whatever the order, so it gives the same bits sorted or
    /// not; only spreading needs the bins. 1-D interpolation gains nothing
    /// from sorting that pays for the sort (FINUFFT skips it too), so 1-D
    /// type 2 does not sort.
    pub fn set_points(&mut self, count: usize, coord: impl Fn(usize, usize) -> f64, sort: bool) -> DspResult<()> {
        let active = self.active;
        let first = 3 - active;
        self.coords.clear();
        self.coords.try_reserve_exact(count * active).map_err(|_| DspError::OutOfMemory)?;
        if active == 1 {
            let n = self.grid[2] as f64;
            self.coords.extend((0..count).map(|j| fold_periodic(coord(j, 0), n)));
        } else {
            let size = [self.grid[0] as f64, self.grid[1] as f64, self.grid[2] as f64];
            for j in 0..count {
                for a in 0..active {
                    self.coords.push(fold_periodic(coord(j, a), size[first + a]));
                }
            }
        }
        self.order.clear();
        self.subproblems.clear();
        self.sorted = false;
        if sort {
            self.ensure_sorted()?;
        }
        Ok(())
    }

    /// Sorts the points by bin if they are not yet: a counting sort, one pass
    /// counting, one placing each point (its index and coordinates) at its
    /// bin's next free slot. Placing the coordinates here costs less than
    /// gathering them through `order` at every spread (measured, Rust, one
    /// thread: moving indices only, as FINUFFT does, halved set_points but
    /// slowed 2-D type 1 execute at M = 1e6 by ≈ 20 ms, a random read per
    /// point, more than the sort saved).
    pub fn ensure_sorted(&mut self) -> DspResult<()> {
        if self.sorted {
            return Ok(());
        }
        let active = self.active;
        let first = 3 - active;
        let count = self.coords.len() / active;
        let bins = bin_extents(active);
        let mut extent = [1usize; 3];
        let mut nbins = [1usize; 3];
        for a in first..3 {
            extent[a] = bins[a].min(self.grid[a]);
            nbins[a] = (self.grid[a] + extent[a] - 1) / extent[a];
        }
        // Every axis of more than one bin has a power-of-two extent (a bin's), so
        // multiplying by 1/extent is exact; an axis of one bin takes 0 for every point.
        let mut inv = [0.0f64; 3];
        for a in first..3 {
            if nbins[a] > 1 {
                debug_assert!(extent[a].is_power_of_two());
                inv[a] = 1.0 / extent[a] as f64;
            }
        }
        let total_bins = nbins.iter().product::<usize>();
        let mut next = std::mem::take(&mut self.next);
        refill_zeroed(&mut next, total_bins + 1)?;
        refill_zeroed(&mut self.order, count)?;
        let mut sorted = std::mem::take(&mut self.spare_coords);
        refill_zeroed(&mut sorted, count * active)?;
        let (coords, order) = (&self.coords, &mut self.order);
        match active {
            1 => sort_by_bins::<1>(coords, [inv[2]], [nbins[2]], &mut next, order, &mut sorted),
            2 => sort_by_bins::<2>(coords, [inv[1], inv[2]], [nbins[1], nbins[2]], &mut next, order, &mut sorted),
            _ => sort_by_bins::<3>(coords, inv, nbins, &mut next, order, &mut sorted),
        }
        self.spare_coords = std::mem::replace(&mut self.coords, sorted);
        // Placing moved each bin's next free slot to its end, the next bin's start.
        let half = (self.kernel.width / 2) as i64 + 1;
        self.subproblems.clear();
        let mut start = 0;
        for (b, &end) in next[..total_bins].iter().enumerate() {
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
                self.subproblems.push(Subproblem { start, end: stop, origin });
                start = stop;
            }
        }
        self.next = next;
        self.sorted = true;
        Ok(())
    }

    /// grid = Σ_j c_j ψ(· − x_j): `input` holds the points' values in the
    /// caller's order; `grid` (zeroed here) receives the sums. The points
    /// must be sorted (`ensure_sorted`).
    pub fn spread(&mut self, input: &[Complex<T>], grid: &mut [Complex<T>], threads: Threads) -> DspResult<()> {
        assert!(self.sorted, "spreading needs sorted points");
        grid.fill(Complex::new(T::zero(), T::zero()));
        let sub_len: usize = self.sub_shape.iter().product();
        // Every subproblem zeroes its own subgrid, so kept ones need no clearing.
        let wanted = sub_len * SUBPROBLEMS_PER_PASS.min(self.subproblems.len());
        if self.subgrids.len() < wanted {
            refill_zeroed(&mut self.subgrids, wanted)?;
        }
        let mut subgrids = std::mem::take(&mut self.subgrids);
        for pass in self.subproblems.chunks(SUBPROBLEMS_PER_PASS) {
            let out = SharedMut(subgrids.as_mut_ptr());
            let work = self.kernel.width.pow(self.active as u32) * MAX_SUBPROBLEM / 4;
            for_each_range(pass.len(), work, threads, |range| {
                let out = out;
                let this = &*self;
                #[cfg(target_arch = "x86_64")]
                {
                    if std::is_x86_feature_detected!("avx") {
                        // SAFETY: the CPU has AVX (checked just above); subgrids as below.
                        unsafe { by_width!(this.kernel.width, this.spread_range_avx(pass, range, input, out, sub_len)) };
                        return;
                    }
                }
                // SAFETY: `out` holds a subgrid per subproblem of the pass, and `range` is this task's own.
                unsafe { by_width!(this.kernel.width, this.spread_range(pass, range, input, out, sub_len)) };
            });
            for (i, sp) in pass.iter().enumerate() {
                self.add_subgrid(sp.origin, &subgrids[i * sub_len..][..sub_len], grid);
            }
        }
        self.subgrids = subgrids;
        Ok(())
    }

    /// `spread_range` in AVX registers (no fused multiply-add: the same bits as SSE2).
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx")]
    unsafe fn spread_range_avx<const W: usize>(&self, pass: &[Subproblem], range: Range<usize>, input: &[Complex<T>], out: SharedMut<Complex<T>>, sub_len: usize) {
        self.spread_range::<W>(pass, range, input, out, sub_len)
    }

    /// Spreads subproblems `range` of `pass` into their subgrids of `sub_len` cells at `out`.
    /// SAFETY: `out` must point at one subgrid per subproblem of the pass, and
    /// no one else may touch those of `range` meanwhile.
    #[inline(always)]
    unsafe fn spread_range<const W: usize>(&self, pass: &[Subproblem], range: Range<usize>, input: &[Complex<T>], out: SharedMut<Complex<T>>, sub_len: usize) {
        let mut strengths = Vec::with_capacity(MAX_SUBPROBLEM);
        for i in range {
            let sub = std::slice::from_raw_parts_mut(out.0.add(i * sub_len), sub_len);
            self.spread_subproblem::<W>(&pass[i], input, sub, &mut strengths);
        }
    }

    #[inline(always)]
    fn spread_subproblem<const W: usize>(&self, sp: &Subproblem, input: &[Complex<T>], sub: &mut [Complex<T>], strengths: &mut Vec<Complex<T>>) {
        sub.fill(Complex::new(T::zero(), T::zero()));
        // Gathered in a loop of its own: the reads land in memory in random
        // order, and a tight loop keeps many of them in flight at once.
        strengths.clear();
        strengths.extend(self.order[sp.start..sp.end].iter().map(|&j| input[j]));
        let [_, s1, s2] = self.sub_shape;
        let [o0, o1, o2] = sp.origin;
        let kernel = &self.kernel;
        let coords = &self.coords[sp.start * self.active..sp.end * self.active];
        match self.active {
            1 => {
                let whole = coords.len() / POINT_BLOCK * POINT_BLOCK;
                for (u, c) in coords[..whole].chunks_exact(POINT_BLOCK).zip(strengths.chunks_exact(POINT_BLOCK)) {
                    let u: [f64; POINT_BLOCK] = u.try_into().expect("a block of points");
                    for ((l, k), &c) in kernel.values_block::<W, POINT_BLOCK>(u).iter().zip(c) {
                        add_scaled(&mut sub[(l - o2) as usize..], c, k);
                    }
                }
                for (&u, &c) in coords[whole..].iter().zip(&strengths[whole..]) {
                    let (l, k) = kernel.values::<W>(u);
                    add_scaled(&mut sub[(l - o2) as usize..], c, &k);
                }
            }
            2 => {
                for (u, &c) in coords.chunks_exact(2).zip(strengths.iter()) {
                    let [(l1, k1), (l2, k2)] = kernel.values_block::<W, 2>([u[0], u[1]]);
                    let base = (l1 - o1) as usize * s2 + (l2 - o2) as usize;
                    for (i1, &k) in k1.iter().enumerate() {
                        add_scaled(&mut sub[base + i1 * s2..], c * k, &k2);
                    }
                }
            }
            _ => {
                for (u, &c) in coords.chunks_exact(3).zip(strengths.iter()) {
                    let [(l0, k0), (l1, k1), (l2, k2)] = kernel.values_block::<W, 3>([u[0], u[1], u[2]]);
                    let base = ((l0 - o0) as usize * s1 + (l1 - o1) as usize) * s2 + (l2 - o2) as usize;
                    for (i0, &ka) in k0.iter().enumerate() {
                        let ca = c * ka;
                        for (i1, &kb) in k1.iter().enumerate() {
                            add_scaled(&mut sub[base + (i0 * s1 + i1) * s2..], ca * kb, &k2);
                        }
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
                if g2start + s2 <= n2 {
                    for (g, &v) in row[g2start..g2start + s2].iter_mut().zip(src) {
                        *g = *g + v;
                    }
                } else {
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
    }

    /// output_j = Σ_l grid_l ψ(l − x_j), the transpose of `spread`, in the caller's order.
    pub fn interpolate(&self, grid: &[Complex<T>], output: &mut [Complex<T>], threads: Threads) {
        by_width!(self.kernel.width, self.interpolate_width(grid, output, threads))
    }

    fn interpolate_width<const W: usize>(&self, grid: &[Complex<T>], output: &mut [Complex<T>], threads: Threads) {
        let out = SharedMut(output.as_mut_ptr());
        let count = self.coords.len() / self.active;
        let work = W.pow(self.active as u32) * 4;
        for_each_range(count, work, threads, |range| {
            let out = out;
            #[cfg(target_arch = "x86_64")]
            {
                if std::is_x86_feature_detected!("avx") {
                    // SAFETY: the CPU has AVX (checked just above); `out` as below.
                    unsafe { self.interpolate_range_avx::<W>(grid, range, out) };
                    return;
                }
            }
            // SAFETY: `out` holds one value per point, and the points of `range` are this task's own.
            unsafe { self.interpolate_range::<W>(grid, range, out) };
        });
    }

    /// `interpolate_range` in AVX registers. AVX has no fused multiply-add,
    /// so every sum rounds exactly as in the SSE2 build: the same bits.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx")]
    unsafe fn interpolate_range_avx<const W: usize>(&self, grid: &[Complex<T>], range: Range<usize>, out: SharedMut<Complex<T>>) {
        self.interpolate_range::<W>(grid, range, out)
    }

    /// Interpolates the points of `range` (sorted positions) into `out`
    /// (indexed in the caller's order).
    /// SAFETY: `out` must hold one value per point, and no other thread may
    /// write the outputs of the points in `range`.
    #[inline(always)]
    unsafe fn interpolate_range<const W: usize>(&self, grid: &[Complex<T>], range: Range<usize>, out: SharedMut<Complex<T>>) {
        let [_, n1, n2] = self.grid;
        let kernel = &self.kernel;
        let row = |g0: usize, g1: usize| &grid[(g0 * n1 + g1) * n2..][..n2];
        let wrap = |l: i64, n: usize| l.rem_euclid(n as i64) as usize;
        // `order` is a permutation, so each point writes its own output.
        let store = |p: usize, value: Complex<T>| *out.0.add(if self.sorted { self.order[p] } else { p }) = value;
        match self.active {
            1 => {
                // The kernel values of a block of points first, then their
                // sums: the grid reads (random for unsorted points) then sit
                // in one short loop, where the CPU keeps many misses in flight.
                const BLOCK: usize = 4 * POINT_BLOCK;
                let line = row(0, 0);
                let mut values = [(0i64, [T::zero(); W]); BLOCK];
                let end = range.end;
                for start in range.step_by(BLOCK) {
                    let stop = (start + BLOCK).min(end);
                    let us = &self.coords[start..stop];
                    let whole = us.len() / POINT_BLOCK * POINT_BLOCK;
                    for (v, u) in values.chunks_exact_mut(POINT_BLOCK).zip(us[..whole].chunks_exact(POINT_BLOCK)) {
                        v.copy_from_slice(&kernel.values_block::<W, POINT_BLOCK>(u.try_into().expect("a block of points")));
                    }
                    for (v, &u) in values[whole..].iter_mut().zip(&us[whole..]) {
                        *v = kernel.values::<W>(u);
                    }
                    for (p, (l, k)) in (start..stop).zip(&values) {
                        store(p, dot_periodic(line, *l, k));
                    }
                }
            }
            2 => {
                for p in range {
                    let u = &self.coords[2 * p..][..2];
                    let [(l1, k1), (l2, k2)] = kernel.values_block::<W, 2>([u[0], u[1]]);
                    let mut sum = Complex::new(T::zero(), T::zero());
                    for (i1, &k) in k1.iter().enumerate() {
                        sum = sum + dot_periodic(row(0, wrap(l1 + i1 as i64, n1)), l2, &k2) * k;
                    }
                    store(p, sum);
                }
            }
            _ => {
                for p in range {
                    let u = &self.coords[3 * p..][..3];
                    let [(l0, k0), (l1, k1), (l2, k2)] = kernel.values_block::<W, 3>([u[0], u[1], u[2]]);
                    let mut sum = Complex::new(T::zero(), T::zero());
                    for (i0, &ka) in k0.iter().enumerate() {
                        let g0 = wrap(l0 + i0 as i64, self.grid[0]);
                        let mut plane = Complex::new(T::zero(), T::zero());
                        for (i1, &kb) in k1.iter().enumerate() {
                            plane = plane + dot_periodic(row(g0, wrap(l1 + i1 as i64, n1)), l2, &k2) * kb;
                        }
                        sum = sum + plane * ka;
                    }
                    store(p, sum);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nufft::kernel::{KernelKind, KernelShape, PiecewisePoly};

    /// Values in [-1, 1) from a fixed LCG, so failures reproduce.
    fn noise(len: usize, seed: u64) -> Vec<f64> {
        let mut s = seed;
        (0..len)
            .map(|_| {
                s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                (s >> 11) as f64 / (1u64 << 52) as f64 - 1.0
            })
            .collect()
    }

    /// Spreads and interpolates through both code paths on points spanning
    /// several periods (so folding, bins and wrapping all take part).
    #[cfg(target_arch = "x86_64")]
    fn check_avx_bits<T: Float, const W: usize>(grid: [usize; 3], active: usize) {
        let shape = KernelShape::new(KernelKind::ExpSemicircle, W, 2.0, None).unwrap();
        let mut spreader = Spreader::<T>::new(grid, active, KernelPoly::new(&PiecewisePoly::fit(&shape, 1e-12)));
        let count = 700;
        let u = noise(count * active, 1);
        spreader.set_points(count, |j, a| 1.5 * grid[3 - active + a] as f64 * u[j * active + a], true).unwrap();
        let complex = |v: Vec<f64>| v.chunks_exact(2).map(|c| Complex::new(T::cast(c[0]), T::cast(c[1]))).collect::<Vec<_>>();
        let bits = |v: &[Complex<T>]| v.iter().map(|c| (c.re.to_f64().unwrap().to_bits(), c.im.to_f64().unwrap().to_bits())).collect::<Vec<_>>();

        let input = complex(noise(2 * count, 2));
        let pass = &spreader.subproblems[..spreader.subproblems.len().min(SUBPROBLEMS_PER_PASS)];
        let sub_len: usize = spreader.sub_shape.iter().product();
        let zero = Complex::new(T::zero(), T::zero());
        let (mut plain, mut avx) = (vec![zero; sub_len * pass.len()], vec![zero; sub_len * pass.len()]);
        // SAFETY: one subgrid per subproblem of the pass; AVX is present (checked by the caller).
        unsafe {
            spreader.spread_range::<W>(pass, 0..pass.len(), &input, SharedMut(plain.as_mut_ptr()), sub_len);
            spreader.spread_range_avx::<W>(pass, 0..pass.len(), &input, SharedMut(avx.as_mut_ptr()), sub_len);
        }
        assert_eq!(bits(&plain), bits(&avx), "spreading, {} axes, width {}", active, W);

        let values = complex(noise(2 * spreader.grid_len(), 3));
        let (mut plain, mut avx) = (vec![zero; count], vec![zero; count]);
        // SAFETY: one output per point, all written here.
        unsafe {
            spreader.interpolate_range::<W>(&values, 0..count, SharedMut(plain.as_mut_ptr()));
            spreader.interpolate_range_avx::<W>(&values, 0..count, SharedMut(avx.as_mut_ptr()));
        }
        assert_eq!(bits(&plain), bits(&avx), "interpolation, {} axes, width {}", active, W);
    }

    #[test]
    fn folding_is_rem_euclid_with_n_taken_to_zero() {
        for n in [1.0, 7.0, 2000.0, 3.0e5] {
            let tiny = f64::MIN_POSITIVE;
            for u in [0.0, -0.0, tiny, -tiny, -1e-17, 0.5 * n, n - n * f64::EPSILON, n, -n, -0.5 * n, 1.5 * n, 2.0 * n, -2.5 * n, 1e9 * n + 0.25, -1e9 * n - 0.25] {
                let want = u.rem_euclid(n);
                let want = if want >= n { 0.0 } else { want };
                let got = fold_periodic(u, n);
                assert!(got.to_bits() == want.to_bits() || (got == 0.0 && want == 0.0), "u {} n {}: {} vs {}", u, n, got, want);
                assert!((0.0..n).contains(&got), "u {} n {}: {}", u, n, got);
            }
        }
    }

    #[test]
    #[cfg(target_arch = "x86_64")]
    fn avx_spreading_and_interpolation_give_the_sse2_bits() {
        if !std::is_x86_feature_detected!("avx") {
            return;
        }
        for (grid, active) in [([1, 1, 300], 1), ([1, 40, 36], 2), ([12, 10, 16], 3)] {
            check_avx_bits::<f64, 7>(grid, active);
            check_avx_bits::<f64, 8>(grid, active);
            check_avx_bits::<f32, 5>(grid, active);
        }
    }
}
