//! Four lanes of f32 or f64: wasm simd128 where the target has it (one
//! `v128` of f32, two of f64), plain arrays elsewhere so the same kernels run
//! (slowly) in native unit tests. The passes are written once over [`Lanes`].

use std::ops::{Add, Mul, Sub};

/// Four lanes of the scalar `S`, with the loads, stores and shuffles the passes use.
pub trait Lanes: Copy + Add<Output = Self> + Sub<Output = Self> + Mul<Output = Self> {
    type S: Copy;

    /// `x` rounded once to the scalar type.
    fn scalar(x: f64) -> Self::S;

    /// Two vectors from eight consecutive scalars.
    ///
    /// # Safety
    /// `p` must be valid for reading eight scalars (no alignment needed).
    unsafe fn load_pair(p: *const Self::S) -> (Self, Self);

    /// # Safety
    /// `p` must be valid for writing eight scalars (no alignment needed).
    unsafe fn store_pair(p: *mut Self::S, a: Self, b: Self);

    /// # Safety
    /// `p` must be valid for reading one scalar.
    unsafe fn load_splat(p: *const Self::S) -> Self;

    /// `x` (rounded to the scalar type) in every lane.
    fn splat(x: f64) -> Self;

    /// `[a0, a2, b0, b2]`
    fn evens(a: Self, b: Self) -> Self;
    /// `[a1, a3, b1, b3]`
    fn odds(a: Self, b: Self) -> Self;
    /// `[a0, b0, a1, b1]`
    fn zip_low(a: Self, b: Self) -> Self;
    /// `[a2, b2, a3, b3]`
    fn zip_high(a: Self, b: Self) -> Self;
    /// `[a0, a1, b0, b1]`
    fn low_halves(a: Self, b: Self) -> Self;
    /// `[a2, a3, b2, b3]`
    fn high_halves(a: Self, b: Self) -> Self;
    /// `[a3, a2, a1, a0]`
    fn reverse(a: Self) -> Self;
}

