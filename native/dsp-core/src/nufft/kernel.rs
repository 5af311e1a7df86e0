//! The spreading kernels, how their parameters follow from the tolerance, a
//! piecewise-polynomial form for fast evaluation, and their Fourier transforms
//! (for deapodisation).
//!
//! A kernel ψ lives on z ∈ [-1, 1] and is spread over `width` grid points.
//! Rules for width and shape follow FINUFFT's published ones (Barnett, Magland
//! & af Klinteberg 2019): w = ⌈ln(1/ε) / (π √(1 − 1/σ))⌉ and, for the
//! exponential of semicircle, β = 0.97 π (1 − 1/(2σ)) w. Kaiser–Bessel takes
//! Beatty's β = π √((w/σ)² (σ − ½)² − 0.8).

use crate::error::{invalid, DspResult};

/// Widest kernel accepted (in grid points): past it the tolerance is below what f64 can honour.
pub const MAX_WIDTH: usize = 16;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KernelKind {
    /// exp(β(√(1 − z²) − 1)), FINUFFT's "exponential of semicircle".
    ExpSemicircle,
    /// I₀(β √(1 − z²)) / I₀(β).
    KaiserBessel,
}

/// A kernel's shape: kind, width in grid points and β.
#[derive(Debug, Clone)]
pub struct KernelShape {
    pub kind: KernelKind,
    pub width: usize,
    pub beta: f64,
    /// Nodes t and weights for ∫₀¹ f(t) dt (see `semicircle_quadrature`), for the ES transform.
    quadrature: Vec<(f64, f64)>,
}

/// Width for tolerance `eps` at oversampling `sigma`. The rule is applied to
/// eps/10, as FINUFFT does at σ = 2 (w = ⌈log₁₀(10/ε)⌉): errors of the
/// d axes add up, and the rule is an estimate, not a bound.
pub fn width_for(eps: f64, sigma: f64) -> usize {
    let w = ((10.0 / eps).ln() / (std::f64::consts::PI * (1.0 - 1.0 / sigma).sqrt())).ceil();
    (w.max(2.0) as usize).max(2)
}

impl KernelShape {
    /// `beta`: `None` picks the kind's rule for this width and σ.
    pub fn new(kind: KernelKind, width: usize, sigma: f64, beta: Option<f64>) -> DspResult<Self> {
        Self::with_nodes(kind, width, sigma, beta, full_transform_nodes(width))
    }

    /// `new` with `nodes` quadrature nodes for the ES transform.
    fn with_nodes(kind: KernelKind, width: usize, sigma: f64, beta: Option<f64>, nodes: usize) -> DspResult<Self> {
        if !(2..=MAX_WIDTH).contains(&width) {
            return invalid(format!("kernel width {} is outside 2…{}", width, MAX_WIDTH));
        }
        let w = width as f64;
        let beta = match (beta, kind) {
            (Some(b), _) => b,
            (None, KernelKind::ExpSemicircle) => 0.97 * std::f64::consts::PI * (1.0 - 0.5 / sigma) * w,
            (None, KernelKind::KaiserBessel) => {
                let r = (w / sigma).powi(2) * (sigma - 0.5).powi(2) - 0.8;
                std::f64::consts::PI * r.max(0.0).sqrt()
            }
        };
        if !(beta.is_finite() && beta > 0.0 && beta <= 200.0) {
            return invalid(format!("kernel beta {} is outside (0, 200]", beta));
        }
        let quadrature = semicircle_quadrature(nodes);
        Ok(KernelShape { kind, width, beta, quadrature })
    }

    /// `new`, with the ES transform's quadrature cut to the nodes that give
    /// ψ̂ to `target` relative wherever deapodisation reads it (see
    /// `transform_nodes`). A caller's β keeps the full rule.
    pub fn for_target(kind: KernelKind, width: usize, sigma: f64, beta: Option<f64>, target: f64) -> DspResult<Self> {
        let nodes = if kind == KernelKind::ExpSemicircle && beta.is_none() { transform_nodes(width, target) } else { full_transform_nodes(width) };
        Self::with_nodes(kind, width, sigma, beta, nodes)
    }

