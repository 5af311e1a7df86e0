mod common;

use common::*;
use dsp_core::fft::{dctn, fftn_c2c, irfftn, rfftn, DctNorm, FftKind, FftPlan};
use dsp_core::DspError;

fn sizes() -> Vec<usize> {
    let mut v: Vec<usize> = (1..=64).collect();
    v.extend_from_slice(&[100, 127, 128, 243, 625, 1000, 1024, 1536, 2187, 4096, 4099]);
    v
}

#[test]
fn c2c_matches_direct_dft_f64_and_f32() {
    for n in sizes() {
        let x = signal(2 * n, n as u64);
        let want = dft(&x, false);
        let mut p = FftPlan::<f64>::new(FftKind::C2c, n).unwrap();
        let mut out = vec![0.0; 2 * n];
        p.execute(false, &x, &mut out, 1, 1.0, 0).unwrap();
        assert!(rel_rms(&out, &want) <= 1e-14, "f64 n={} err={}", n, rel_rms(&out, &want));
        let mut back = vec![0.0; 2 * n];
        p.execute(true, &out, &mut back, 1, 1.0 / n as f64, 0).unwrap();
        assert!(rel_rms(&back, &x) <= 1e-14, "f64 round trip n={}", n);

        let mut p32 = FftPlan::<f32>::new(FftKind::C2c, n).unwrap();
        let mut out32 = vec![0.0f32; 2 * n];
        p32.execute(false, &to_f32(&x), &mut out32, 1, 1.0, 0).unwrap();
        assert!(rel_rms(&from_f32(&out32), &want) <= 1e-6, "f32 n={}", n);
    }
}

#[test]
fn c2c_matches_direct_dft_at_large_awkward_sizes() {
    // Every bin, at sizes the TypeScript tests can only sample.
    for n in [44100usize, 65536] {
        let x = signal(2 * n, n as u64);
        let want = dft(&x, false);
        let mut out = vec![0.0; 2 * n];
        FftPlan::<f64>::new(FftKind::C2c, n).unwrap().execute(false, &x, &mut out, 1, 1.0, 0).unwrap();
        assert!(rel_rms(&out, &want) <= 1e-14, "f64 n={} err={}", n, rel_rms(&out, &want));
        let mut out32 = vec![0.0f32; 2 * n];
        FftPlan::<f32>::new(FftKind::C2c, n).unwrap().execute(false, &to_f32(&x), &mut out32, 1, 1.0, 0).unwrap();
        assert!(rel_rms(&from_f32(&out32), &want) <= 1e-6, "f32 n={}", n);
    }
}

#[test]
fn r2c_is_the_first_half_of_the_complex_dft() {
    for n in sizes() {
        let x = signal(n, 7 + n as u64);
        let xc: Vec<f64> = x.iter().flat_map(|&v| [v, 0.0]).collect();
        let want = dft(&xc, false);
        let h = n / 2 + 1;
        let mut p = FftPlan::<f64>::new(FftKind::R2c, n).unwrap();
        let mut half = vec![0.0; 2 * h];
        p.execute(false, &x, &mut half, 1, 1.0, 0).unwrap();
        assert!(rel_rms(&half, &want[..2 * h]) <= 1e-14, "n={}", n);
        let mut back = vec![0.0; n];
        p.execute(true, &half, &mut back, 1, 1.0 / n as f64, 0).unwrap();
        assert!(rel_rms(&back, &x) <= 1e-14, "round trip n={}", n);
    }
}

#[test]
fn inverse_real_ignores_imaginary_dc_and_nyquist_like_numpy() {
    let n = 8;
    let x = signal(n, 3);
    let mut p = FftPlan::<f64>::new(FftKind::R2c, n).unwrap();
    let mut half = vec![0.0; n + 2];
    p.execute(false, &x, &mut half, 1, 1.0, 0).unwrap();
    half[1] = 5.0; // DC imaginary
    half[n + 1] = -3.0; // Nyquist imaginary
    let mut back = vec![0.0; n];
    p.execute(true, &half, &mut back, 1, 1.0 / n as f64, 0).unwrap();
    assert!(rel_rms(&back, &x) <= 1e-14);
}

