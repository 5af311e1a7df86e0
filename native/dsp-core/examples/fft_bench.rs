//! rustfft (and realfft for real input) timed directly from Rust: the floor
//! that @dsp's native backend is measured against in apps/bench.
//!
//!     cargo run --release --example fft_bench -- 64 1024 4097 [--dtype f32,f64] [--kind c2c,r2c] [--budget-ms 150]
//!
//! Prints one JSON document on stdout. Each figure is the median, over many
//! samples, of the time per transform; a sample times a batch of calls long
//! enough (≥ 20 µs) that the clock's resolution does not matter.
//!
//! The figure ("us") is the fastest way to do what `fft(x, { out })` does:
//! read the input, keep it, write the spectrum to another buffer. For c2c
//! that is the faster of `process_immutable_with_scratch` and copying the
//! input to the output then `process_with_scratch` there; both are reported,
//! with plain in-place `process_with_scratch` (input destroyed) for
//! reference. realfft's r2c always overwrites its input, so each call copies
//! the input into a reused work buffer first.

use std::env;
use std::time::{Duration, Instant};

use num_complex::Complex;
use num_traits::{Float, FromPrimitive};
use realfft::RealFftPlanner;
use rustfft::{FftNum, FftPlanner};

struct Options {
    sizes: Vec<usize>,
    dtypes: Vec<String>,
    kinds: Vec<String>,
    budget: Duration,
}

struct Timing {
    median_us: f64,
    min_us: f64,
    samples: usize,
    batch: usize,
}

fn parse_list(value: &str) -> Vec<String> {
    value.split(',').filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

fn parse_args() -> Result<Options, String> {
    let mut options = Options {
        sizes: Vec::new(),
        dtypes: vec!["f32".into(), "f64".into()],
        kinds: vec!["c2c".into(), "r2c".into()],
        budget: Duration::from_millis(150),
    };
    let mut args = env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--dtype" => options.dtypes = parse_list(&value("--dtype")?),
            "--kind" => options.kinds = parse_list(&value("--kind")?),
            "--budget-ms" => {
                let ms: u64 = value("--budget-ms")?.parse().map_err(|_| "--budget-ms must be an integer")?;
                options.budget = Duration::from_millis(ms);
            }
            other => {
                for part in other.split(',').filter(|s| !s.is_empty()) {
                    let n: usize = part.parse().map_err(|_| format!("not a size: {part}"))?;
                    if n < 2 {
                        return Err(format!("size must be ≥ 2, got {n}"));
                    }
                    options.sizes.push(n);
                }
            }
        }
    }
    if options.sizes.is_empty() {
        return Err("usage: fft_bench <n>... [--dtype f32,f64] [--kind c2c,r2c] [--budget-ms 150]".into());
    }
    Ok(options)
}

/// Median time of one call to `run`, after warm-up, within about `budget`.
fn measure(budget: Duration, mut run: impl FnMut()) -> Timing {
    // Warm-up and calibration: double the batch until one batch takes ≥ 20 µs.
    let warm_until = Instant::now() + budget / 5;
    let mut batch = 1usize;
    loop {
        let start = Instant::now();
        for _ in 0..batch {
            run();
        }
        let took = start.elapsed();
        if took >= Duration::from_micros(20) && Instant::now() >= warm_until {
            break;
        }
        if took < Duration::from_micros(20) {
            batch *= 2;
        }
    }
    let mut per_call = Vec::new();
    let stop = Instant::now() + budget;
    while per_call.len() < 5 || (per_call.len() < 1500 && Instant::now() < stop) {
        let start = Instant::now();
        for _ in 0..batch {
            run();
        }
        per_call.push(start.elapsed().as_secs_f64() * 1e6 / batch as f64);
    }
    per_call.sort_by(|a, b| a.partial_cmp(b).unwrap());
    Timing { median_us: per_call[per_call.len() / 2], min_us: per_call[0], samples: per_call.len(), batch }
}

/// Reads a result so the optimiser cannot drop the work that made it
/// (`std::hint::black_box` needs Rust 1.66; the core builds on 1.63).
fn consume<T: Copy>(data: &[T]) {
    if let Some(first) = data.first() {
        // SAFETY: `first` is a valid reference.
        unsafe { std::ptr::read_volatile(first) };
    }
}

/// Deterministic input in [-1, 1) (a small LCG: no rand dependency).
fn signal<T: FromPrimitive>(len: usize) -> Vec<T> {
    let mut state: u32 = 0x1234_5678;
    (0..len)
        .map(|_| {
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            T::from_f64(state as f64 / 2_147_483_648.0 - 1.0).unwrap()
        })
        .collect()
}

/// c2c timings: out-of-place keeping the input, copy then in place, and in place.
struct C2c {
    immutable: Timing,
    copy_in_place: Timing,
    in_place: Timing,
}

