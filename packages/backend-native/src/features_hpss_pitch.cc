// Glue for the HPSS and pitch kernels (dsp_hpss, dsp_hpss_signal, dsp_softmask, dsp_yin,
// dsp_pyin). Same contract as addon.cc: typed arrays by pointer, undefined or
// a status code back, refusals only for what memory safety needs (array types,
// one dtype, outputs that share memory with another array).
#include <napi.h>

#include <cstdint>

#include "addon_shared.h"
#include "dsp_core.h"

namespace {

struct Array {
  void* data;
  size_t length;
  napi_typedarray_type type;
  size_t Bytes() const { return length * (type == napi_float64_array ? sizeof(double) : sizeof(float)); }
};

// Reads `count` Float32Array/Float64Array arguments of one element type; the
// last `outputs` of them may share no byte with any other.
const char* GetArrays(napi_env env, napi_value* argv, size_t count, size_t outputs, Array* arrays) {
  for (size_t i = 0; i < count; ++i) {
    if (napi_get_typedarray_info(env, argv[i], &arrays[i].type, &arrays[i].length, &arrays[i].data, nullptr, nullptr) != napi_ok ||
        (arrays[i].type != napi_float32_array && arrays[i].type != napi_float64_array)) {
      return "arrays must be Float32Array or Float64Array";
    }
    if (arrays[i].type != arrays[0].type) return "arrays must have one dtype";
  }
  for (size_t o = count - outputs; o < count; ++o) {
    auto ob = static_cast<const uint8_t*>(arrays[o].data);
    auto oe = ob + arrays[o].Bytes();
    for (size_t i = 0; i < count; ++i) {
      if (i == o || ob == oe || arrays[i].length == 0) continue;
      auto ib = static_cast<const uint8_t*>(arrays[i].data);
      if (ib < oe && ob < ib + arrays[i].Bytes()) return "an output shares memory with another array";
    }
  }
  return nullptr;
}

uint32_t Dtype(const Array& a) { return a.type == napi_float64_array ? DSP_DTYPE_F64 : DSP_DTYPE_F32; }

// Numeric arguments, read in order; the first failure is remembered.
class Numbers {
 public:
  Numbers(napi_env env, napi_value* argv) : env_(env), argv_(argv) {}
  size_t Size(size_t i) {
    int64_t v = 0;
    if (napi_get_value_int64(env_, argv_[i], &v) != napi_ok || v < 0) ok_ = false;
    return static_cast<size_t>(v < 0 ? 0 : v);
  }
  int64_t Int(size_t i) {
    int64_t v = 0;
    if (napi_get_value_int64(env_, argv_[i], &v) != napi_ok) ok_ = false;
    return v;
  }
  uint32_t U32(size_t i) {
    uint32_t v = 0;
    if (napi_get_value_uint32(env_, argv_[i], &v) != napi_ok) ok_ = false;
    return v;
  }
  double Double(size_t i) {
    double v = 0;
    if (napi_get_value_double(env_, argv_[i], &v) != napi_ok) ok_ = false;
    return v;
  }
  int32_t Bool(size_t i) {
    bool v = false;
    if (napi_get_value_bool(env_, argv_[i], &v) != napi_ok) ok_ = false;
    return v ? 1 : 0;
  }
  bool ok() const { return ok_; }

