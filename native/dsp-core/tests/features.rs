//! HPSS, YIN and pYIN kernels against direct references: a sort per window
//! for the sliding median, closed forms for the beta CDF and pure tones, and
//! a dense Viterbi over librosa's full transition matrix for the banded decoder.
mod common;

use dsp_core::hpss::{hpss, softmask_value, HpssParams};
use dsp_core::hpss_signal::{hpss_signal, HpssSignalParams};
use dsp_core::median::{reflect_index, SlidingMedian, SortedLanes, LANES};
use dsp_core::pyin::{beta_cdf, decode_pitch_states};
use dsp_core::stft::{istft, stft, window, IstftParams, PadMode, StftOutput, StftParams, WindowKind};
use dsp_core::yin::{yin, PitchFraming};

/// scipy.ndimage.median_filter(x, size=k, mode='reflect') by sorting each window.
fn sorted_median(x: &[f64], k: usize) -> Vec<f64> {
    let left = (k / 2) as i64;
    (0..x.len())
        .map(|i| {
            let mut w: Vec<f64> = (0..k).map(|j| x[reflect_index(i as i64 - left + j as i64, x.len())]).collect();
            w.sort_by(|a, b| a.partial_cmp(b).unwrap());
            w[k / 2]
        })
        .collect()
}

#[test]
fn reflect_extends_as_scipy() {
    // d c b a | a b c d | d c b a, then again.
    let got: Vec<usize> = (-9..13).map(|p| reflect_index(p, 4)).collect();
    assert_eq!(got, vec![0, 0, 1, 2, 3, 3, 2, 1, 0, 0, 1, 2, 3, 3, 2, 1, 0, 0, 1, 2, 3, 3]);
    assert_eq!(reflect_index(-5, 1), 0);
}

#[test]
fn sliding_median_equals_a_sort_per_window() {
    for &len in &[1usize, 2, 3, 7, 30, 31, 100, 431] {
        for &k in &[1usize, 2, 3, 4, 5, 8, 31, 32, 63] {
            let mut x = common::signal(len, (len * 131 + k) as u64);
            // Ties matter: quantise some values so windows hold repeats.
            for v in x.iter_mut().step_by(3) {
                *v = (*v * 4.0).round() / 4.0;
            }
            let mut out = vec![0.0; len];
            SlidingMedian::new(k).filter(&x, &mut out);
            assert_eq!(out, sorted_median(&x, k), "len {} k {}", len, k);
        }
    }
}

#[test]
fn lane_median_equals_a_sort_per_window_in_every_lane() {
    for &len in &[1usize, 2, 3, 7, 30, 31, 100, 431] {
        for &k in &[1usize, 2, 3, 4, 5, 8, 31, 32, 63] {
            let lines: Vec<Vec<f64>> = (0..LANES)
                .map(|l| {
                    let mut x = common::signal(len, (len * 131 + k * 7 + l) as u64);
                    for v in x.iter_mut().step_by(2 + l % 3) {
                        *v = (*v * 4.0).round() / 4.0;
                    }
                    x
                })
                .collect();
            let block: Vec<[f64; LANES]> = (0..len).map(|p| std::array::from_fn(|l| lines[l][p])).collect();
            let mut out = vec![[0.0; LANES]; len];
            SortedLanes::new(k).filter(&block, &mut out);
            for (l, x) in lines.iter().enumerate() {
                let got: Vec<f64> = out.iter().map(|v| v[l]).collect();
                assert_eq!(got, sorted_median(x, k), "len {} k {} lane {}", len, k, l);
            }
        }
    }
}

#[test]
fn hpss_masks_come_from_medians_along_time_and_frequency() {
    let (frames, bins) = (40, 33);
    let mag: Vec<f64> = common::signal(frames * bins, 7).iter().map(|v| v.abs()).collect();
    let p = HpssParams { complex: false, n_frames: frames, n_bins: bins, kernel_harmonic: 7, kernel_percussive: 5, power: 2.0, margin_harmonic: 1.0, margin_percussive: 1.0, masks: true };
    for &threads in &[1u32, 2, 0] {
        let (mut mh, mut mp) = (vec![0.0; frames * bins], vec![0.0; frames * bins]);
        hpss(&mag, &p, &mut mh, &mut mp, threads).unwrap();
        for b in 0..bins {
            let column: Vec<f64> = (0..frames).map(|t| mag[t * bins + b]).collect();
            let h = sorted_median(&column, 7);
            for t in 0..frames {
                let q = sorted_median(&mag[t * bins..(t + 1) * bins], 5)[b];
                let want = softmask_value(h[t], q, 2.0, true);
                assert_eq!(mh[t * bins + b], want);
                assert!((mh[t * bins + b] + mp[t * bins + b] - 1.0).abs() < 1e-15);
                let closed = if h[t] == 0.0 && q == 0.0 { 0.5 } else { h[t] * h[t] / (h[t] * h[t] + q * q) };
                assert!((want - closed).abs() < 1e-15);
            }
        }
    }
}

