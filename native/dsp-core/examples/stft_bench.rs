//! The STFT reference workload of issue 3 timed directly from Rust: our
//! kernel (`dsp_core::stft::stft`, what both backends call) against the
//! plainest rustfft STFT, in one process, samples alternating between them
//! so a drift of the shared host hits both alike.
//!
//!     cargo run --release --example stft_bench -- [--hop 1024] [--threads 1] [--shift] [--budget-ms 300] [--cpu-clock]
//!
//! The workload: 1,048,576 complex f32 samples (interleaved), nFft 1024, Hann,
//! power, no centring, frames every `hop` samples. The rustfft floor does per
//! frame what any STFT must: window multiply into a reused buffer, in-place
//! `process_with_scratch`, |X|² (fftshift-rotated with `--shift`) into the
//! output row; with more than one thread, rayon splits the frames into equal
//! contiguous parts, one per thread. Prints one JSON document on stdout: for
//! each contender the median and fastest call in µs, over calls alternating
//! between the two for about `--budget-ms` (at least 7 calls each).
//! `--cpu-clock` (Linux, one thread) times the calling thread's CPU time
//! instead of the wall clock: on a busy host it leaves out the time other
//! processes hold the core, though not their effect on the caches.

use std::env;
use std::time::{Duration, Instant};

use dsp_core::stft::{stft, window, PadMode, StftOutput, StftParams, WindowKind};
use num_complex::Complex;
use rustfft::{Fft, FftPlanner};

const SAMPLES: usize = 1 << 20;
const N_FFT: usize = 1024;
const MIN_SAMPLES: usize = 7;
const MAX_SAMPLES: usize = 1500;

struct Options {
    hop: usize,
    threads: usize,
    shift: bool,
    budget: Duration,
    cpu_clock: bool,
}

fn parse_args() -> Result<Options, String> {
    let mut o = Options { hop: 1024, threads: 1, shift: false, budget: Duration::from_millis(300), cpu_clock: false };
    let mut args = env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> Result<usize, String> {
            args.next().and_then(|v| v.parse().ok()).ok_or(format!("{name} needs a positive integer"))
        };
        match arg.as_str() {
            "--hop" => o.hop = number("--hop")?,
            "--threads" => o.threads = number("--threads")?,
            "--budget-ms" => o.budget = Duration::from_millis(number("--budget-ms")? as u64),
            "--shift" => o.shift = true,
            "--cpu-clock" => o.cpu_clock = true,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if o.hop == 0 || o.threads == 0 {
        return Err("--hop and --threads must be at least 1".into());
    }
    if o.cpu_clock && (o.threads > 1 || !cfg!(target_os = "linux")) {
        return Err("--cpu-clock times one thread, on Linux only".into());
    }
    Ok(o)
}

/// Deterministic input in [-1, 1) (the LCG of fft_bench.rs).
fn signal(len: usize) -> Vec<f32> {
    let mut state: u32 = 0x1234_5678;
    (0..len)
        .map(|_| {
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (state as f64 / 2_147_483_648.0 - 1.0) as f32
        })
        .collect()
}

/// The plainest rustfft STFT of `frames` frames starting at frame `first`, into `out` (their rows).
fn rustfft_frames(fft: &dyn Fft<f32>, iq: &[Complex<f32>], window: &[f32], hop: usize, shift: bool, first: usize, out: &mut [f32]) {
    let n = window.len();
    let mut buffer = vec![Complex::new(0.0f32, 0.0); n];
    let mut scratch = vec![Complex::new(0.0f32, 0.0); fft.get_inplace_scratch_len()];
    let offset = if shift { n - n / 2 } else { 0 };
    for (f, row) in out.chunks_exact_mut(n).enumerate() {
        let src = &iq[(first + f) * hop..][..n];
        for ((b, &x), &w) in buffer.iter_mut().zip(src).zip(window) {
            *b = x * w;
        }
        fft.process_with_scratch(&mut buffer, &mut scratch);
        let (head, tail) = row.split_at_mut(n - offset);
        for (r, c) in head.iter_mut().zip(&buffer[offset..]) {
            *r = c.re * c.re + c.im * c.im;
        }
        for (r, c) in tail.iter_mut().zip(&buffer[..offset]) {
            *r = c.re * c.re + c.im * c.im;
        }
    }
}

fn rustfft_stft(fft: &dyn Fft<f32>, iq: &[Complex<f32>], window: &[f32], hop: usize, shift: bool, out: &mut [f32], pool: Option<&rayon::ThreadPool>) {
    let n = window.len();
    let frames = out.len() / n;
    match pool {
        None => rustfft_frames(fft, iq, window, hop, shift, 0, out),
        Some(pool) => {
            let per = (frames + pool.current_num_threads() - 1) / pool.current_num_threads();
            pool.install(|| {
                use rayon::prelude::*;
                out.par_chunks_mut(per * n).enumerate().for_each(|(part, rows)| rustfft_frames(fft, iq, window, hop, shift, part * per, rows));
            });
        }
    }
}

/// Seconds of the calling thread's CPU time (Linux's CLOCK_THREAD_CPUTIME_ID).
#[cfg(target_os = "linux")]
fn thread_cpu_seconds() -> f64 {
    #[repr(C)]
    struct Timespec {
        seconds: i64,
        nanoseconds: i64,
    }
    extern "C" {
        fn clock_gettime(clock: i32, time: *mut Timespec) -> i32;
    }
    const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
    let mut t = Timespec { seconds: 0, nanoseconds: 0 };
    // SAFETY: `t` is a valid timespec to write (64-bit Linux layout).
    unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut t) };
    t.seconds as f64 + t.nanoseconds as f64 * 1e-9
}