#[test]
fn batches_are_identical_for_any_thread_count() {
    let (n, batch) = (512, 257);
    let x = signal(2 * n * batch, 11);
    let mut p = FftPlan::<f64>::new(FftKind::C2c, n).unwrap();
    let mut serial = vec![0.0; x.len()];
    p.execute(false, &x, &mut serial, batch, 1.0, 1).unwrap();
    for threads in [0, 2, 3, 8] {
        let mut par = vec![0.0; x.len()];
        p.execute(false, &x, &mut par, batch, 1.0, threads).unwrap();
        assert!(par.iter().zip(&serial).all(|(a, b)| a.to_bits() == b.to_bits()), "threads={}", threads);
    }
    let want = dft(&x[2 * n * 100..2 * n * 101], false);
    assert!(rel_rms(&serial[2 * n * 100..2 * n * 101], &want) <= 1e-14);
    // In place gives the same bits, serially or split over threads.
    for threads in [1, 0, 2] {
        let mut buf = x.clone();
        p.execute_in_place(false, &mut buf, batch, 1.0, threads).unwrap();
        assert!(buf.iter().zip(&serial).all(|(a, b)| a.to_bits() == b.to_bits()), "in place, threads={}", threads);
    }
}

#[test]
fn nd_transforms_match_separable_direct_dfts() {
    let shape = [6usize, 5, 4];
    let len: usize = shape.iter().product();
    let x = signal(2 * len, 21);
    // Reference: a 1-D direct DFT along each axis in turn.
    let mut want = x.clone();
    for axis in 0..3 {
        let stride: usize = shape[axis + 1..].iter().product();
        let outer: usize = shape[..axis].iter().product();
        let l = shape[axis];
        for o in 0..outer {
            for s in 0..stride {
                let idx = |i: usize| o * l * stride + i * stride + s;
                let line: Vec<f64> = (0..l).flat_map(|i| [want[2 * idx(i)], want[2 * idx(i) + 1]]).collect();
                let t = dft(&line, false);
                for i in 0..l {
                    want[2 * idx(i)] = t[2 * i];
                    want[2 * idx(i) + 1] = t[2 * i + 1];
                }
            }
        }
    }
    for threads in [1, 0, 2] {
        let mut out = vec![0.0; 2 * len];
        fftn_c2c(&shape, &[0, 1, 2], false, 1.0, Some(&x), &mut out, threads).unwrap();
        assert!(rel_rms(&out, &want) <= 1e-14);
    }
    // In place, axes in another order, and back.
    let mut buf = x.clone();
    fftn_c2c(&shape, &[2, 0, 1], false, 1.0, None, &mut buf, 0).unwrap();
    assert!(rel_rms(&buf, &want) <= 1e-14);
    fftn_c2c(&shape, &[0, 1, 2], true, 1.0 / len as f64, None, &mut buf, 0).unwrap();
    assert!(rel_rms(&buf, &x) <= 1e-14);

    // rfftn equals the complex transform cropped to the half spectrum along the last axis.
    let real = signal(len, 22);
    let realc: Vec<f64> = real.iter().flat_map(|&v| [v, 0.0]).collect();
    let mut full = vec![0.0; 2 * len];
    fftn_c2c(&shape, &[0, 1, 2], false, 1.0, Some(&realc), &mut full, 1).unwrap();
    let h = shape[2] / 2 + 1;
    let mut half = vec![0.0; 2 * shape[0] * shape[1] * h];
    rfftn(&shape, &[0, 1, 2], 1.0, &real, &mut half, 0).unwrap();
    for r in 0..shape[0] * shape[1] {
        assert!(rel_rms(&half[2 * r * h..2 * (r + 1) * h], &full[2 * r * shape[2]..2 * (r * shape[2] + h)]) <= 1e-14);
    }
    let mut back = vec![0.0; len];
    irfftn(&shape, &[0, 1, 2], 1.0 / len as f64, &half, &mut back, 0).unwrap();
    assert!(rel_rms(&back, &real) <= 1e-14);
}