#[test]
fn default_masks_equal_softmask_at_zeros_subnormals_and_ties() {
    // Kernel 1 along time keeps each value; kernel 3 along frequency mixes neighbours.
    let values = [0.0f32, 0.0, 1e-40, 3e-39, f32::MIN_POSITIVE, 1.0, 1.0, 0.5, 2e-45, 7.0, 0.0, 1e30];
    let bins = values.len();
    let mag: Vec<f32> = values.iter().chain(values.iter().rev()).copied().collect();
    let p = HpssParams { complex: false, n_frames: 2, n_bins: bins, kernel_harmonic: 1, kernel_percussive: 3, power: 2.0, margin_harmonic: 1.0, margin_percussive: 1.0, masks: true };
    let (mut mh, mut mp) = (vec![0.0f32; mag.len()], vec![0.0f32; mag.len()]);
    hpss(&mag, &p, &mut mh, &mut mp, 1).unwrap();
    for t in 0..2 {
        let row: Vec<f64> = mag[t * bins..(t + 1) * bins].iter().map(|&v| v as f64).collect();
        let q = sorted_median(&row, 3);
        for b in 0..bins {
            let (h, q) = (mag[t * bins + b], q[b] as f32);
            assert_eq!(mh[t * bins + b].to_bits(), softmask_value(h, q, 2.0, true).to_bits(), "H mask at {} {}", t, b);
            assert_eq!(mp[t * bins + b].to_bits(), softmask_value(q, h, 2.0, true).to_bits(), "P mask at {} {}", t, b);
        }
    }
}

#[test]
fn hpss_signal_is_stft_then_hpss_then_istft_bit_for_bit() {
    let signal: Vec<f32> = (0..6000).map(|i| ((i as f32 * 0.37).sin() + (i as f32 * 0.011).cos() * 0.5) * if i % 97 == 0 { 3.0 } else { 1.0 }).collect();
    let (n_fft, hop) = (512, 128);
    let win: Vec<f32> = window(WindowKind::Hann, n_fft, true).unwrap().iter().map(|&w| w as f32).collect();
    let n_frames = 1 + signal.len() / hop;
    let bins = n_fft / 2 + 1;
    let p = HpssSignalParams {
        n_fft,
        hop,
        start: -(n_fft as i64 / 2),
        n_frames,
        pad: PadMode::Reflect,
        istft_frames: n_frames - 1,
        offset: n_fft / 2,
        kernel_harmonic: 17,
        kernel_percussive: 9,
        power: 2.0,
        margin_harmonic: 1.0,
        margin_percussive: 2.0,
    };
    let (mut h, mut q) = (vec![0f32; signal.len()], vec![0f32; signal.len()]);
    // A first call on other samples leaves the reused workspace dirty: nothing of it may show.
    let reversed: Vec<f32> = signal.iter().rev().map(|x| x * 7.0).collect();
    hpss_signal(&reversed, &win, &p, &mut h, &mut q, 0).unwrap();
    hpss_signal(&signal, &win, &p, &mut h, &mut q, 0).unwrap();

    let mut spectrum = vec![0f32; n_frames * 2 * bins];
    let sp = StftParams { complex: false, n_fft, hop, start: p.start, n_frames, pad: p.pad, output: StftOutput::Complex, shift: false, scale: 1.0 };
    stft(&signal, &win, &sp, &mut spectrum, 1).unwrap();
    let hp = HpssParams { complex: true, n_frames, n_bins: bins, kernel_harmonic: 17, kernel_percussive: 9, power: 2.0, margin_harmonic: 1.0, margin_percussive: 2.0, masks: false };
    let (mut sh, mut sq) = (vec![0f32; spectrum.len()], vec![0f32; spectrum.len()]);
    hpss(&spectrum, &hp, &mut sh, &mut sq, 1).unwrap();
    let ip = IstftParams { n_fft, hop, n_frames: p.istft_frames, offset: p.offset };
    let used = p.istft_frames * 2 * bins;
    let (mut wh, mut wq) = (vec![0f32; signal.len()], vec![0f32; signal.len()]);
    istft(&sh[..used], &win, &ip, &mut wh, 1).unwrap();
    istft(&sq[..used], &win, &ip, &mut wq, 1).unwrap();
    assert!(h.iter().zip(&wh).all(|(a, b)| a.to_bits() == b.to_bits()));
    assert!(q.iter().zip(&wq).all(|(a, b)| a.to_bits() == b.to_bits()));
    assert!(h.iter().any(|&x| x != 0.0) && q.iter().any(|&x| x != 0.0));

    let bad = HpssSignalParams { istft_frames: n_frames + 1, ..p };
    assert!(hpss_signal(&signal, &win, &bad, &mut h, &mut q, 0).is_err());
    let bad = HpssSignalParams { kernel_harmonic: 0, ..p };
    assert!(hpss_signal(&signal, &win, &bad, &mut h, &mut q, 0).is_err());
}

