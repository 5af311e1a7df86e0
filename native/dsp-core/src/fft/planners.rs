use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use realfft::{ComplexToReal, RealFftPlanner, RealToComplex};
use rustdct::{Dct1, DctPlanner, TransformType2And3, TransformType4};
use num_complex::Complex;
use rustfft::{Fft, FftDirection, FftPlanner};

use crate::Float;

/// Process-wide planners, one set per sample type. Planning (twiddles,
/// algorithm choice) costs far more than a transform, and the planners keep
/// every plan they made, so any later request for the same size is free.
pub trait Planners: Float {
    fn complex_fft(n: usize, direction: FftDirection) -> Arc<dyn Fft<Self>>;
    /// Whether `complex_fft(n, …)` is fastest out of place reading its input
    /// directly (`process_immutable_with_scratch`) rather than copying the
    /// input to the output and transforming there. Both give the same bits
    /// (checked for rustfft over 1…300 and larger sizes, f32 and f64), so this
    /// is a speed choice only. Measured natively (AVX, input and output 16 bytes
    /// apart modulo 4 KiB, as two typed arrays allocated one after the other
    /// are): reading directly wins while a row fits in 16 KiB (f32 n = 1024:
    /// 1.05 vs 1.40 µs, the copy stalls on 4K aliasing) and loses above
    /// (f32 n = 4096: 10.5 vs 7.1 µs; 16384: 85 vs 35 µs). Our wasm simd128
    /// kernel always reads directly: its first pass reads the input.
    fn reads_input_directly(n: usize) -> bool;
    fn real_forward(n: usize) -> Arc<dyn RealToComplex<Self>>;
    fn real_inverse(n: usize) -> Arc<dyn ComplexToReal<Self>>;
    fn dct1(n: usize) -> Arc<dyn Dct1<Self>>;
    // rustdct's own return types: converting them to `dyn Dct2` etc. would be
    // trait upcasting, which rustc 1.63 (the wasm toolchain) does not have.
    fn dct2(n: usize) -> Arc<dyn TransformType2And3<Self>>;
    fn dct3(n: usize) -> Arc<dyn TransformType2And3<Self>>;
    fn dct4(n: usize) -> Arc<dyn TransformType4<Self>>;
    /// Runs `f` on this thread's kept scratch buffer (see `scratch`).
    fn with_scratch_cache<R>(f: impl FnOnce(&mut Vec<Complex<Self>>) -> R) -> R;
}

struct PlannerSet<T: Float> {
    complex: FftPlanner<T>,
    real: RealFftPlanner<T>,
    dct: DctPlanner<T>,
    /// Real FFTs built here on our own complex kernel (see `real_from_half`), by length.
    #[allow(dead_code)]
    own_real: HashMap<usize, (Arc<dyn RealToComplex<T>>, Arc<dyn ComplexToReal<T>>)>,
    /// Our own complex kernels, by length and whether inverse (kept like the
    /// planners keep theirs: one-shot N-D transforms ask for them every call).
    #[allow(dead_code)]
    own_complex: HashMap<(usize, bool), Arc<dyn Fft<T>>>,
}

impl<T: Float> PlannerSet<T> {
    fn new() -> Self {
        PlannerSet { complex: FftPlanner::new(), real: RealFftPlanner::new(), dct: DctPlanner::new(), own_real: HashMap::new(), own_complex: HashMap::new() }
    }
}

fn with<T: Float, R>(cell: &Mutex<Option<PlannerSet<T>>>, f: impl FnOnce(&mut PlannerSet<T>) -> R) -> R {
    // A panic while planning cannot leave a planner half-updated in a way
    // that matters (it only caches finished plans), so poisoning is ignored.
    let mut guard = cell.lock().unwrap_or_else(|e| e.into_inner());
    f(guard.get_or_insert_with(PlannerSet::new))
}