#[test]
fn dct_types_match_scipy_definitions_and_invert() {
    for kind in 1..=4u32 {
        // Type 1 needs two points; the others take a single one (an axis of length 1).
        let smallest = if kind == 1 { 2 } else { 1 };
        for n in [1usize, 2, 3, 4, 7, 16, 33, 100].into_iter().filter(|&n| n >= smallest) {
            let x = signal(n, 100 + n as u64 + kind as u64);
            let mut y = vec![0.0; n];
            dctn(kind, DctNorm::Backward, false, &[n], &[0], Some(&x), &mut y, 0).unwrap();
            assert!(rel_rms(&y, &dct(&x, kind)) <= 1e-13, "type {} n={}", kind, n);
            for norm in [DctNorm::Backward, DctNorm::Ortho, DctNorm::Forward] {
                let mut z = vec![0.0; n];
                dctn(kind, norm, false, &[n], &[0], Some(&x), &mut z, 0).unwrap();
                let mut back = vec![0.0; n];
                dctn(kind, norm, true, &[n], &[0], Some(&z), &mut back, 0).unwrap();
                assert!(rel_rms(&back, &x) <= 1e-13, "type {} n={} {:?}", kind, n, norm);
            }
            // Ortho is orthonormal: it keeps the energy.
            let mut o = vec![0.0; n];
            dctn(kind, DctNorm::Ortho, false, &[n], &[0], Some(&x), &mut o, 0).unwrap();
            let (ex, eo): (f64, f64) = (x.iter().map(|v| v * v).sum(), o.iter().map(|v| v * v).sum());
            assert!((ex - eo).abs() <= 1e-12 * ex, "Parseval type {} n={}", kind, n);
        }
    }
}

#[test]
fn non_finite_input_is_refused() {
    let n = 16;
    let mut p = FftPlan::<f32>::new(FftKind::C2c, n).unwrap();
    for bad in [f32::NAN, f32::INFINITY, f32::NEG_INFINITY] {
        for at in 0..2 * n {
            let mut x = to_f32(&signal(2 * n, 1));
            x[at] = bad;
            let mut out = vec![0.0f32; 2 * n];
            assert_eq!(p.execute(false, &x, &mut out, 1, 1.0, 0), Err(DspError::NonFinite), "at {}", at);
        }
    }
}

#[test]
fn bad_sizes_are_errors_not_panics() {
    assert!(matches!(FftPlan::<f64>::new(FftKind::C2c, 0), Err(DspError::InvalidArgument(_))));
    let mut p = FftPlan::<f64>::new(FftKind::C2c, 8).unwrap();
    let mut out = vec![0.0; 16];
    assert!(matches!(p.execute(false, &[0.0; 15], &mut out, 1, 1.0, 0), Err(DspError::InvalidArgument(_))));
    assert!(matches!(fftn_c2c::<f64>(&[], &[0], false, 1.0, None, &mut [], 0), Err(DspError::InvalidArgument(_))));
    assert!(matches!(fftn_c2c::<f64>(&[2, 2], &[0, 0], false, 1.0, None, &mut [0.0; 8], 0), Err(DspError::InvalidArgument(_))));
    assert!(matches!(fftn_c2c::<f64>(&[2, 2], &[2], false, 1.0, None, &mut [0.0; 8], 0), Err(DspError::InvalidArgument(_))));
    assert!(matches!(dctn::<f64>(1, DctNorm::Backward, false, &[1], &[0], None, &mut [0.0], 0), Err(DspError::InvalidArgument(_))));
    assert!(matches!(dctn::<f64>(5, DctNorm::Backward, false, &[4], &[0], None, &mut [0.0; 4], 0), Err(DspError::InvalidArgument(_))));
}