#[test]
fn beta_cdf_matches_the_closed_form_for_integer_parameters() {
    // I_x(2, 18) = 1 − (1 − x)^19 − 19·x·(1 − x)^18.
    for i in 0..=100 {
        let x = i as f64 / 100.0;
        let want = 1.0 - (1.0 - x).powi(19) - 19.0 * x * (1.0 - x).powi(18);
        assert!((beta_cdf(x, 2.0, 18.0) - want).abs() < 1e-14, "x {}", x);
    }
}

#[test]
fn yin_finds_the_period_of_a_pure_tone() {
    let sr = 22050.0;
    for &f in &[110.0, 220.5, 441.0, 1000.0] {
        let y: Vec<f64> = (0..8192).map(|i| (2.0 * std::f64::consts::PI * f * i as f64 / sr).sin()).collect();
        let frames = 1 + 8192 / 512;
        let fr = PitchFraming { frame_length: 2048, hop: 512, n_frames: frames, start: -1024, pad: PadMode::Constant, min_period: (sr / 2000.0) as usize, max_period: (sr / 50.0).ceil() as usize };
        let mut out = vec![0.0; frames];
        yin(&y, &fr, sr, 0.1, &mut out, 0).unwrap();
        // Interior frames see the whole tone: parabolic interpolation is within 0.5 %.
        for &f0 in &out[4..frames - 4] {
            assert!((f0 / f - 1.0).abs() < 5e-3, "tone {} Hz → {}", f, f0);
        }
    }
}

/// librosa.sequence.viterbi with the dense transition matrix pyin builds.
fn dense_viterbi(log_obs: &[f64], frames: usize, n: usize, width: usize, switch_prob: f64) -> Vec<usize> {
    let triangle: Vec<f64> = (0..width)
        .map(|i| {
            let k = (i.min(width - 1 - i) + 1) as f64;
            if width % 2 == 0 { (2.0 * k - 1.0) / width as f64 } else { 2.0 * k / (width as f64 + 1.0) }
        })
        .collect();
    let mut local = vec![0.0; n * n];
    for i in 0..n {
        let mut padded = vec![0.0; n];
        let lpad = (n - width) / 2;
        padded[lpad..lpad + width].copy_from_slice(&triangle);
        let shift = n / 2 + i + 1;
        let mut row: Vec<f64> = (0..n).map(|j| padded[(j + n * 2 - shift % n) % n]).collect();
        for (j, r) in row.iter_mut().enumerate() {
            if j >= (i + width / 2 + 1).min(n) || j < i.saturating_sub(width / 2) {
                *r = 0.0;
            }
        }
        let sum: f64 = row.iter().sum();
        for j in 0..n {
            local[i * n + j] = row[j] / sum;
        }
    }
    let stay = 1.0 - switch_prob;
    let switch = 1.0 - stay;
    let s = 2 * n;
    let tiny = f64::MIN_POSITIVE;
    let log_trans = |k: usize, j: usize| {
        let w = if k / n == j / n { stay } else { switch };
        (w * local[(k % n) * n + j % n] + tiny).ln()
    };
    let mut value: Vec<f64> = log_obs[..s].iter().map(|o| o + (1.0 / s as f64 + tiny).ln()).collect();
    let mut ptr = vec![0usize; frames * s];
    for t in 1..frames {
        let mut next = vec![0.0; s];
        for j in 0..s {
            let mut best = 0;
            let mut best_v = f64::NEG_INFINITY;
            for k in 0..s {
                let v = value[k] + log_trans(k, j);
                if v > best_v {
                    best_v = v;
                    best = k;
                }
            }
            ptr[t * s + j] = best;
            next[j] = log_obs[t * s + j] + best_v;
        }
        value = next;
    }
    let mut states = vec![0; frames];
    let mut last = 0;
    for k in 1..s {
        if value[k] > value[last] {
            last = k;
        }
    }
    states[frames - 1] = last;
    for t in (0..frames - 1).rev() {
        states[t] = ptr[(t + 1) * s + states[t + 1]];
    }
    states
}

#[test]
fn banded_viterbi_equals_the_dense_one() {
    for &(n, width, frames) in &[(40usize, 11usize, 30usize), (25, 25, 12), (30, 7, 50)] {
        let s = 2 * n;
        // Sparse observations as pyin makes them: most voiced bins 0 (log tiny), a few candidates.
        let noise = common::signal(frames * s, (n * width) as u64);
        let log_obs: Vec<f64> = noise
            .iter()
            .enumerate()
            .map(|(i, &v)| {
                let p = if i % s >= n || v > 0.8 { (v + 1.0) / 2.0 } else { 0.0 };
                (p + f64::MIN_POSITIVE).ln()
            })
            .collect();
        let want = dense_viterbi(&log_obs, frames, n, width, 0.01);
        for &threads in &[1u32, 2] {
            assert_eq!(decode_pitch_states(&log_obs, frames, n, width, 0.01, threads).unwrap(), want, "n {} width {}", n, width);
        }
    }
}
