//! NUFFT plans of types 1, 2 and 3 in 1–3 dimensions.
//!
//! Type 1 is spread → FFT → deapodise; type 2 is its transpose (deapodise →
//! FFT → interpolate) and runs the same matrices in reverse order, so each
//! type's `adjoint` is the other's pipeline with the opposite sign: the exact
//! transpose, not an approximation of it. Type 3 spreads the (pre-phased)
//! strengths onto a grid sized from the points' and targets' extents, then runs
//! a type 2 of that grid at the rescaled targets (FINUFFT's scheme).

use num_complex::Complex;

use super::kernel::{next_smooth_even, width_for, KernelKind, KernelShape, PiecewisePoly, MAX_WIDTH};
use super::spread::{KernelPoly, Spreader};
use crate::error::{invalid, try_zeroed, DspResult};
use crate::fft::{as_complex, as_complex_mut, Planners};
use crate::parallel::Threads;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NufftType {
    /// Non-uniform points → uniform modes.
    One,
    /// Uniform modes → non-uniform points.
    Two,
    /// Non-uniform points → non-uniform frequencies.
    Three,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModeOrder {
    /// k = −⌊N/2⌋ … ⌈N/2⌉ − 1.
    Centered,
    /// k = 0 … ⌈N/2⌉ − 1, then −⌊N/2⌋ … −1 (numpy.fft order).
    Fft,
}

#[derive(Debug, Clone, Copy)]
pub struct NufftOptions {
    pub eps: f64,
    /// Sign of the exponent: +1 or −1.
    pub isign: i32,
    pub kernel: KernelKind,
    /// Oversampling; `None` picks 2. Exactly 1 (types 1 and 2) means points on the grid, taken by the plain FFT.
    pub sigma: Option<f64>,
    /// Kernel half-width m (width 2m); `None` picks the width from `eps`.
    pub half_width: Option<usize>,
    /// Kaiser–Bessel (or ES) β; `None` uses the kernel's rule.
    pub beta: Option<f64>,
    pub mode_order: ModeOrder,
}

/// Smallest tolerance honoured in f64, and in f32 (where the FFT's and the
/// spreading's rounding, ≈ 1e-7 relative, sets the floor).
pub const EPS_FLOOR_F64: f64 = 1e-14;
pub const EPS_FLOOR_F32: f64 = 1e-5;
/// Largest 1-D fine grid (cells) that type 2 interpolates from unsorted
/// points: 4 MiB in f64, which stays in cache. Measured (Rust, one thread):
/// M = N = 1e5 (2·10⁵ cells) set_points 2.6 → 1.0 ms, execute within the noise;
/// M = N = 1e6 (2·10⁶ cells) execute ≈ 150 → 440 ms unsorted, so it sorts.
const UNSORTED_MAX_CELLS: usize = 1 << 18;
/// Largest fine grid (cells) a plan may make.
const MAX_GRID_CELLS: usize = 1 << 31;

/// The kernel a plan spreads with, or none on the grid (σ = 1).
struct KernelChoice {
    shape: Option<KernelShape>,
    poly: PiecewisePoly,
    sigma: f64,
}

fn choose_kernel(opts: &NufftOptions, f32_precision: bool) -> DspResult<KernelChoice> {
    let floor = if f32_precision { EPS_FLOOR_F32 } else { EPS_FLOOR_F64 };
    if !(opts.eps.is_finite() && opts.eps > 0.0) {
        return invalid(format!("eps must be a positive number, got {}", opts.eps));
    }
    if opts.eps < floor {
        return invalid(format!("eps {:e} is below what {} can honour ({:e})", opts.eps, if f32_precision { "f32" } else { "f64" }, floor));
    }
    if opts.isign != 1 && opts.isign != -1 {
        return invalid(format!("isign must be +1 or -1, got {}", opts.isign));
    }
    let sigma = opts.sigma.unwrap_or(2.0);
    if sigma == 1.0 {
        return Ok(KernelChoice { shape: None, poly: PiecewisePoly { width: 1, degree: 0, coeffs: vec![1.0] }, sigma });
    }
    if !(1.25..=4.0).contains(&sigma) {
        return invalid(format!("sigma must be 1 (points on the grid) or in 1.25…4, got {}", sigma));
    }
    let width = match opts.half_width {
        Some(m) => {
            if m == 0 || 2 * m > MAX_WIDTH {
                return invalid(format!("half-width m must be in 1…{}, got {}", MAX_WIDTH / 2, m));
            }
            2 * m
        }
        None => {
            let w = width_for(opts.eps, sigma);
            if w > MAX_WIDTH {
                return invalid(format!("eps {:e} needs a kernel wider than {} points at sigma {}; use a larger sigma or eps", opts.eps, MAX_WIDTH, sigma));
            }
            w
        }
    };
    // The kernel's polynomial and its transform (the deapodisation factors)
    // each to a hundredth of eps, so that together they stay well inside it.
    let target = (opts.eps * 1e-2).max(1e-15);
    let shape = KernelShape::for_target(opts.kernel, width, sigma, opts.beta, target)?;
    let poly = PiecewisePoly::fit_cached(&shape, target);
    Ok(KernelChoice { shape: Some(shape), poly, sigma })
}

/// ψ̂ factors (2/w)/ψ̂(k w π / fine) for k = 0 … count−1 (the kernel is even).
fn deapodisation_table(shape: &KernelShape, fine: usize, count: usize) -> Vec<f64> {
    let w = shape.width as f64;
    shape.fourier_series(w * std::f64::consts::PI / fine as f64, count).into_iter().map(|f| (2.0 / w) / f).collect()
}

/// Modes on a fine grid, per user axis. The mode positions fall in two runs
/// that are contiguous on the fine grid too (negative modes wrap to its end),
/// and the factors depend on |k| only, so neither a per-mode index nor a
/// per-mode factor is stored.
struct ModeAxis<T> {
    /// Each run: (first mode position, length, fine-grid index of its first mode).
    /// The run at fine index 0 holds k = 0 … len − 1; the other (it starts
    /// past fine/2 > 0) holds k = −len … −1.
    runs: [(usize, usize, usize); 2],
    /// by_abs_k[|k|]: mode k's deapodisation factor (1 on the grid path).
    by_abs_k: Vec<T>,
}

impl<T: Planners> ModeAxis<T> {
    fn new(n: usize, fine: usize, order: ModeOrder, shape: Option<&KernelShape>) -> Self {
        // k = −half … −1 and 0 … n − half − 1 (|k| ≤ half either way).
        let half = n / 2;
        let runs = match order {
            ModeOrder::Centered => [(0, half, fine - half), (half, n - half, 0)],
            ModeOrder::Fft => [(0, n - half, 0), (n - half, half, fine - half)],
        };
        let by_abs_k = match shape {
            None => vec![T::one(); half + 1],
            Some(shape) => deapodisation_table(shape, fine, half + 1).into_iter().map(T::cast).collect(),
        };
        ModeAxis { runs, by_abs_k }
    }

    /// The axis of a storage dimension the transform does not use: one mode at index 0.
    fn unit() -> Self {
        ModeAxis { runs: [(0, 1, 0), (1, 0, 0)], by_abs_k: vec![T::one()] }
    }

    fn len(&self) -> usize {
        self.runs[0].1 + self.runs[1].1
    }

    /// Calls `visit(mode position, fine-grid index, factor)` for every mode, in position order.
    #[inline(always)]
    fn for_each(&self, mut visit: impl FnMut(usize, usize, T)) {
        for &(pos, len, g) in &self.runs {
            if g == 0 {
                for (j, &f) in self.by_abs_k[..len].iter().enumerate() {
                    visit(pos + j, j, f);
                }
            } else {
                for (j, &f) in self.by_abs_k[1..=len].iter().rev().enumerate() {
                    visit(pos + j, g + j, f);
                }
            }
        }
    }
}

/// Spread/interpolate + FFT + deapodise between M points and a box of modes.
struct UniformStage<T: Planners> {
    modes: Vec<usize>,
    fine: Vec<usize>,
    spreader: Spreader<T>,
    axes: Vec<ModeAxis<T>>,
    grid: Vec<Complex<T>>,
}

impl<T: Planners> UniformStage<T> {
    fn new(modes: &[usize], choice: &KernelChoice, order: ModeOrder) -> DspResult<Self> {
        let dim = modes.len();
        let width = choice.poly.width;
        let mut fine = Vec::with_capacity(dim);
        for &n in modes {
            fine.push(if choice.shape.is_none() {
                n
            } else {
                next_smooth_even(((choice.sigma * n as f64).ceil() as usize).max(2 * width))
            });
        }
        let cells = fine.iter().try_fold(1usize, |acc, &f| acc.checked_mul(f)).filter(|&c| c <= MAX_GRID_CELLS);
        if cells.is_none() {
            return invalid(format!("the fine grid {:?} for modes {:?} is too large", fine, modes));
        }
        let mut grid3 = [1usize; 3];
        grid3[3 - dim..].copy_from_slice(&fine);
        let kernel = if choice.shape.is_none() { KernelPoly::delta() } else { KernelPoly::new(&choice.poly) };
        let axes = modes.iter().zip(&fine).map(|(&n, &f)| ModeAxis::new(n, f, order, choice.shape.as_ref())).collect();
        Ok(UniformStage { modes: modes.to_vec(), fine: fine.clone(), spreader: Spreader::new(grid3, dim, kernel), axes, grid: Vec::new() })
    }

    fn mode_count(&self) -> usize {
        self.modes.iter().product()
    }

    /// `coord(j, d)`: point j's coordinate on axis d in radians (period 2π).
    /// `sort`: sort the points now, or leave it to the first spread (see `Spreader::set_points`).
    fn set_points(&mut self, count: usize, coord: impl Fn(usize, usize) -> f64, sort: bool) -> DspResult<()> {
        let scale: Vec<f64> = self.fine.iter().map(|&f| f as f64 / (2.0 * std::f64::consts::PI)).collect();
        self.spreader.set_points(count, |j, d| coord(j, d) * scale[d], sort)
    }

    fn ensure_grid(&mut self) -> DspResult<()> {
        if self.grid.len() != self.spreader.grid_len() {
            self.grid = try_zeroed(self.spreader.grid_len())?;
        }
        Ok(())
    }

    fn fft(&mut self, sign: i32, threads: Threads) -> DspResult<()> {
        let axes: Vec<usize> = (0..self.fine.len()).collect();
        let data = as_scalars_mut(&mut self.grid);
        crate::fft::c2c_in_place(&self.fine, &axes, sign > 0, data, threads)
    }

    /// Visits every mode position (row-major, last axis fastest) with its grid index and factor.
    fn for_each_mode(&self, mut visit: impl FnMut(usize, usize, T)) {
        let dim = self.modes.len();
        let unit = ModeAxis::unit();
        let mut axes = [&unit, &unit, &unit];
        let mut fine = [1usize; 3];
        for d in 0..dim {
            axes[3 - dim + d] = &self.axes[d];
            fine[3 - dim + d] = self.fine[d];
        }
        let (n1, n2) = (axes[1].len(), axes[2].len());
        axes[0].for_each(|i0, g0, f0| {
            axes[1].for_each(|i1, g1, f1| {
                let row = (g0 * fine[1] + g1) * fine[2];
                let pos = (i0 * n1 + i1) * n2;
                let f01 = f0 * f1;
                axes[2].for_each(|i2, g2, f2| visit(pos + i2, row + g2, f01 * f2));
            })
        });
    }

    /// Type 1: modes = Σ_j c_j e^{sign i k·x_j}.
    fn points_to_modes(&mut self, sign: i32, input: &[Complex<T>], output: &mut [Complex<T>], threads: Threads) -> DspResult<()> {
        self.ensure_grid()?;
        self.spreader.ensure_sorted()?;
        self.spreader.spread(input, &mut self.grid, threads)?;
        self.fft(sign, threads)?;
        let grid = &self.grid;
        self.for_each_mode(|pos, g, factor| output[pos] = grid[g] * factor);
        Ok(())
    }

    /// Type 2: c_j = Σ_k modes_k e^{sign i k·x_j}.
    fn modes_to_points(&mut self, sign: i32, input: &[Complex<T>], output: &mut [Complex<T>], threads: Threads) -> DspResult<()> {
        self.ensure_grid()?;
        for g in self.grid.iter_mut() {
            *g = Complex::new(T::zero(), T::zero());
        }
        let mut grid = std::mem::take(&mut self.grid);
        self.for_each_mode(|pos, g, factor| grid[g] = input[pos] * factor);
        self.grid = grid;
        self.fft(sign, threads)?;
        self.spreader.interpolate(&self.grid, output, threads);
        Ok(())
    }
}

/// Type 3 state made by `set_points`.
struct Type3Stage<T: Planners> {
    outer: Spreader<T>,
    inner: UniformStage<T>,
    prephase: Vec<Complex<T>>,
    postfactor: Vec<Complex<T>>,
    grid: Vec<Complex<T>>,
    scratch: Vec<Complex<T>>,
}

pub struct NufftPlan<T: Planners> {
    ty: NufftType,
    dim: usize,
    opts: NufftOptions,
    choice: KernelChoice,
    uniform: Option<UniformStage<T>>,
    type3: Option<Type3Stage<T>>,
    n_points: usize,
    n_targets: usize,
    points_set: bool,
}

fn check_finite(what: &str, values: &[f64]) -> DspResult<()> {
    if let Some(i) = values.iter().position(|v| !v.is_finite()) {
        return invalid(format!("{} holds a non-finite value ({}) at index {}", what, values[i], i));
    }
    Ok(())
}

impl<T: Planners> NufftPlan<T> {
    /// `modes`: one extent per dimension (1–3) for types 1 and 2; for type 3 only its length (the dimension) counts.
    pub fn new(ty: NufftType, modes: &[usize], opts: NufftOptions) -> DspResult<Self> {
        let dim = modes.len();
        if !(1..=3).contains(&dim) {
            return invalid(format!("a NUFFT has 1, 2 or 3 dimensions, got {}", dim));
        }
        let f32_precision = std::mem::size_of::<T>() == 4;
        let choice = choose_kernel(&opts, f32_precision)?;
        let uniform = match ty {
            NufftType::Three => {
                if choice.shape.is_none() {
                    return invalid("sigma = 1 (points on the grid) applies to types 1 and 2 only");
                }
                None
            }
            _ => {
                if let Some(&n) = modes.iter().find(|&&n| n == 0) {
                    return invalid(format!("every mode count must be at least 1, got {}", n));
                }
                Some(UniformStage::new(modes, &choice, opts.mode_order)?)
            }
        };
        Ok(NufftPlan { ty, dim, opts, choice, uniform, type3: None, n_points: 0, n_targets: 0, points_set: false })
    }

    pub fn kernel_width(&self) -> usize {
        self.choice.poly.width
    }

    /// Complex values per vector that `execute` reads (`adjoint`: writes).
    pub fn input_len(&self) -> usize {
        match self.ty {
            NufftType::One | NufftType::Three => self.n_points,
            NufftType::Two => self.uniform.as_ref().map_or(0, |u| u.mode_count()),
        }
    }

    /// Complex values per vector that `execute` writes (`adjoint`: reads).
    pub fn output_len(&self) -> usize {
        match self.ty {
            NufftType::One => self.uniform.as_ref().map_or(0, |u| u.mode_count()),
            NufftType::Two => self.n_points,
            NufftType::Three => self.n_targets,
        }
    }

    /// Sets the non-uniform points: `points` holds `dim` coordinate arrays of
    /// `count` values one after the other (x…, y…, z…). Type 3 also takes its
    /// target frequencies the same way in `targets`.
    pub fn set_points(&mut self, points: &[f64], count: usize, targets: &[f64], n_targets: usize) -> DspResult<()> {
        let dim = self.dim;
        if points.len() != dim * count {
            return invalid(format!("points hold {} values, {} dimensions of {} points need {}", points.len(), dim, count, dim * count));
        }
        check_finite("points", points)?;
        self.points_set = false;
        match self.ty {
            NufftType::Three => {
                if targets.len() != dim * n_targets {
                    return invalid(format!("targets hold {} values, {} dimensions of {} targets need {}", targets.len(), dim, n_targets, dim * n_targets));
                }
                check_finite("targets", targets)?;
                self.type3 = None;
                self.type3 = Some(self.make_type3(points, count, targets, n_targets)?);
                self.n_targets = n_targets;
            }
            _ => {
                if !targets.is_empty() {
                    return invalid("only type 3 takes target frequencies");
                }
                let grid_path = self.choice.shape.is_none();
                let stage = self.uniform.as_mut().expect("types 1 and 2 have a uniform stage");
                if grid_path {
                    // σ = 1: every point must sit on the grid, within a phase error of eps.
                    for d in 0..dim {
                        let n = stage.fine[d] as f64;
                        for (j, &x) in points[d * count..][..count].iter().enumerate() {
                            let u = x * n / (2.0 * std::f64::consts::PI);
                            if (u - u.round()).abs() * std::f64::consts::PI > self.opts.eps {
                                return invalid(format!(
                                    "sigma = 1 needs points on the grid 2π·j/{}: point {} on axis {} ({}) is {:e} grid steps off",
                                    stage.fine[d],
                                    j,
                                    d,
                                    x,
                                    (u - u.round()).abs()
                                ));
                            }
                        }
                    }
                }
                // 1-D type 2 on a grid that stays in cache interpolates
                // without sorting; its adjoint sorts on first use.
                let sort = !(dim == 1 && self.ty == NufftType::Two && stage.fine[0] <= UNSORTED_MAX_CELLS);
                stage.set_points(count, |j, d| points[d * count + j], sort)?;
            }
        }
        self.n_points = count;
        self.points_set = true;
        Ok(())
    }

    fn make_type3(&self, points: &[f64], count: usize, targets: &[f64], n_targets: usize) -> DspResult<Type3Stage<T>> {
        let dim = self.dim;
        let shape = self.choice.shape.as_ref().expect("type 3 has a kernel");
        let width = self.choice.poly.width;
        let sigma = self.choice.sigma;
        let pi = std::f64::consts::PI;
        let extent = |v: &[f64]| {
            let (lo, hi) = v.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| (a.min(x), b.max(x)));
            if v.is_empty() {
                (0.0, 0.0)
            } else {
                (0.5 * (hi + lo), 0.5 * (hi - lo))
            }
        };
        let (mut centre, mut half_x, mut freq_centre, mut half_s) = ([0.0; 3], [0.0; 3], [0.0; 3], [0.0; 3]);
        let (mut fine, mut gamma, mut step) = ([0usize; 3], [1.0; 3], [0.0; 3]);
        for d in 0..dim {
            let (c, x) = extent(&points[d * count..][..count]);
            let (s0, s) = extent(&targets[d * n_targets..][..n_targets]);
            centre[d] = c;
            half_x[d] = x;
            freq_centre[d] = s0;
            half_s[d] = s;
            let need = 2.0 * sigma * x * s / pi + width as f64;
            if !(need < MAX_GRID_CELLS as f64) {
                return invalid(format!("type 3 points (half-extent {}) and targets (half-extent {}) need a grid of {:e} cells on axis {}", x, s, need, d));
            }
            fine[d] = next_smooth_even((need.ceil() as usize).max(2 * width));
            let nf = fine[d] as f64;
            gamma[d] = if s > 0.0 {
                nf / (2.0 * sigma * s)
            } else if x > 0.0 {
                x / (pi * (1.0 - width as f64 / nf))
            } else {
                1.0
            };
            step[d] = 2.0 * pi / nf;
        }
        let cells = fine[..dim].iter().try_fold(1usize, |acc, &f| acc.checked_mul(f)).filter(|&c| c <= MAX_GRID_CELLS);
        if cells.is_none() {
            return invalid(format!("type 3 points and targets need a grid of {:?} cells: too large", &fine[..dim]));
        }
        let mut grid3 = [1usize; 3];
        grid3[3 - dim..].copy_from_slice(&fine[..dim]);
        let mut outer = Spreader::new(grid3, dim, KernelPoly::new(&self.choice.poly));
        outer.set_points(count, |j, d| (points[d * count + j] - centre[d]) / gamma[d] / step[d] + 0.5 * fine[d] as f64, true)?;
        let mut inner = UniformStage::new(&fine[..dim], &self.choice, ModeOrder::Centered)?;
        inner.set_points(n_targets, |k, d| (targets[d * n_targets + k] - freq_centre[d]) * gamma[d] * step[d], true)?;
        let sign = self.opts.isign as f64;
        let prephase = (0..count)
            .map(|j| {
                let phase: f64 = (0..dim).map(|d| freq_centre[d] * (points[d * count + j] - centre[d])).sum();
                Complex::new(T::cast((sign * phase).cos()), T::cast((sign * phase).sin()))
            })
            .collect();
        let postfactor = (0..n_targets)
            .map(|k| {
                let mut phase = 0.0;
                let mut factor = 1.0;
                for d in 0..dim {
                    let s = targets[d * n_targets + k];
                    phase += s * centre[d];
                    factor *= shape.deapodisation((s - freq_centre[d]) * gamma[d], fine[d]);
                }
                Complex::new(T::cast(factor * (sign * phase).cos()), T::cast(factor * (sign * phase).sin()))
            })
            .collect();
        Ok(Type3Stage { outer, inner, prephase, postfactor, grid: Vec::new(), scratch: Vec::new() })
    }

    /// Runs the transform (`adjoint`: its exact conjugate transpose) on
    /// `batch` vectors: `input` holds batch × (input or output length) complex
    /// values, interleaved, and `output` the other.
    pub fn execute(&mut self, adjoint: bool, input: &[T], output: &mut [T], batch: usize, threads: Threads) -> DspResult<()> {
        if !self.points_set {
            return invalid("set the points before executing the plan");
        }
        let (n_in, n_out) = if adjoint { (self.output_len(), self.input_len()) } else { (self.input_len(), self.output_len()) };
        if Some(input.len()) != (2 * n_in).checked_mul(batch) || Some(output.len()) != (2 * n_out).checked_mul(batch) {
            return invalid(format!(
                "input/output hold {}/{} scalars; {} vectors need {}/{}",
                input.len(),
                output.len(),
                batch,
                2 * n_in * batch,
                2 * n_out * batch
            ));
        }
        let (input, output) = (as_complex(input), as_complex_mut(output));
        let sign = if adjoint { -self.opts.isign } else { self.opts.isign };
        for b in 0..batch {
            let (i, o) = (&input[b * n_in..][..n_in], &mut output[b * n_out..][..n_out]);
            match (self.ty, adjoint) {
                (NufftType::One, false) | (NufftType::Two, true) => self.uniform.as_mut().expect("uniform stage").points_to_modes(sign, i, o, threads)?,
                (NufftType::Two, false) | (NufftType::One, true) => self.uniform.as_mut().expect("uniform stage").modes_to_points(sign, i, o, threads)?,
                (NufftType::Three, _) => self.type3.as_mut().expect("type 3 stage").run(adjoint, sign, i, o, threads)?,
            }
        }
        crate::fft::finite::check(as_scalars(output))
    }
}