    /// ψ(z), zero outside [-1, 1].
    pub fn value(&self, z: f64) -> f64 {
        if !(-1.0..=1.0).contains(&z) {
            return 0.0;
        }
        let r = (1.0 - z * z).max(0.0).sqrt();
        match self.kind {
            KernelKind::ExpSemicircle => (self.beta * (r - 1.0)).exp(),
            KernelKind::KaiserBessel => bessel_i0_ratio(self.beta * r, self.beta),
        }
    }

    /// ψ̂(k·step) for k = 0 … count−1, for whole tables of modes. The ES
    /// quadrature steps each node's phase e^{ik·step·t} by one complex
    /// multiplication per mode within a block of `BLOCK` modes; each block
    /// starts from its own seed, the previous block's turned by
    /// e^{i·BLOCK·step·t}, and every `SEED_EVERY`-th seed is exact (sin/cos),
    /// so no phase is more than BLOCK + SEED_EVERY multiplications from an
    /// exact one and rounding cannot build up. Nodes go in groups of `LANES`
    /// whose phases stay in registers while they walk a block of modes, one
    /// partial sum per lane and mode (added in a fixed order), so the loop
    /// vectorises.
    pub fn fourier_series(&self, step: f64, count: usize) -> Vec<f64> {
        const BLOCK: usize = 128;
        const SEED_EVERY: usize = 8;
        match self.kind {
            KernelKind::KaiserBessel => {
                let i0 = bessel_i0(self.beta);
                (0..count).map(|k| kb_transform(k as f64 * step, self.beta) / i0).collect()
            }
            KernelKind::ExpSemicircle => {
                // Per group of nodes: t, the per-mode turn e^{i·step·t}, the
                // weight and the per-block turn e^{i·BLOCK·step·t}. Padding
                // nodes (t = 0) have weight 0 and never contribute.
                let groups: Vec<[[f64; LANES]; 6]> = self
                    .quadrature
                    .chunks(LANES)
                    .map(|chunk| {
                        let mut g = [[0.0; LANES]; 6];
                        for (l, &(t, w)) in chunk.iter().enumerate() {
                            let (sin, cos) = (step * t).sin_cos();
                            let (block_sin, block_cos) = (BLOCK as f64 * step * t).sin_cos();
                            g[0][l] = t;
                            g[1][l] = cos;
                            g[2][l] = sin;
                            g[3][l] = 2.0 * w * self.value(t);
                            g[4][l] = block_cos;
                            g[5][l] = block_sin;
                        }
                        g
                    })
                    .collect();
                let mut seeds = vec![[[0.0; LANES]; 2]; groups.len()];
                let mut out = Vec::with_capacity(count);
                let mut sums = vec![[0.0; LANES]; BLOCK];
                for (b, block) in (0..count).step_by(BLOCK).enumerate() {
                    let len = BLOCK.min(count - block);
                    let sums = &mut sums[..len];
                    sums.fill([0.0; LANES]);
                    for (group, seed) in groups.iter().zip(seeds.iter_mut()) {
                        let [t, _, _, _, turn_re, turn_im] = group;
                        for l in 0..LANES {
                            let (re, im) = if b % SEED_EVERY == 0 {
                                let (sin, cos) = (block as f64 * step * t[l]).sin_cos();
                                (cos, sin)
                            } else {
                                let [re, im] = *seed;
                                (re[l] * turn_re[l] - im[l] * turn_im[l], re[l] * turn_im[l] + im[l] * turn_re[l])
                            };
                            seed[0][l] = re;
                            seed[1][l] = im;
                        }
                        #[cfg(target_arch = "x86_64")]
                        {
                            if std::is_x86_feature_detected!("avx") {
                                // SAFETY: the CPU has AVX (checked just above).
                                unsafe { walk_modes_avx(group, seed, sums) };
                                continue;
                            }
                        }
                        walk_modes(group, seed, sums);
                    }
                    out.extend(sums.iter().map(|s| ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]))));
                }
                out
            }
        }
    }

    /// ψ̂(ξ) = ∫₋₁¹ ψ(t) cos(ξ t) dt.
    pub fn fourier(&self, xi: f64) -> f64 {
        match self.kind {
            KernelKind::ExpSemicircle => {
                2.0 * self.quadrature.iter().map(|&(t, wt)| wt * self.value(t) * (xi * t).cos()).sum::<f64>()
            }
            KernelKind::KaiserBessel => kb_transform(xi, self.beta) / bessel_i0(self.beta),
        }
    }

    /// Deapodisation factors for the modes `k` of a grid of `fine` points:
    /// (2/w) / ψ̂(k w π / fine), the per-axis factor that turns spread-and-FFT
    /// values into Fourier coefficients.
    pub fn deapodisation(&self, k: f64, fine: usize) -> f64 {
        let w = self.width as f64;
        (2.0 / w) / self.fourier(k * w * std::f64::consts::PI / fine as f64)
    }
}