#[cfg(not(target_os = "linux"))]
fn thread_cpu_seconds() -> f64 {
    unreachable!("--cpu-clock is refused off Linux")
}

/// Microseconds `run` took, on the wall clock or the thread's CPU clock.
fn time_us(cpu_clock: bool, run: &mut dyn FnMut()) -> f64 {
    if cpu_clock {
        let t = thread_cpu_seconds();
        run();
        (thread_cpu_seconds() - t) * 1e6
    } else {
        let t = Instant::now();
        run();
        t.elapsed().as_secs_f64() * 1e6
    }
}

fn stats(mut us: Vec<f64>) -> (f64, f64) {
    us.sort_by(|a, b| a.partial_cmp(b).unwrap());
    (us[us.len() / 2], us[0])
}

fn main() {
    let o = match parse_args() {
        Ok(o) => o,
        Err(message) => {
            eprintln!("stft_bench: {message}");
            std::process::exit(2);
        }
    };
    let input = signal(2 * SAMPLES);
    let iq: Vec<Complex<f32>> = input.chunks_exact(2).map(|c| Complex::new(c[0], c[1])).collect();
    let hann: Vec<f32> = window(WindowKind::Hann, N_FFT, true).expect("Hann of 1024").iter().map(|&w| w as f32).collect();
    let frames = 1 + (SAMPLES - N_FFT) / o.hop;
    let params = StftParams { complex: true, n_fft: N_FFT, hop: o.hop, start: 0, n_frames: frames, pad: PadMode::Constant, output: StftOutput::Power, shift: o.shift, scale: 1.0 };
    let fft = FftPlanner::<f32>::new().plan_fft_forward(N_FFT);
    let pool = if o.threads > 1 { Some(rayon::ThreadPoolBuilder::new().num_threads(o.threads).build().expect("a thread pool")) } else { None };

    let mut ours_out = vec![0.0f32; frames * N_FFT];
    let mut floor_out = vec![0.0f32; frames * N_FFT];
    let mut ours = || {
        stft(&input, &hann, &params, &mut ours_out, o.threads as u32).expect("the workload is valid");
    };
    let mut floor = || rustfft_stft(fft.as_ref(), &iq, &hann, o.hop, o.shift, &mut floor_out, pool.as_ref());
    // Warm-up: plans, thread pools, page faults of the outputs.
    for _ in 0..3 {
        ours();
        floor();
    }
    let (mut t_ours, mut t_floor) = (Vec::new(), Vec::new());
    let stop = Instant::now() + o.budget;
    while t_ours.len() < MIN_SAMPLES || (t_ours.len() < MAX_SAMPLES && Instant::now() < stop) {
        t_ours.push(time_us(o.cpu_clock, &mut ours));
        t_floor.push(time_us(o.cpu_clock, &mut floor));
    }
    let max_delta = ours_out.iter().zip(&floor_out).map(|(a, b)| (a - b).abs()).fold(0.0f32, f32::max);
    let peak = floor_out.iter().fold(0.0f32, |m, &v| m.max(v));
    let samples = t_ours.len();
    let (om, on) = stats(t_ours);
    let (fm, fmin) = stats(t_floor);
    eprintln!("stft hop {} threads {}: ours {:.0} µs (min {:.0}), rustfft {:.0} µs (min {:.0})", o.hop, o.threads, om, on, fm, fmin);
    println!(
        "{{\"hop\":{},\"threads\":{},\"shift\":{},\"clock\":\"{}\",\"frames\":{frames},\"samples\":{},\"relErr\":{:e},\"results\":[{{\"id\":\"ours\",\"us\":{om:.1},\"minUs\":{on:.1}}},{{\"id\":\"rustfft\",\"us\":{fm:.1},\"minUs\":{fmin:.1}}}]}}",
        o.hop, o.threads, o.shift, if o.cpu_clock { "thread-cpu" } else { "wall" }, samples, max_delta / peak
    );
}