/// Transposes four rows of four lanes, so row `i` lane `j` moves to row `j` lane `i`.
#[inline(always)]
pub fn transpose<V: Lanes>(r0: V, r1: V, r2: V, r3: V) -> [V; 4] {
    let (t0, t1) = (V::zip_low(r0, r1), V::zip_high(r0, r1));
    let (t2, t3) = (V::zip_low(r2, r3), V::zip_high(r2, r3));
    [V::low_halves(t0, t2), V::high_halves(t0, t2), V::low_halves(t1, t3), V::high_halves(t1, t3)]
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd {
    use super::Lanes;
    use core::arch::wasm32::*;
    use std::ops::{Add, Mul, Sub};

    /// Four f32 in one `v128`.
    #[derive(Clone, Copy)]
    pub struct F32x4(v128);

    impl Lanes for F32x4 {
        type S = f32;

        #[inline(always)]
        fn scalar(x: f64) -> f32 {
            x as f32
        }

        #[inline(always)]
        unsafe fn load_pair(p: *const f32) -> (Self, Self) {
            let [a, b] = (p as *const [v128; 2]).read_unaligned();
            (F32x4(a), F32x4(b))
        }

        #[inline(always)]
        unsafe fn store_pair(p: *mut f32, a: Self, b: Self) {
            (p as *mut [v128; 2]).write_unaligned([a.0, b.0])
        }

        #[inline(always)]
        unsafe fn load_splat(p: *const f32) -> Self {
            F32x4(v128_load32_splat(p as *const u32))
        }

        #[inline(always)]
        fn splat(x: f64) -> Self {
            F32x4(f32x4_splat(x as f32))
        }

        #[inline(always)]
        fn evens(a: Self, b: Self) -> Self {
            F32x4(u32x4_shuffle::<0, 2, 4, 6>(a.0, b.0))
        }

        #[inline(always)]
        fn odds(a: Self, b: Self) -> Self {
            F32x4(u32x4_shuffle::<1, 3, 5, 7>(a.0, b.0))
        }

        #[inline(always)]
        fn zip_low(a: Self, b: Self) -> Self {
            F32x4(u32x4_shuffle::<0, 4, 1, 5>(a.0, b.0))
        }

        #[inline(always)]
        fn zip_high(a: Self, b: Self) -> Self {
            F32x4(u32x4_shuffle::<2, 6, 3, 7>(a.0, b.0))
        }

        #[inline(always)]
        fn low_halves(a: Self, b: Self) -> Self {
            F32x4(u32x4_shuffle::<0, 1, 4, 5>(a.0, b.0))
        }

        #[inline(always)]
        fn high_halves(a: Self, b: Self) -> Self {
            F32x4(u32x4_shuffle::<2, 3, 6, 7>(a.0, b.0))
        }

        #[inline(always)]
        fn reverse(a: Self) -> Self {
            F32x4(u32x4_shuffle::<3, 2, 1, 0>(a.0, a.0))
        }
    }

    impl Add for F32x4 {
        type Output = Self;
        #[inline(always)]
        fn add(self, o: Self) -> Self {
            F32x4(f32x4_add(self.0, o.0))
        }
    }

    impl Sub for F32x4 {
        type Output = Self;
        #[inline(always)]
        fn sub(self, o: Self) -> Self {
            F32x4(f32x4_sub(self.0, o.0))
        }
    }

    impl Mul for F32x4 {
        type Output = Self;
        #[inline(always)]
        fn mul(self, o: Self) -> Self {
            F32x4(f32x4_mul(self.0, o.0))
        }
    }

    /// Four f64 in two `v128`: lanes 0–1 and 2–3.
    #[derive(Clone, Copy)]
    pub struct F64x4(v128, v128);

    impl Lanes for F64x4 {
        type S = f64;

        #[inline(always)]
        fn scalar(x: f64) -> f64 {
            x
        }

        #[inline(always)]
        unsafe fn load_pair(p: *const f64) -> (Self, Self) {
            let [a, b, c, d] = (p as *const [v128; 4]).read_unaligned();
            (F64x4(a, b), F64x4(c, d))
        }

        #[inline(always)]
        unsafe fn store_pair(p: *mut f64, a: Self, b: Self) {
            (p as *mut [v128; 4]).write_unaligned([a.0, a.1, b.0, b.1])
        }

        #[inline(always)]
        unsafe fn load_splat(p: *const f64) -> Self {
            let v = v128_load64_splat(p as *const u64);
            F64x4(v, v)
        }

        #[inline(always)]
        fn splat(x: f64) -> Self {
            let v = f64x2_splat(x);
            F64x4(v, v)
        }

        #[inline(always)]
        fn evens(a: Self, b: Self) -> Self {
            F64x4(i64x2_shuffle::<0, 2>(a.0, a.1), i64x2_shuffle::<0, 2>(b.0, b.1))
        }

        #[inline(always)]
        fn odds(a: Self, b: Self) -> Self {
            F64x4(i64x2_shuffle::<1, 3>(a.0, a.1), i64x2_shuffle::<1, 3>(b.0, b.1))
        }

        #[inline(always)]
        fn zip_low(a: Self, b: Self) -> Self {
            F64x4(i64x2_shuffle::<0, 2>(a.0, b.0), i64x2_shuffle::<1, 3>(a.0, b.0))
        }

        #[inline(always)]
        fn zip_high(a: Self, b: Self) -> Self {
            F64x4(i64x2_shuffle::<0, 2>(a.1, b.1), i64x2_shuffle::<1, 3>(a.1, b.1))
        }

        #[inline(always)]
        fn low_halves(a: Self, b: Self) -> Self {
            F64x4(a.0, b.0)
        }

        #[inline(always)]
        fn high_halves(a: Self, b: Self) -> Self {
            F64x4(a.1, b.1)
        }

        #[inline(always)]
        fn reverse(a: Self) -> Self {
            F64x4(i64x2_shuffle::<1, 0>(a.1, a.1), i64x2_shuffle::<1, 0>(a.0, a.0))
        }
    }

    impl Add for F64x4 {
        type Output = Self;
        #[inline(always)]
        fn add(self, o: Self) -> Self {
            F64x4(f64x2_add(self.0, o.0), f64x2_add(self.1, o.1))
        }
    }

    impl Sub for F64x4 {
        type Output = Self;
        #[inline(always)]
        fn sub(self, o: Self) -> Self {
            F64x4(f64x2_sub(self.0, o.0), f64x2_sub(self.1, o.1))
        }
    }

    impl Mul for F64x4 {
        type Output = Self;
        #[inline(always)]
        fn mul(self, o: Self) -> Self {
            F64x4(f64x2_mul(self.0, o.0), f64x2_mul(self.1, o.1))
        }
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod simd {
    use super::Lanes;
    use std::ops::{Add, Mul, Sub};

    /// Four lanes as a plain array (native unit tests of the wasm kernel).
    #[derive(Clone, Copy)]
    pub struct Portable<T>([T; 4]);

    pub type F32x4 = Portable<f32>;
    pub type F64x4 = Portable<f64>;

    macro_rules! portable_lanes {
        ($t:ty) => {
            impl Lanes for Portable<$t> {
                type S = $t;

                #[inline(always)]
                fn scalar(x: f64) -> $t {
                    x as $t
                }

                #[inline(always)]
                unsafe fn load_pair(p: *const $t) -> (Self, Self) {
                    let [a, b] = (p as *const [[$t; 4]; 2]).read_unaligned();
                    (Portable(a), Portable(b))
                }

                #[inline(always)]
                unsafe fn store_pair(p: *mut $t, a: Self, b: Self) {
                    (p as *mut [[$t; 4]; 2]).write_unaligned([a.0, b.0])
                }

                #[inline(always)]
                unsafe fn load_splat(p: *const $t) -> Self {
                    Portable([p.read_unaligned(); 4])
                }

                #[inline(always)]
                fn splat(x: f64) -> Self {
                    Portable([x as $t; 4])
                }

                #[inline(always)]
                fn evens(a: Self, b: Self) -> Self {
                    Portable([a.0[0], a.0[2], b.0[0], b.0[2]])
                }

                #[inline(always)]
                fn odds(a: Self, b: Self) -> Self {
                    Portable([a.0[1], a.0[3], b.0[1], b.0[3]])
                }

                #[inline(always)]
                fn zip_low(a: Self, b: Self) -> Self {
                    Portable([a.0[0], b.0[0], a.0[1], b.0[1]])
                }

                #[inline(always)]
                fn zip_high(a: Self, b: Self) -> Self {
                    Portable([a.0[2], b.0[2], a.0[3], b.0[3]])
                }

                #[inline(always)]
                fn low_halves(a: Self, b: Self) -> Self {
                    Portable([a.0[0], a.0[1], b.0[0], b.0[1]])
                }

                #[inline(always)]
                fn high_halves(a: Self, b: Self) -> Self {
                    Portable([a.0[2], a.0[3], b.0[2], b.0[3]])
                }

                #[inline(always)]
                fn reverse(a: Self) -> Self {
                    Portable([a.0[3], a.0[2], a.0[1], a.0[0]])
                }
            }

            impl Add for Portable<$t> {
                type Output = Self;
                #[inline(always)]
                fn add(self, o: Self) -> Self {
                    let (a, b) = (self.0, o.0);
                    Portable([a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]])
                }
            }

            impl Sub for Portable<$t> {
                type Output = Self;
                #[inline(always)]
                fn sub(self, o: Self) -> Self {
                    let (a, b) = (self.0, o.0);
                    Portable([a[0] - b[0], a[1] - b[1], a[2] - b[2], a[3] - b[3]])
                }
            }

            impl Mul for Portable<$t> {
                type Output = Self;
                #[inline(always)]
                fn mul(self, o: Self) -> Self {
                    let (a, b) = (self.0, o.0);
                    Portable([a[0] * b[0], a[1] * b[1], a[2] * b[2], a[3] * b[3]])
                }
            }
        };
    }

    portable_lanes!(f32);
    portable_lanes!(f64);
}

pub use simd::{F32x4, F64x4};