/// Nodes per group in `fourier_series` (one partial sum per lane and mode).
const LANES: usize = 8;

/// One group of nodes ([t, turn re, turn im, weight, …] per lane) walks the
/// modes of `sums` from `seed` (each lane's e^{ik·step·t} at the block's
/// first mode k, re then im), turned by one complex multiplication per mode.
#[inline(always)]
fn walk_modes(group: &[[f64; LANES]; 6], seed: &[[f64; LANES]; 2], sums: &mut [[f64; LANES]]) {
    let [_, turn_re, turn_im, weight, _, _] = group;
    let [mut re, mut im] = *seed;
    for sum in sums.iter_mut() {
        for l in 0..LANES {
            sum[l] += weight[l] * re[l];
            let next = re[l] * turn_re[l] - im[l] * turn_im[l];
            im[l] = re[l] * turn_im[l] + im[l] * turn_re[l];
            re[l] = next;
        }
    }
}

/// `walk_modes` in AVX registers (four lanes per instruction instead of
/// SSE2's two). AVX has no fused multiply-add, so every lane computes the
/// same roundings in the same order: the same bits as the SSE2 path.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx")]
unsafe fn walk_modes_avx(group: &[[f64; LANES]; 6], seed: &[[f64; LANES]; 2], sums: &mut [[f64; LANES]]) {
    walk_modes(group, seed, sums)
}

/// ∫₋₁¹ I₀(β√(1−t²)) cos(ξt) dt = 2 sinh(√(β²−ξ²))/√(β²−ξ²) (the sin form past ξ = β).
fn kb_transform(xi: f64, beta: f64) -> f64 {
    let d = beta * beta - xi * xi;
    if d.abs() < 1e-12 {
        2.0
    } else if d > 0.0 {
        let r = d.sqrt();
        2.0 * r.sinh() / r
    } else {
        let r = (-d).sqrt();
        2.0 * r.sin() / r
    }
}

/// I₀(x) by its power series (x ≤ 200 here; terms are positive, so no cancellation).
pub fn bessel_i0(x: f64) -> f64 {
    let q = 0.25 * x * x;
    let (mut term, mut sum, mut k) = (1.0f64, 1.0f64, 1.0f64);
    while term > sum * 1e-17 {
        term *= q / (k * k);
        sum += term;
        k += 1.0;
    }
    sum
}

/// I₀(x)/I₀(b) without overflow for large arguments.
fn bessel_i0_ratio(x: f64, b: f64) -> f64 {
    bessel_i0(x) / bessel_i0(b)
}

/// Nodes of the θ rule (`semicircle_quadrature`) that reach rounding for
/// every width and σ (see there).
fn full_transform_nodes(width: usize) -> usize {
    2 * width + 14
}

/// Nodes of the θ rule (`semicircle_quadrature`) that give the default ES
/// kernel's ψ̂(ξ) to `target` relative for every ξ ≤ wπ/(2σ) (the largest
/// ξ deapodisation reads: mode N/2 on a grid of σN) and σ in 1.25…4. Fitted
/// to a scan of the counts needed (σ = 1.25 needs the most: 7 nodes at w = 2
/// and 23 at w = 16 for 1e-5, 12 and 30 for 1e-11), with two nodes of
/// margin, and rounded up to whole groups of `LANES` (the same cost);
/// `es_transform_nodes_meet_their_target` checks it. Below 1e-11 it is the
/// full 2w + 14 (rounding of ψ̂ itself, ≈ 1e-15 of ψ̂(0)).
fn transform_nodes(width: usize, target: f64) -> usize {
    let full = full_transform_nodes(width);
    if !(target >= 1e-11) {
        return full;
    }
    let needed = (1.3 * width as f64 + 1.1 * (1.0 / target).log10()).ceil() as usize + 2;
    let groups = (needed + LANES - 1) / LANES;
    (groups * LANES).min(full)
}

