/* The C ABI of the @dsp core (native/dsp-capi). Keep in step with src/lib.rs. */
#ifndef DSP_CORE_H
#define DSP_CORE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DSP_ABI_VERSION 3

/* Status codes returned by every fallible call. */
#define DSP_OK 0
#define DSP_ERR_INVALID_ARGUMENT 1
#define DSP_ERR_OUT_OF_MEMORY 2
#define DSP_ERR_INVALID_HANDLE 3
#define DSP_ERR_INTERNAL 4
#define DSP_ERR_NON_FINITE 5 /* the input holds NaN or Infinity */

/* dtype codes */
#define DSP_DTYPE_F32 0
#define DSP_DTYPE_F64 1

/* FFT plan kinds */
#define DSP_FFT_C2C 0
#define DSP_FFT_R2C 1

/* DCT norms (scipy.fft) */
#define DSP_NORM_BACKWARD 0
#define DSP_NORM_ORTHO 1
#define DSP_NORM_FORWARD 2

typedef struct DspFftPlan DspFftPlan;

uint32_t dsp_abi_version(void);
/* Message of this thread's last failure; valid until the next one. */
const char *dsp_last_error(void);
uint32_t dsp_available_threads(void);

/* 16-byte aligned allocation (wasm staging); NULL on failure. */
uint8_t *dsp_alloc(size_t size);
void dsp_free(uint8_t *ptr, size_t size);

int32_t dsp_fft_plan_new(uint32_t kind, uint32_t dtype, size_t n, DspFftPlan **out);
void dsp_fft_plan_free(DspFftPlan *plan);
/* Lengths count scalars of the plan's dtype. Complex plans may run in place (input == output).
 * threads: 0 = automatic, 1 = serial, k = k threads. */
int32_t dsp_fft_plan_execute(DspFftPlan *plan, int32_t inverse, const void *input, size_t input_len,
                             void *output, size_t output_len, size_t batch, double scale, uint32_t threads);

int32_t dsp_fftn_c2c(uint32_t dtype, const size_t *shape, size_t rank, const size_t *axes, size_t naxes,
                     int32_t inverse, double scale, const void *input, size_t input_len, void *output,
                     size_t output_len, uint32_t threads);
int32_t dsp_rfftn(uint32_t dtype, const size_t *shape, size_t rank, const size_t *axes, size_t naxes,
                  double scale, const void *input, size_t input_len, void *output, size_t output_len,
                  uint32_t threads);
/* shape is the real output's shape; input is its half spectrum along the last axis in axes. */
int32_t dsp_irfftn(uint32_t dtype, const size_t *shape, size_t rank, const size_t *axes, size_t naxes,
                   double scale, const void *input, size_t input_len, void *output, size_t output_len,
                   uint32_t threads);
int32_t dsp_dctn(uint32_t dtype, uint32_t kind, uint32_t norm, int32_t inverse, const size_t *shape,
                 size_t rank, const size_t *axes, size_t naxes, const void *input, size_t input_len,
                 void *output, size_t output_len, uint32_t threads);

/* Windows (scipy.signal.windows definitions, computed in f64); param: kaiser beta, gaussian std, tukey alpha */
#define DSP_WINDOW_BOXCAR 0
#define DSP_WINDOW_HANN 1
#define DSP_WINDOW_HAMMING 2
#define DSP_WINDOW_BLACKMAN 3
#define DSP_WINDOW_BLACKMANHARRIS 4
#define DSP_WINDOW_NUTTALL 5
#define DSP_WINDOW_FLATTOP 6
#define DSP_WINDOW_BARTLETT 7
#define DSP_WINDOW_TRIANG 8
#define DSP_WINDOW_KAISER 9
#define DSP_WINDOW_GAUSSIAN 10
#define DSP_WINDOW_TUKEY 11
#define DSP_WINDOW_COSINE 12

/* STFT pad modes (numpy.pad) and outputs */
#define DSP_PAD_CONSTANT 0
#define DSP_PAD_REFLECT 1
#define DSP_PAD_EDGE 2
#define DSP_STFT_COMPLEX 0
#define DSP_STFT_MAGNITUDE 1
#define DSP_STFT_POWER 2

int32_t dsp_window(uint32_t dtype, uint32_t kind, int32_t periodic, double param, void *out, size_t out_len);
/* Frame f reads n_fft samples from signal index start + f*hop of the virtually padded signal, times window.
 * Real input: n_fft/2+1 bins per frame; complex (interleaved) input: n_fft bins (shift: DC centred).
 * output: DSP_STFT_*; magnitude and power are multiplied by scale. Lengths count scalars. */
int32_t dsp_stft(uint32_t dtype, int32_t complex, const void *signal, size_t signal_len, int64_t start,
                 size_t n_frames, uint32_t pad_mode, const void *window, size_t window_len, size_t n_fft,
                 size_t hop, uint32_t output, int32_t shift, double scale, void *out, size_t out_len,
                 uint32_t threads);
/* librosa.istft: n_frames rows of n_fft/2+1 complex bins -> out_len samples from sample offset of the
 * overlap-added signal divided by the window sum-square (zeros past its end). */
int32_t dsp_istft(uint32_t dtype, const void *spectrum, size_t spectrum_len, size_t n_frames, const void *window,
                  size_t window_len, size_t n_fft, size_t hop, size_t offset, void *out, size_t out_len,
                  uint32_t threads);

/* --- audio features: HPSS, soft masks, YIN, pYIN (src/features_hpss_pitch.rs) --- */
int32_t dsp_hpss(uint32_t dtype, int32_t complex, const void *input, size_t input_len, size_t n_frames, size_t n_bins,
                 size_t kernel_harmonic, size_t kernel_percussive, double power, double margin_harmonic,
                 double margin_percussive, int32_t masks, void *harmonic, void *percussive, size_t output_len,
                 uint32_t threads);
int32_t dsp_softmask(uint32_t dtype, const void *x, const void *x_ref, size_t len, double power, int32_t split_zeros,
                     void *out, uint32_t threads);
int32_t dsp_yin(uint32_t dtype, const void *signal, size_t signal_len, size_t frame_length, size_t hop,
                size_t n_frames, int64_t start, uint32_t pad_mode, size_t min_period, size_t max_period, double sr,
                double trough_threshold, void *out, size_t out_len, uint32_t threads);
int32_t dsp_pyin(uint32_t dtype, const void *signal, size_t signal_len, size_t frame_length, size_t hop,
                 size_t n_frames, int64_t start, uint32_t pad_mode, size_t min_period, size_t max_period, double sr,
                 double fmin, size_t n_thresholds, double beta_a, double beta_b, double boltzmann,
                 size_t bins_per_semitone, size_t n_pitch_bins, size_t transition_width, double switch_prob,
                 double no_trough_prob, void *f0, void *voiced_flag, void *voiced_prob, size_t out_len,
                 uint32_t threads);

#ifdef __cplusplus
}
#endif

#endif