macro_rules! planners_for {
    ($t:ty, $cell:ident, $complex:expr, $direct:expr, $real:expr) => {
        static $cell: Mutex<Option<PlannerSet<$t>>> = Mutex::new(None);
        impl Planners for $t {
            fn with_scratch_cache<R>(f: impl FnOnce(&mut Vec<Complex<$t>>) -> R) -> R {
                thread_local! {
                    static KEPT: RefCell<Vec<Complex<$t>>> = RefCell::new(Vec::new());
                }
                KEPT.with(|kept| f(&mut kept.borrow_mut()))
            }
            fn complex_fft(n: usize, direction: FftDirection) -> Arc<dyn Fft<$t>> {
                let pick: fn(&mut PlannerSet<$t>, usize, FftDirection) -> Arc<dyn Fft<$t>> = $complex;
                with(&$cell, |p| pick(p, n, direction))
            }
            fn reads_input_directly(n: usize) -> bool {
                let direct: fn(usize) -> bool = $direct;
                direct(n)
            }
            fn real_forward(n: usize) -> Arc<dyn RealToComplex<$t>> {
                let pick: fn(&mut PlannerSet<$t>, usize) -> Option<RealPair<$t>> = $real;
                with(&$cell, |p| pick(p, n).map(|pair| pair.0).unwrap_or_else(|| p.real.plan_fft_forward(n)))
            }
            fn real_inverse(n: usize) -> Arc<dyn ComplexToReal<$t>> {
                let pick: fn(&mut PlannerSet<$t>, usize) -> Option<RealPair<$t>> = $real;
                with(&$cell, |p| pick(p, n).map(|pair| pair.1).unwrap_or_else(|| p.real.plan_fft_inverse(n)))
            }
            fn dct1(n: usize) -> Arc<dyn Dct1<$t>> {
                with(&$cell, |p| p.dct.plan_dct1(n))
            }
            fn dct2(n: usize) -> Arc<dyn TransformType2And3<$t>> {
                with(&$cell, |p| p.dct.plan_dct2(n))
            }
            fn dct3(n: usize) -> Arc<dyn TransformType2And3<$t>> {
                with(&$cell, |p| p.dct.plan_dct3(n))
            }
            fn dct4(n: usize) -> Arc<dyn TransformType4<$t>> {
                with(&$cell, |p| p.dct.plan_dct4(n))
            }
        }
    };
}

type RealPair<T> = (Arc<dyn RealToComplex<T>>, Arc<dyn ComplexToReal<T>>);

/// Rows up to this size are transformed reading the input directly (see `Planners::reads_input_directly`).
const DIRECT_READ_MAX_BYTES: usize = 16 * 1024;

planners_for!(f64, PLANNERS_F64, complex_kernel::<f64>, reads_input_directly::<f64>, real_kernel::<f64>);
planners_for!(f32, PLANNERS_F32, complex_kernel::<f32>, reads_input_directly::<f32>, real_kernel::<f32>);

/// The sample types, with (on wasm) the lanes our simd128 kernel runs them in.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
trait KernelScalar: Planners {
    type Lanes: super::simd_fft::Lanes<S = Self> + Send + Sync + 'static;
}
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
impl KernelScalar for f32 {
    type Lanes = super::simd_fft::F32x4;
}
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
impl KernelScalar for f64 {
    type Lanes = super::simd_fft::F64x4;
}
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
trait KernelScalar: Float {}
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
impl<T: Float> KernelScalar for T {}

/// See `Planners::reads_input_directly`.
fn reads_input_directly<T: Float>(n: usize) -> bool {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        if super::simd_fft::handles(n) {
            return true;
        }
    }
    2 * n * std::mem::size_of::<T>() <= DIRECT_READ_MAX_BYTES
}

/// The complex FFT choice: on wasm, our simd128 kernel for the lengths it
/// takes; rustfft's planner otherwise.
fn complex_kernel<T: KernelScalar>(p: &mut PlannerSet<T>, n: usize, d: FftDirection) -> Arc<dyn Fft<T>> {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        let key = (n, d == FftDirection::Inverse);
        if let Some(k) = p.own_complex.get(&key) {
            return k.clone();
        }
        if let Some(k) = super::simd_fft::plan::<T::Lanes>(n, d) {
            p.own_complex.insert(key, k.clone());
            return k;
        }
    }
    p.complex.plan_fft(n, d)
}

/// The real FFT choice: on wasm, even lengths whose half our simd128 kernel
/// takes run through it (realfft would plan rustfft's slower one); `None`
/// leaves the length to realfft.
fn real_kernel<T: KernelScalar>(_p: &mut PlannerSet<T>, _n: usize) -> Option<RealPair<T>> {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        if _n % 2 == 0 && super::simd_fft::handles(_n / 2) {
            let n = _n;
            let pair = _p.own_real.entry(n).or_insert_with(|| {
                let forward = super::simd_fft::plan::<T::Lanes>(n / 2, FftDirection::Forward).expect("the kernel takes n/2");
                let inverse = super::simd_fft::plan::<T::Lanes>(n / 2, FftDirection::Inverse).expect("the kernel takes n/2");
                (
                    Arc::new(super::real_from_half::RealForwardFromHalf::<T::Lanes>::new(n, forward)),
                    Arc::new(super::real_from_half::RealInverseFromHalf::<T::Lanes>::new(n, inverse)),
                )
            });
            return Some(pair.clone());
        }
    }
    None
}