/// Nodes t and weights for ∫₀¹ f(t) dt when f has the semicircle's
/// square-root edge at t = 1: Gauss–Legendre in θ after t = sin θ, so the
/// weights carry the Jacobian cos θ. The substituted integrand of the ES
/// kernel is smooth, so the rule converges exponentially: 2w + 14 nodes
/// reach rounding (≈1e-15 of ψ̂(0)) for every width and σ the plans use,
/// where plain Gauss–Legendre in t stalls near ψ(1) (measured).
fn semicircle_quadrature(n: usize) -> Vec<(f64, f64)> {
    let half_pi = std::f64::consts::FRAC_PI_2;
    gauss_legendre_01(n)
        .into_iter()
        .map(|(x, w)| {
            let theta = half_pi * x;
            (theta.sin(), half_pi * w * theta.cos())
        })
        .collect()
}

/// Gauss–Legendre nodes and weights mapped to [0, 1] (Newton on Legendre polynomials).
pub fn gauss_legendre_01(n: usize) -> Vec<(f64, f64)> {
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let mut x = (std::f64::consts::PI * (i as f64 + 0.75) / (n as f64 + 0.5)).cos();
        let mut dp = 1.0;
        for _ in 0..100 {
            let (mut p0, mut p1) = (1.0f64, x);
            for k in 2..=n {
                let kf = k as f64;
                let p2 = ((2.0 * kf - 1.0) * x * p1 - (kf - 1.0) * p0) / kf;
                p0 = p1;
                p1 = p2;
            }
            let pn = if n == 0 { 1.0 } else { p1 };
            let pn1 = if n == 0 { 0.0 } else { p0 };
            dp = n as f64 * (x * pn - pn1) / (x * x - 1.0);
            let dx = pn / dp;
            x -= dx;
            if dx.abs() < 1e-16 {
                break;
            }
        }
        let w = 2.0 / ((1.0 - x * x) * dp * dp);
        out.push((0.5 * (x + 1.0), 0.5 * w));
    }
    out
}

/// The kernel as `width` polynomials in s ∈ [-1, 1], one per grid point it
/// touches: for a point whose left-most grid neighbour sits `t ∈ [0, 1)` grid
/// units right of its support's start, grid point i gets
/// ψ((2(i + t) − w)/w) = poly_i(2t − 1). Evaluated by Horner across all i at
/// once (the coefficients are stored degree-major so that loop vectorises).
#[derive(Debug, Clone)]
pub struct PiecewisePoly {
    pub width: usize,
    pub degree: usize,
    /// coeffs[d * width + i]: coefficient of s^d in poly_i.
    pub coeffs: Vec<f64>,
}

impl PiecewisePoly {
    /// Fits each piece by Chebyshev interpolation, raising the degree until
    /// the fit matches ψ to `target` (relative to ψ(0) = 1) between the nodes.
    /// The end pieces meet ψ's square-root singularity at z = ±1, where no
    /// degree does better than a fraction of ψ(±1) — the size of the kernel's
    /// own truncation, which the width rule already keeps below ε.
    pub fn fit(shape: &KernelShape, target: f64) -> Self {
        let w = shape.width;
        let target = target.max(0.3 * shape.value(1.0));
        let mut degree = w + 2;
        loop {
            let poly = Self::fit_degree(shape, degree);
            if degree >= 28 || poly.max_error(shape) <= target {
                return poly;
            }
            degree += 2;
        }
    }