fn time_c2c<T: FftNum + Float>(n: usize, budget: Duration) -> C2c {
    let fft = FftPlanner::<T>::new().plan_fft_forward(n);
    let input: Vec<Complex<T>> = signal::<T>(2 * n).chunks(2).map(|c| Complex::new(c[0], c[1])).collect();
    let mut output = vec![Complex::new(T::zero(), T::zero()); n];
    let scratch_len = fft.get_immutable_scratch_len().max(fft.get_inplace_scratch_len());
    let mut scratch = vec![Complex::new(T::zero(), T::zero()); scratch_len];
    let immutable = measure(budget, || {
        let scratch = &mut scratch[..fft.get_immutable_scratch_len()];
        fft.process_immutable_with_scratch(&input, &mut output, scratch);
        consume(&output);
    });
    let copy_in_place = measure(budget, || {
        output.copy_from_slice(&input);
        fft.process_with_scratch(&mut output, &mut scratch[..fft.get_inplace_scratch_len()]);
        consume(&output);
    });
    // In place, again and again on one buffer: each pass scales the norm by
    // √n, so the buffer is refreshed from the input every 8th call (8 passes
    // of 2^20 stay below f32's range); that copy is 1/8 of copy_in_place's.
    let mut calls = 0u32;
    let in_place = measure(budget, || {
        calls = calls.wrapping_add(1);
        if calls % 8 == 0 {
            output.copy_from_slice(&input);
        }
        fft.process_with_scratch(&mut output, &mut scratch[..fft.get_inplace_scratch_len()]);
        consume(&output);
    });
    C2c { immutable, copy_in_place, in_place }
}

fn time_r2c<T: FftNum + Float>(n: usize, budget: Duration) -> Timing {
    let fft = RealFftPlanner::<T>::new().plan_fft_forward(n);
    let input: Vec<T> = signal::<T>(n);
    let mut work = fft.make_input_vec();
    let mut output = fft.make_output_vec();
    let mut scratch = fft.make_scratch_vec();
    measure(budget, || {
        work.copy_from_slice(&input);
        fft.process_with_scratch(&mut work, &mut output, &mut scratch).expect("lengths match the plan");
        consume(&output);
    })
}

/// The row's figure (the faster of the two input-keeping ways) and all three, as JSON fields.
fn c2c_row(t: C2c) -> (Timing, String) {
    let variants = format!(
        ",\"variants\":{{\"immutable\":{:.4},\"copyInPlace\":{:.4},\"inPlace\":{:.4}}}",
        t.immutable.median_us, t.copy_in_place.median_us, t.in_place.median_us
    );
    let best = if t.immutable.median_us <= t.copy_in_place.median_us { t.immutable } else { t.copy_in_place };
    (best, variants)
}

fn cpu_features() -> Vec<&'static str> {
    #[allow(unused_mut)]
    let mut found = Vec::new();
    #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
    {
        if is_x86_feature_detected!("sse4.1") {
            found.push("sse4.1");
        }
        if is_x86_feature_detected!("avx") {
            found.push("avx");
        }
        if is_x86_feature_detected!("fma") {
            found.push("fma");
        }
    }
    found
}

fn main() {
    let options = match parse_args() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("fft_bench: {message}");
            std::process::exit(2);
        }
    };
    let mut rows = Vec::new();
    for dtype in &options.dtypes {
        for kind in &options.kinds {
            for &n in &options.sizes {
                let (timing, variants) = match (dtype.as_str(), kind.as_str()) {
                    ("f32", "c2c") => c2c_row(time_c2c::<f32>(n, options.budget)),
                    ("f64", "c2c") => c2c_row(time_c2c::<f64>(n, options.budget)),
                    // realfft handles odd lengths too.
                    ("f32", "r2c") => (time_r2c::<f32>(n, options.budget), String::new()),
                    ("f64", "r2c") => (time_r2c::<f64>(n, options.budget), String::new()),
                    other => {
                        eprintln!("fft_bench: unknown dtype/kind {other:?}");
                        std::process::exit(2);
                    }
                };
                eprintln!("rustfft {dtype} {kind} n={n}: {:.3} µs", timing.median_us);
                rows.push(format!(
                    "{{\"dtype\":\"{dtype}\",\"kind\":\"{kind}\",\"n\":{n},\"us\":{:.4},\"minUs\":{:.4},\"samples\":{},\"batch\":{}{variants}}}",
                    timing.median_us, timing.min_us, timing.samples, timing.batch
                ));
            }
        }
    }
    let features: Vec<String> = cpu_features().iter().map(|f| format!("\"{f}\"")).collect();
    println!(
        "{{\"library\":\"rustfft\",\"method\":\"c2c: the faster of process_immutable_with_scratch and (copy input to output, process_with_scratch), input kept; r2c: realfft process_with_scratch after copying the input\",\"cpuFeatures\":[{}],\"results\":[{}]}}",
        features.join(","),
        rows.join(",")
    );
}
