/* The C ABI of the @dsp core (native/dsp-capi). Keep in step with src/lib.rs. */
#ifndef DSP_CORE_H
#define DSP_CORE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DSP_ABI_VERSION 4

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

/* Non-uniform FFTs (FINUFFT conventions). kind: 1, 2, 3; modes: dim extents (type 3: only dim counts).
 * kernel: 0 exponential of semicircle, 1 Kaiser-Bessel; sigma, half_width, beta: 0 = chosen from eps;
 * mode_order: 0 centred, 1 FFT order. */
typedef struct DspNufftPlan DspNufftPlan;
#define DSP_NUFFT_KERNEL_ES 0
#define DSP_NUFFT_KERNEL_KB 1
#define DSP_NUFFT_MODES_CENTERED 0
#define DSP_NUFFT_MODES_FFT 1
int32_t dsp_nufft_plan_new(uint32_t dtype, uint32_t kind, size_t dim, const size_t *modes, int32_t isign, double eps,
                           uint32_t kernel, double sigma, size_t half_width, double beta, uint32_t mode_order,
                           DspNufftPlan **out);
void dsp_nufft_plan_free(DspNufftPlan *plan);
/* points: dim arrays of count f64 coordinates one after the other; type 3 also takes n_targets frequencies. */
int32_t dsp_nufft_set_points(DspNufftPlan *plan, const double *points, size_t points_len, size_t count,
                             const double *targets, size_t targets_len, size_t n_targets);
/* Complex values per vector that execute reads (which = 0) or writes (which = 1). */
size_t dsp_nufft_len(const DspNufftPlan *plan, uint32_t which);
/* batch vectors of interleaved complex values; adjoint != 0 runs the conjugate transpose. Lengths count scalars. */
int32_t dsp_nufft_execute(DspNufftPlan *plan, int32_t adjoint, const void *input, size_t input_len, void *output,
                          size_t output_len, size_t batch, uint32_t threads);
/* Sparse spectral tensors (src/spectral.rs).
 * Positions of the k largest weighted energies w*|v|^2, ascending, into out; weights: n bytes or NULL (all 1),
 * weight 0 never kept; values: n real or n interleaved complex (complex != 0). result = {count, kept, dropped}. */
int32_t dsp_spectral_top_k(uint32_t dtype, const void *values, size_t n, int32_t complex, const uint8_t *weights,
                           size_t k, uint32_t *out, size_t out_len, double *result);
/* Direct N-D convolution at an offset: out[o] = sum_j a[o + offset - j] * b[j] over j with o + offset - j inside a
 * (rank <= 8; a_shape, b_shape, offset, out_shape hold rank entries each). */
int32_t dsp_convolve_direct(uint32_t dtype, size_t rank, const void *a, const size_t *a_shape, const void *b,
                            const size_t *b_shape, const size_t *offset, void *out, const size_t *out_shape,
                            uint32_t threads);

/* Variable-Q transform (librosa.vqt; gamma 0 = librosa.cqt, gamma < 0 = librosa's default).
 * dsp_vqt_frames returns the frame count, or 0 when the parameters are refused (see dsp_last_error).
 * output: 0 interleaved complex, 1 magnitude; norm: filters' p-norm (0 none, INFINITY max). */
size_t dsp_vqt_frames(size_t signal_len, double sr, size_t hop, double fmin, size_t n_bins, size_t bins_per_octave,
                      double gamma, double filter_scale, uint32_t window, double window_param);
int32_t dsp_vqt(uint32_t dtype, const void* signal, size_t signal_len, double sr, size_t hop, double fmin, size_t n_bins,
                size_t bins_per_octave, double gamma, double filter_scale, double norm, double sparsity, uint32_t window,
                double window_param, int32_t scale, uint32_t pad_mode, uint32_t output, void* out, size_t out_len,
                uint32_t threads);

/* Filter bank (mel, chroma): out[f*n_rows + r] = sum_k weights[r*n_in + k] * input[f*n_in + k]. */
int32_t dsp_filterbank_apply(uint32_t dtype, const void* input, size_t input_len, size_t n_in, const void* weights,
                             size_t weights_len, size_t n_rows, void* out, size_t out_len, uint32_t threads);

/* --- audio features: HPSS, soft masks, YIN, pYIN (src/features_hpss_pitch.rs) --- */
int32_t dsp_hpss(uint32_t dtype, int32_t complex, const void *input, size_t input_len, size_t n_frames, size_t n_bins,
                 size_t kernel_harmonic, size_t kernel_percussive, double power, double margin_harmonic,
                 double margin_percussive, int32_t masks, void *harmonic, void *percussive, size_t output_len,
                 uint32_t threads);
/* librosa.effects.hpss: STFT (n_fft = window_len) -> HPSS -> ISTFT of each part, in one call. */
int32_t dsp_hpss_signal(uint32_t dtype, const void *signal, size_t signal_len, int64_t start, size_t n_frames,
                        uint32_t pad_mode, const void *window, size_t window_len, size_t hop, size_t istft_frames,
                        size_t offset, size_t kernel_harmonic, size_t kernel_percussive, double power,
                        double margin_harmonic, double margin_percussive, void *harmonic, void *percussive,
                        size_t out_len, uint32_t threads);
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
