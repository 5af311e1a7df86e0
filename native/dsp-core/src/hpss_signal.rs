//! librosa.effects.hpss in one call: STFT → HPSS → ISTFT of each part, the
//! three spectrograms kept inside the core. Composed of the same kernels the
//! separate calls run, so the results are the same bits; what it saves is the
//! caller's round trips (allocating and zero-filling the spectrograms and, on
//! wasm, copying each one out of linear memory and back in).

use std::cell::RefCell;

use crate::error::{invalid, try_zeroed, DspResult};
use crate::fft::Planners;
use crate::hpss::{hpss, HpssParams};
use crate::median::LaneVector;
use crate::parallel::Threads;
use crate::stft::{istft, stft, IstftParams, PadMode, StftOutput, StftParams};

thread_local! {
    /// The three spectrograms' memory, kept on the calling thread between calls
    /// (while at most `KEEP_BYTES`): allocated afresh each call, these ~10 MB
    /// (10 s at 22 kHz, f32) were filled and page-faulted in every time
    /// (≈ 4000 faults per call natively, more than the kernels' own time saved).
    static WORKSPACE: RefCell<Vec<f64>> = RefCell::new(Vec::new());
}

const KEEP_BYTES: usize = 64 << 20;

/// Runs `f` on three disjoint buffers of `scalars` values each, from the
/// thread's workspace (their contents are stale: `f` must write before reading).
fn with_spectra<T: Planners, R>(scalars: usize, f: impl FnOnce(&mut [T], &mut [T], &mut [T]) -> DspResult<R>) -> DspResult<R> {
    // f32 or f64 (the Planners types) in f64 storage: any bits are a valid value of either, alignment suffices.
    assert!(std::mem::size_of::<T>() <= 8 && std::mem::align_of::<T>() <= 8);
    let words = match scalars.checked_mul(3 * std::mem::size_of::<T>()) {
        Some(bytes) => (bytes + 7) / 8,
        None => return invalid("spectrogram too large"),
    };
    let run = |store: &mut Vec<f64>| -> DspResult<R> {
        if store.len() < words {
            *store = Vec::new();
            *store = try_zeroed(words)?;
        }
        // SAFETY: `words` f64 hold 3·scalars values of T (see the assert); the three slices are disjoint.
        let all = unsafe { std::slice::from_raw_parts_mut(store.as_mut_ptr() as *mut T, 3 * scalars) };
        let (a, rest) = all.split_at_mut(scalars);
        let (b, c) = rest.split_at_mut(scalars);
        f(a, b, c)
    };
    WORKSPACE.with(|cell| match cell.try_borrow_mut() {
        Ok(mut store) => {
            let result = run(&mut store);
            if store.len() * 8 > KEEP_BYTES {
                *store = Vec::new();
            }
            result
        }
        // Re-entered on this thread: a buffer of its own.
        Err(_) => run(&mut Vec::new()),
    })
}

#[derive(Debug, Clone, Copy)]
pub struct HpssSignalParams {
    pub n_fft: usize,
    pub hop: usize,
    /// Signal index where STFT frame 0 starts (−⌊n_fft/2⌋ when centred).
    pub start: i64,
    /// STFT frames.
    pub n_frames: usize,
    pub pad: PadMode,
    /// Frames the inverse reads (≤ n_frames: librosa's istft stops at the requested length).
    pub istft_frames: usize,
    /// Where the outputs start in the overlap-added signal (⌊n_fft/2⌋ when centred).
    pub offset: usize,
    pub kernel_harmonic: usize,
    pub kernel_percussive: usize,
    pub power: f64,
    pub margin_harmonic: f64,
    pub margin_percussive: f64,
}

/// Harmonic and percussive signals of `signal` into `harmonic` and
/// `percussive` (each as long as the caller wants, zeros past the
/// overlap-added signal). `window` has n_fft values.
pub fn hpss_signal<T: Planners + LaneVector>(signal: &[T], window: &[T], p: &HpssSignalParams, harmonic: &mut [T], percussive: &mut [T], threads: Threads) -> DspResult<()> {
    if p.istft_frames == 0 || p.istft_frames > p.n_frames {
        return invalid(format!("istft_frames must be in 1..={} (the STFT's frames), got {}", p.n_frames, p.istft_frames));
    }
    let bins = p.n_fft / 2 + 1;
    let scalars = match p.n_frames.checked_mul(2 * bins) {
        Some(s) => s,
        None => return invalid("spectrogram too large"),
    };
    let forward = StftParams { complex: false, n_fft: p.n_fft, hop: p.hop, start: p.start, n_frames: p.n_frames, pad: p.pad, output: StftOutput::Complex, shift: false, scale: 1.0 };
    let separation = HpssParams {
        complex: true,
        n_frames: p.n_frames,
        n_bins: bins,
        kernel_harmonic: p.kernel_harmonic,
        kernel_percussive: p.kernel_percussive,
        power: p.power,
        margin_harmonic: p.margin_harmonic,
        margin_percussive: p.margin_percussive,
        masks: false,
    };
    let inverse = IstftParams { n_fft: p.n_fft, hop: p.hop, n_frames: p.istft_frames, offset: p.offset };
    let used = p.istft_frames * 2 * bins;
    with_spectra::<T, ()>(scalars, |spectrum, part_h, part_p| {
        stft(signal, window, &forward, spectrum, threads)?;
        hpss(spectrum, &separation, part_h, part_p, threads)?;
        istft(&part_h[..used], window, &inverse, harmonic, threads)?;
        istft(&part_p[..used], window, &inverse, percussive, threads)
    })
}
