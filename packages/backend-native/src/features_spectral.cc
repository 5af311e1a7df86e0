// Addon glue of the spectral audio features (native/dsp-capi/src/features_spectral.rs): VQT, filter banks.
#include <cstdint>

#include "addon_shared.h"
#include "dsp_core.h"

namespace {

bool GetDouble(napi_env env, napi_value v, double* out) { return napi_get_value_double(env, v, out) == napi_ok; }

bool GetSize(napi_env env, napi_value value, size_t* out) {
  int64_t v;
  if (napi_get_value_int64(env, value, &v) != napi_ok || v < 0) return false;
  *out = static_cast<size_t>(v);
  return true;
}

// Reads the numeric parameters shared by vqtFrames and vqt from argv[first…]:
// sr, hop, fmin, nBins, binsPerOctave, gamma, filterScale, window, windowParam.
struct VqtShape {
  double sr, fmin, gamma, filter_scale, window_param;
  size_t hop, n_bins, bins_per_octave;
  uint32_t window;
};

bool GetShape(napi_env env, napi_value* argv, VqtShape* s) {
  return GetDouble(env, argv[0], &s->sr) && GetSize(env, argv[1], &s->hop) && GetDouble(env, argv[2], &s->fmin) &&
         GetSize(env, argv[3], &s->n_bins) && GetSize(env, argv[4], &s->bins_per_octave) &&
         GetDouble(env, argv[5], &s->gamma) && GetDouble(env, argv[6], &s->filter_scale) &&
         napi_get_value_uint32(env, argv[7], &s->window) == napi_ok && GetDouble(env, argv[8], &s->window_param);
}

// vqtFrames(signalLength, sr, hop, fmin, nBins, binsPerOctave, gamma, filterScale, window, windowParam)
// → the frame count, or 0 when the core refuses (lastError() says why).
napi_value VqtFrames(napi_env env, napi_callback_info info) {
  size_t argc = 10;
  napi_value argv[10];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  size_t length;
  VqtShape s;
  napi_value result = nullptr;
  if (argc < 10 || !GetSize(env, argv[0], &length) || !GetShape(env, argv + 1, &s)) {
    dsp_addon::Refuse(env, "vqtFrames: arguments must be numbers", DSP_ERR_INVALID_ARGUMENT);
    napi_create_int32(env, 0, &result);
    return result;
  }
  size_t frames = dsp_vqt_frames(length, s.sr, s.hop, s.fmin, s.n_bins, s.bins_per_octave, s.gamma, s.filter_scale,
                                 s.window, s.window_param);
  napi_create_double(env, static_cast<double>(frames), &result);
  return result;
}

// vqt(signal, output, sr, hop, fmin, nBins, binsPerOctave, gamma, filterScale, window, windowParam,
//     norm, sparsity, scale, padMode, outputKind, threads) → undefined or a status.
napi_value Vqt(napi_env env, napi_callback_info info) {
  size_t argc = 17;
  napi_value argv[17];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  void *signal, *out;
  size_t signal_len, out_len;
  bool signal_f64, out_f64;
  if (argc < 17 || !dsp_addon::GetFloatArray(env, argv[0], &signal, &signal_len, &signal_f64) ||
      !dsp_addon::GetFloatArray(env, argv[1], &out, &out_len, &out_f64) || signal_f64 != out_f64) {
    return dsp_addon::Refuse(env, "signal and output must be float arrays of one dtype", DSP_ERR_INVALID_ARGUMENT);
  }
  size_t elem = signal_f64 ? sizeof(double) : sizeof(float);
  auto a = static_cast<const uint8_t*>(signal);
  auto b = static_cast<const uint8_t*>(out);
  if (signal_len > 0 && out_len > 0 && a < b + out_len * elem && b < a + signal_len * elem) {
    return dsp_addon::Refuse(env, "output overlaps the signal", DSP_ERR_INVALID_ARGUMENT);
  }
  VqtShape s;
  double norm, sparsity;
  bool scale;
  uint32_t pad_mode, output, threads;
  if (!GetShape(env, argv + 2, &s) || !GetDouble(env, argv[11], &norm) || !GetDouble(env, argv[12], &sparsity) ||
      napi_get_value_bool(env, argv[13], &scale) != napi_ok || napi_get_value_uint32(env, argv[14], &pad_mode) != napi_ok ||
      napi_get_value_uint32(env, argv[15], &output) != napi_ok || napi_get_value_uint32(env, argv[16], &threads) != napi_ok) {
    return dsp_addon::Refuse(env, "vqt: parameters must be numbers and a boolean", DSP_ERR_INVALID_ARGUMENT);
  }
  return dsp_addon::CoreStatus(
      env, dsp_vqt(signal_f64 ? DSP_DTYPE_F64 : DSP_DTYPE_F32, signal, signal_len, s.sr, s.hop, s.fmin, s.n_bins,
                   s.bins_per_octave, s.gamma, s.filter_scale, norm, sparsity, s.window, s.window_param, scale ? 1 : 0,
                   pad_mode, output, out, out_len, threads));
}

// filterbankApply(input, weights, output, nIn, nRows, threads) → undefined or a status.
napi_value FilterbankApply(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  void* data[3];
  size_t length[3];
  bool f64[3];
  for (int i = 0; i < 3; ++i) {
    if (argc < 6 || !dsp_addon::GetFloatArray(env, argv[i], &data[i], &length[i], &f64[i]) || f64[i] != f64[0]) {
      return dsp_addon::Refuse(env, "filterbankApply: input, weights and output must be float arrays of one dtype", DSP_ERR_INVALID_ARGUMENT);
    }
  }
  size_t elem = f64[0] ? sizeof(double) : sizeof(float);
  auto out = static_cast<const uint8_t*>(data[2]);
  for (int i = 0; i < 2; ++i) {
    auto in = static_cast<const uint8_t*>(data[i]);
    if (length[i] > 0 && length[2] > 0 && in < out + length[2] * elem && out < in + length[i] * elem) {
      return dsp_addon::Refuse(env, "filterbankApply: output overlaps an input", DSP_ERR_INVALID_ARGUMENT);
    }
  }
  size_t n_in, n_rows;
  uint32_t threads;
  if (!GetSize(env, argv[3], &n_in) || !GetSize(env, argv[4], &n_rows) || napi_get_value_uint32(env, argv[5], &threads) != napi_ok) {
    return dsp_addon::Refuse(env, "filterbankApply: nIn, nRows and threads must be integers ≥ 0", DSP_ERR_INVALID_ARGUMENT);
  }
  return dsp_addon::CoreStatus(env, dsp_filterbank_apply(f64[0] ? DSP_DTYPE_F64 : DSP_DTYPE_F32, data[0], length[0], n_in, data[1],
                                                         length[1], n_rows, data[2], length[2], threads));
}

}  // namespace

namespace dsp_addon {

void InitSpectralFeatures(Napi::Env env, Napi::Object exports) {
  ExportRaw(env, exports, "vqtFrames", VqtFrames);
  ExportRaw(env, exports, "vqt", Vqt);
  ExportRaw(env, exports, "filterbankApply", FilterbankApply);
}

}  // namespace dsp_addon