 private:
  napi_env env_;
  napi_value* argv_;
  bool ok_ = true;
};

// hpss(input, harmonic, percussive, complex, nFrames, nBins, kernelHarmonic, kernelPercussive,
//      power, marginHarmonic, marginPercussive, masks, threads)
napi_value Hpss(napi_env env, napi_callback_info info) {
  size_t argc = 13;
  napi_value argv[13];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  Array a[3];
  if (const char* problem = GetArrays(env, argv, 3, 2, a)) return dsp_addon::Refuse(env, problem, DSP_ERR_INVALID_ARGUMENT);
  if (a[1].length != a[2].length) return dsp_addon::Refuse(env, "harmonic and percussive must have one length", DSP_ERR_INVALID_ARGUMENT);
  Numbers n(env, argv);
  int32_t complex = n.Bool(3);
  size_t frames = n.Size(4), bins = n.Size(5), kh = n.Size(6), kp = n.Size(7);
  double power = n.Double(8), mh = n.Double(9), mp = n.Double(10);
  int32_t masks = n.Bool(11);
  uint32_t threads = n.U32(12);
  if (!n.ok()) return dsp_addon::Refuse(env, "hpss: sizes must be integers ≥ 0, flags booleans, the rest numbers", DSP_ERR_INVALID_ARGUMENT);
  return dsp_addon::CoreStatus(env, dsp_hpss(Dtype(a[0]), complex, a[0].data, a[0].length, frames, bins, kh, kp, power, mh, mp,
                                               masks, a[1].data, a[2].data, a[1].length, threads));
}

// hpssSignal(signal, window, harmonic, percussive, start, nFrames, padMode, hop, istftFrames, offset,
//            kernelHarmonic, kernelPercussive, power, marginHarmonic, marginPercussive, threads)
napi_value HpssSignal(napi_env env, napi_callback_info info) {
  size_t argc = 16;
  napi_value argv[16];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  Array a[4];
  if (const char* problem = GetArrays(env, argv, 4, 2, a)) return dsp_addon::Refuse(env, problem, DSP_ERR_INVALID_ARGUMENT);
  if (a[2].length != a[3].length) return dsp_addon::Refuse(env, "harmonic and percussive must have one length", DSP_ERR_INVALID_ARGUMENT);
  Numbers n(env, argv);
  int64_t start = n.Int(4);
  size_t frames = n.Size(5);
  uint32_t pad = n.U32(6);
  size_t hop = n.Size(7), istft_frames = n.Size(8), offset = n.Size(9), kh = n.Size(10), kp = n.Size(11);
  double power = n.Double(12), mh = n.Double(13), mp = n.Double(14);
  uint32_t threads = n.U32(15);
  if (!n.ok()) return dsp_addon::Refuse(env, "hpssSignal: sizes must be integers ≥ 0, the rest numbers", DSP_ERR_INVALID_ARGUMENT);
  return dsp_addon::CoreStatus(env, dsp_hpss_signal(Dtype(a[0]), a[0].data, a[0].length, start, frames, pad, a[1].data, a[1].length, hop,
                                                      istft_frames, offset, kh, kp, power, mh, mp, a[2].data, a[3].data, a[2].length,
                                                      threads));
}

// softmask(x, xRef, output, power, splitZeros, threads)
napi_value Softmask(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  Array a[3];
  if (const char* problem = GetArrays(env, argv, 3, 1, a)) return dsp_addon::Refuse(env, problem, DSP_ERR_INVALID_ARGUMENT);
  if (a[0].length != a[1].length || a[1].length != a[2].length) return dsp_addon::Refuse(env, "softmask: x, xRef and output must have one length", DSP_ERR_INVALID_ARGUMENT);
  Numbers n(env, argv);
  double power = n.Double(3);
  int32_t split = n.Bool(4);
  uint32_t threads = n.U32(5);
  if (!n.ok()) return dsp_addon::Refuse(env, "softmask: power must be a number, splitZeros a boolean", DSP_ERR_INVALID_ARGUMENT);
  return dsp_addon::CoreStatus(env, dsp_softmask(Dtype(a[0]), a[0].data, a[1].data, a[0].length, power, split, a[2].data, threads));
}

// yin(signal, output, frameLength, hop, nFrames, start, padMode, minPeriod, maxPeriod, sr, troughThreshold, threads)
napi_value Yin(napi_env env, napi_callback_info info) {
  size_t argc = 12;
  napi_value argv[12];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  Array a[2];
  if (const char* problem = GetArrays(env, argv, 2, 1, a)) return dsp_addon::Refuse(env, problem, DSP_ERR_INVALID_ARGUMENT);
  Numbers n(env, argv);
  size_t frame_length = n.Size(2), hop = n.Size(3), frames = n.Size(4);
  int64_t start = n.Int(5);
  uint32_t pad = n.U32(6);
  size_t min_period = n.Size(7), max_period = n.Size(8);
  double sr = n.Double(9), threshold = n.Double(10);
  uint32_t threads = n.U32(11);
  if (!n.ok()) return dsp_addon::Refuse(env, "yin: sizes must be integers ≥ 0, the rest numbers", DSP_ERR_INVALID_ARGUMENT);
  return dsp_addon::CoreStatus(env, dsp_yin(Dtype(a[0]), a[0].data, a[0].length, frame_length, hop, frames, start, pad, min_period,
                                              max_period, sr, threshold, a[1].data, a[1].length, threads));
}

// pyin(signal, f0, voicedFlag, voicedProb, frameLength, hop, nFrames, start, padMode, minPeriod, maxPeriod,
//      sr, fmin, nThresholds, betaA, betaB, boltzmann, binsPerSemitone, nPitchBins, transitionWidth,
//      switchProb, noTroughProb, threads)
napi_value Pyin(napi_env env, napi_callback_info info) {
  size_t argc = 23;
  napi_value argv[23];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  Array a[4];
  if (const char* problem = GetArrays(env, argv, 4, 3, a)) return dsp_addon::Refuse(env, problem, DSP_ERR_INVALID_ARGUMENT);
  if (a[1].length != a[2].length || a[2].length != a[3].length) return dsp_addon::Refuse(env, "pyin: the three outputs must have one length", DSP_ERR_INVALID_ARGUMENT);
  Numbers n(env, argv);
  size_t frame_length = n.Size(4), hop = n.Size(5), frames = n.Size(6);
  int64_t start = n.Int(7);
  uint32_t pad = n.U32(8);
  size_t min_period = n.Size(9), max_period = n.Size(10);
  double sr = n.Double(11), fmin = n.Double(12);
  size_t thresholds = n.Size(13);
  double beta_a = n.Double(14), beta_b = n.Double(15), boltzmann = n.Double(16);
  size_t bins_per_semitone = n.Size(17), pitch_bins = n.Size(18), width = n.Size(19);
  double switch_prob = n.Double(20), no_trough_prob = n.Double(21);
  uint32_t threads = n.U32(22);
  if (!n.ok()) return dsp_addon::Refuse(env, "pyin: sizes must be integers ≥ 0, the rest numbers", DSP_ERR_INVALID_ARGUMENT);
  return dsp_addon::CoreStatus(
      env, dsp_pyin(Dtype(a[0]), a[0].data, a[0].length, frame_length, hop, frames, start, pad, min_period, max_period, sr, fmin,
                    thresholds, beta_a, beta_b, boltzmann, bins_per_semitone, pitch_bins, width, switch_prob, no_trough_prob,
                    a[1].data, a[2].data, a[3].data, a[1].length, threads));
}

}  // namespace

void dsp_addon::InitHpssPitch(Napi::Env env, Napi::Object exports) {
  ExportRaw(env, exports, "hpss", Hpss);
  ExportRaw(env, exports, "hpssSignal", HpssSignal);
  ExportRaw(env, exports, "softmask", Softmask);
  ExportRaw(env, exports, "yin", Yin);
  ExportRaw(env, exports, "pyin", Pyin);
}