impl<T: Planners> Type3Stage<T> {
    fn run(&mut self, adjoint: bool, sign: i32, input: &[Complex<T>], output: &mut [Complex<T>], threads: Threads) -> DspResult<()> {
        if self.grid.len() != self.outer.grid_len() {
            self.grid = try_zeroed(self.outer.grid_len())?;
        }
        if !adjoint {
            self.scratch.clear();
            self.scratch.extend(input.iter().zip(&self.prephase).map(|(c, p)| c * p));
            self.outer.spread(&self.scratch, &mut self.grid, threads)?;
            self.inner.modes_to_points(sign, &self.grid, output, threads)?;
            for (o, f) in output.iter_mut().zip(&self.postfactor) {
                *o = *o * f;
            }
        } else {
            self.scratch.clear();
            self.scratch.extend(input.iter().zip(&self.postfactor).map(|(c, f)| c * f.conj()));
            self.inner.points_to_modes(sign, &self.scratch, &mut self.grid, threads)?;
            self.outer.interpolate(&self.grid, output, threads);
            for (o, p) in output.iter_mut().zip(&self.prephase) {
                *o = *o * p.conj();
            }
        }
        Ok(())
    }
}

/// Views complex numbers as interleaved scalars.
fn as_scalars<T>(data: &[Complex<T>]) -> &[T] {
    // SAFETY: Complex<T> is #[repr(C)] { re, im }.
    unsafe { std::slice::from_raw_parts(data.as_ptr() as *const T, 2 * data.len()) }
}

fn as_scalars_mut<T>(data: &mut [Complex<T>]) -> &mut [T] {
    // SAFETY: as in `as_scalars`.
    unsafe { std::slice::from_raw_parts_mut(data.as_mut_ptr() as *mut T, 2 * data.len()) }
}
