/* The C ABI of the @dsp core (native/dsp-capi). Keep in step with src/lib.rs. */
#ifndef DSP_CORE_H
#define DSP_CORE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DSP_ABI_VERSION 1

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

#ifdef __cplusplus
}
#endif

#endif