    /// `fit`, remembered: the fit depends only on the kernel and the target,
    /// and costs more than planning a small transform (≈ 0.05–0.1 ms), so
    /// plans made again for the same kernel reuse it. Holds the last
    /// `FIT_CACHE_SIZE` distinct fits.
    pub fn fit_cached(shape: &KernelShape, target: f64) -> Self {
        use std::sync::Mutex;
        type Key = (KernelKind, usize, u64, u64);
        static FITS: Mutex<Vec<(Key, PiecewisePoly)>> = Mutex::new(Vec::new());
        const FIT_CACHE_SIZE: usize = 32;
        let key = (shape.kind, shape.width, shape.beta.to_bits(), target.to_bits());
        // A panic while fitting leaves the list as it was, so poisoning is ignored.
        if let Some((_, poly)) = FITS.lock().unwrap_or_else(|e| e.into_inner()).iter().find(|(k, _)| *k == key) {
            return poly.clone();
        }
        let poly = Self::fit(shape, target);
        let mut fits = FITS.lock().unwrap_or_else(|e| e.into_inner());
        if fits.len() == FIT_CACHE_SIZE {
            fits.remove(0);
        }
        fits.push((key, poly.clone()));
        poly
    }

    fn fit_degree(shape: &KernelShape, degree: usize) -> Self {
        let w = shape.width;
        let n = degree + 1;
        let mut coeffs = vec![0.0; n * w];
        for i in 0..w {
            let f = |s: f64| shape.value((2.0 * i as f64 + 1.0 + s - w as f64) / w as f64);
            // Chebyshev coefficients from values at the Chebyshev points of the first kind.
            let nodes: Vec<f64> = (0..n).map(|j| (std::f64::consts::PI * (j as f64 + 0.5) / n as f64).cos()).collect();
            let vals: Vec<f64> = nodes.iter().map(|&s| f(s)).collect();
            let cheb: Vec<f64> = (0..n)
                .map(|k| {
                    let sum: f64 = (0..n).map(|j| vals[j] * (std::f64::consts::PI * k as f64 * (j as f64 + 0.5) / n as f64).cos()).sum();
                    sum * if k == 0 { 1.0 / n as f64 } else { 2.0 / n as f64 }
                })
                .collect();
            // Monomial coefficients: T_{k+1} = 2s T_k − T_{k−1}.
            let mut t_prev = vec![0.0; n];
            let mut t_cur = vec![0.0; n];
            t_prev[0] = 1.0;
            if n > 1 {
                t_cur[1] = 1.0;
            }
            let mut mono = vec![0.0; n];
            for (k, &c) in cheb.iter().enumerate() {
                let t = if k == 0 { &t_prev } else { &t_cur };
                for d in 0..n {
                    mono[d] += c * t[d];
                }
                if k >= 1 && k + 1 < n {
                    let mut next = vec![0.0; n];
                    for d in 0..n {
                        if d >= 1 {
                            next[d] += 2.0 * t_cur[d - 1];
                        }
                        next[d] -= t_prev[d];
                    }
                    t_prev = std::mem::replace(&mut t_cur, next);
                }
            }
            for d in 0..n {
                coeffs[d * w + i] = mono[d];
            }
        }
        PiecewisePoly { width: w, degree, coeffs }
    }

    /// Evaluates all pieces at s into `out[..width]`.
    #[inline]
    pub fn eval(&self, s: f64, out: &mut [f64]) {
        let w = self.width;
        let top = &self.coeffs[self.degree * w..][..w];
        out[..w].copy_from_slice(top);
        for d in (0..self.degree).rev() {
            let c = &self.coeffs[d * w..][..w];
            for i in 0..w {
                out[i] = out[i] * s + c[i];
            }
        }
    }

    fn max_error(&self, shape: &KernelShape) -> f64 {
        let w = self.width;
        let mut vals = vec![0.0; w];
        let mut worst = 0.0f64;
        for step in 0..=200 {
            let s = -1.0 + 2.0 * step as f64 / 200.0;
            self.eval(s, &mut vals);
            for (i, v) in vals.iter().enumerate() {
                let exact = shape.value((2.0 * i as f64 + 1.0 + s - w as f64) / w as f64);
                worst = worst.max((v - exact).abs());
            }
        }
        worst
    }
}

/// Smallest even n ≥ `target` whose only prime factors are 2, 3 and 5 (fast FFT sizes).
pub fn next_smooth_even(target: usize) -> usize {
    let mut n = target.max(2);
    if n % 2 == 1 {
        n += 1;
    }
    loop {
        let mut m = n;
        for p in [2, 3, 5] {
            while m % p == 0 {
                m /= p;
            }
        }
        if m == 1 {
            return n;
        }
        n += 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gauss_legendre_integrates_polynomials_exactly() {
        let q = gauss_legendre_01(12);
        for deg in 0..23 {
            let s: f64 = q.iter().map(|&(t, w)| w * t.powi(deg)).sum();
            assert!((s - 1.0 / (deg as f64 + 1.0)).abs() < 1e-15, "degree {}", deg);
        }
    }

    #[test]
    fn kb_transform_matches_quadrature() {
        let kb = KernelShape::new(KernelKind::KaiserBessel, 8, 2.0, None).unwrap();
        let q = gauss_legendre_01(200);
        for xi in [0.0, 1.0, 5.0, 10.0, 20.0, 40.0] {
            let num = 2.0 * q.iter().map(|&(t, w)| w * kb.value(t) * (xi * t).cos()).sum::<f64>();
            assert!((num - kb.fourier(xi)).abs() < 1e-13 * kb.fourier(0.0), "xi {}", xi);
        }
    }

    #[test]
    fn piecewise_polynomial_matches_the_kernel() {
        for kind in [KernelKind::ExpSemicircle, KernelKind::KaiserBessel] {
            for w in [2, 5, 8, 13, 16] {
                let shape = KernelShape::new(kind, w, 2.0, None).unwrap();
                let poly = PiecewisePoly::fit(&shape, 1e-15);
                let err = poly.max_error(&shape);
                println!("{:?} w {} degree {} err {:e} edge {:e}", kind, w, poly.degree, err, shape.value(1.0));
                // Near z = ±1 the kernel has a square-root singularity of size ψ(1): the fit
                // there is as good as the kernel's own truncation, far below the tolerance.
                assert!(err < 1e-14_f64.max(0.3 * shape.value(1.0)), "{:?} w {} degree {} err {}", kind, w, poly.degree, err);
            }
        }
    }

    #[test]
    fn cached_fits_are_the_fits_of_their_own_kernel() {
        for _ in 0..2 {
            for kind in [KernelKind::ExpSemicircle, KernelKind::KaiserBessel] {
                for (w, target) in [(5, 1e-5), (8, 1e-8), (8, 1e-11), (11, 1e-11)] {
                    let shape = KernelShape::new(kind, w, 2.0, None).unwrap();
                    let (cached, fresh) = (PiecewisePoly::fit_cached(&shape, target), PiecewisePoly::fit(&shape, target));
                    assert_eq!((cached.width, cached.degree, &cached.coeffs), (fresh.width, fresh.degree, &fresh.coeffs), "{:?} w {} target {:e}", kind, w, target);
                }
            }
        }
    }

    #[test]
    #[cfg(target_arch = "x86_64")]
    fn avx_walk_gives_the_sse2_bits() {
        if !std::is_x86_feature_detected!("avx") {
            return;
        }
        let shape = KernelShape::new(KernelKind::ExpSemicircle, 8, 2.0, None).unwrap();
        let mut group = [[0.0; LANES]; 6];
        let mut seed = [[0.0; LANES]; 2];
        for (l, &(t, w)) in shape.quadrature.iter().take(LANES).enumerate() {
            group[0][l] = t;
            group[1][l] = (0.01 * t).cos();
            group[2][l] = (0.01 * t).sin();
            group[3][l] = w;
            seed[0][l] = (1.28 * t).cos();
            seed[1][l] = (1.28 * t).sin();
        }
        let (mut plain, mut avx) = (vec![[0.0; LANES]; 128], vec![[0.0; LANES]; 128]);
        walk_modes(&group, &seed, &mut plain);
        // SAFETY: AVX is present (checked above).
        unsafe { walk_modes_avx(&group, &seed, &mut avx) };
        assert_eq!(plain, avx);
    }

    #[test]
    fn fourier_series_matches_pointwise_transforms() {
        for kind in [KernelKind::ExpSemicircle, KernelKind::KaiserBessel] {
            let shape = KernelShape::new(kind, 10, 2.0, None).unwrap();
            let step = 10.0 * std::f64::consts::PI / 2000.0;
            // Past 1024 modes: seeds exact, then turned by blocks, then exact again.
            let table = shape.fourier_series(step, 2500);
            for k in [0, 1, 63, 64, 127, 128, 129, 500, 999, 1023, 1024, 1025, 1151, 1152, 2047, 2048, 2499] {
                let want = shape.fourier(k as f64 * step);
                assert!((table[k] - want).abs() <= 1e-14 * shape.fourier(0.0), "{:?} k {}", kind, k);
            }
        }
    }

    #[test]
    fn es_transform_nodes_meet_their_target() {
        let mut worst = 0.0f64;
        for sigma in [1.25, 1.3, 1.4, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0] {
            for w in 2..=MAX_WIDTH {
                let full = KernelShape::new(KernelKind::ExpSemicircle, w, sigma, None).unwrap();
                // Modes 0 … fine/(2σ) of a grid of 2000 points: ξ up to wπ/(2σ).
                let step = w as f64 * std::f64::consts::PI / 2000.0;
                let count = (2000.0 / (2.0 * sigma)) as usize + 1;
                let reference = full.fourier_series(step, count);
                for target in [1e-3, 3e-5, 1e-5, 1e-6, 3e-8, 1e-8, 1e-9, 1e-10, 3e-11, 1e-11, 1e-12] {
                    let cut = KernelShape::for_target(KernelKind::ExpSemicircle, w, sigma, None, target).unwrap();
                    for (k, (&got, &want)) in cut.fourier_series(step, count).iter().zip(&reference).enumerate() {
                        // The reference itself rounds at ≈ 1e-16 of ψ̂(0).
                        let err = (got - want).abs() / (target * want.abs() + 4e-16 * reference[0]);
                        worst = worst.max(err);
                        assert!(err <= 1.0, "sigma {} w {} target {:e} k {}: {} vs {} ({} nodes)", sigma, w, target, k, got, want, cut.quadrature.len());
                    }
                }
            }
        }
        println!("worst error / allowed {:.2}", worst);
    }

    /// ∫₀¹ f by Gauss–Legendre on panels that halve towards t = 1, where the
    /// semicircle's square root sits: an independent check of the θ rule.
    fn graded_panels(f: impl Fn(f64) -> f64) -> f64 {
        let q = gauss_legendre_01(30);
        let (mut a, mut total) = (0.0, 0.0);
        for _ in 0..45 {
            let b = 0.5 * (a + 1.0);
            total += (b - a) * q.iter().map(|&(t, w)| w * f(a + (b - a) * t)).sum::<f64>();
            a = b;
        }
        total
    }

    #[test]
    fn es_transform_matches_graded_quadrature() {
        for sigma in [1.25, 2.0, 4.0] {
            for w in 2..=MAX_WIDTH {
                let shape = KernelShape::new(KernelKind::ExpSemicircle, w, sigma, None).unwrap();
                let xi_max = w as f64 * std::f64::consts::PI / (2.0 * sigma);
                let scale = shape.fourier(0.0);
                for i in 0..=8 {
                    let xi = xi_max * i as f64 / 8.0;
                    let want = 2.0 * graded_panels(|t| shape.value(t) * (xi * t).cos());
                    let got = shape.fourier(xi);
                    // Past ξ ≈ β the transform is small next to ψ̂(0) and both sums
                    // lose digits to cancellation: bound the error against ψ̂(0).
                    assert!((got - want).abs() <= 1e-14 * scale, "sigma {} w {} xi {}: {} vs {}", sigma, w, xi, got, want);
                }
            }
        }
    }

    #[test]
    fn smooth_sizes() {
        assert_eq!(next_smooth_even(7), 8);
        assert_eq!(next_smooth_even(31), 32);
        assert_eq!(next_smooth_even(34), 36);
        assert_eq!(next_smooth_even(2002), 2048);
    }
}
