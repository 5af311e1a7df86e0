// Addon glue of the sparse spectral tensor kernels (native/dsp-capi/src/spectral.rs),
// under the contract described at the top of addon.cc.
#include <napi.h>

#include <cstdint>
#include <string>
#include <utility>

#include "addon_shared.h"
#include "dsp_core.h"

namespace dsp_addon {

namespace {

// Rank limit of the TypeScript checks; bounds the stack arrays below.
constexpr size_t kMaxRank = 8;

struct FloatView {
  void* data;
  size_t length;
  napi_typedarray_type type;
};

bool GetFloatArray(napi_env env, napi_value value, FloatView* view) {
  // N-API hands back the data pointer already advanced by the view's byteOffset.
  if (napi_get_typedarray_info(env, value, &view->type, &view->length, &view->data, nullptr, nullptr) != napi_ok) {
    return false;
  }
  return view->type == napi_float32_array || view->type == napi_float64_array;
}

// True when two arrays share any byte.
bool Overlap(const FloatView& a, const FloatView& b) {
  auto size = [](const FloatView& v) { return v.length * (v.type == napi_float64_array ? sizeof(double) : sizeof(float)); };
  auto a_begin = static_cast<const uint8_t*>(a.data);
  auto b_begin = static_cast<const uint8_t*>(b.data);
  if (size(a) == 0 || size(b) == 0) return false;
  return a_begin < b_begin + size(b) && b_begin < a_begin + size(a);
}

bool GetSize(napi_env env, napi_value value, size_t* out) {
  int64_t v;
  if (napi_get_value_int64(env, value, &v) != napi_ok || v < 0) return false;
  *out = static_cast<size_t>(v);
  return true;
}

// A JavaScript array of at most kMaxRank integers ≥ 0.
bool GetDims(napi_env env, napi_value value, size_t* dims, size_t* count) {
  bool is_array = false;
  uint32_t length;
  if (napi_is_array(env, value, &is_array) != napi_ok || !is_array) return false;
  if (napi_get_array_length(env, value, &length) != napi_ok || length > kMaxRank) return false;
  for (uint32_t i = 0; i < length; ++i) {
    napi_value element;
    if (napi_get_element(env, value, i, &element) != napi_ok || !GetSize(env, element, &dims[i])) return false;
  }
  *count = length;
  return true;
}

uint32_t DtypeOf(napi_typedarray_type type) {
  return type == napi_float64_array ? DSP_DTYPE_F64 : DSP_DTYPE_F32;
}

napi_value Refuse(napi_env env, std::string message) {
  return dsp_addon::Refuse(env, std::move(message), DSP_ERR_INVALID_ARGUMENT);
}

// A typed array of exactly `type`, with its element count and data pointer.
bool GetTypedArray(napi_env env, napi_value value, napi_typedarray_type type, void** data, size_t* length) {
  napi_typedarray_type actual;
  return napi_get_typedarray_info(env, value, &actual, length, data, nullptr, nullptr) == napi_ok && actual == type;
}

bool IsNull(napi_env env, napi_value value) {
  napi_valuetype type;
  return napi_typeof(env, value, &type) == napi_ok && (type == napi_null || type == napi_undefined);
}

// spectralTopK(values, complex, weights | null, k, out: Uint32Array, result: Float64Array(3)) → undefined or a status.
napi_value SpectralTopK(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  FloatView values;
  if (!GetFloatArray(env, argv[0], &values)) return Refuse(env, "values must be a Float32Array or Float64Array");
  bool complex;
  if (napi_get_value_bool(env, argv[1], &complex) != napi_ok) return Refuse(env, "complex must be a boolean");
  if (complex && values.length % 2 != 0) return Refuse(env, "complex values need an even length");
  size_t n = complex ? values.length / 2 : values.length;
  void* weights = nullptr;
  size_t weights_length = 0;
  if (!IsNull(env, argv[2])) {
    if (!GetTypedArray(env, argv[2], napi_uint8_array, &weights, &weights_length) || weights_length != n) {
      return Refuse(env, "weights must be null or a Uint8Array with one entry per position");
    }
  }
  size_t k;
  if (!GetSize(env, argv[3], &k)) return Refuse(env, "k must be an integer ≥ 0");
  void* out;
  size_t out_length;
  if (!GetTypedArray(env, argv[4], napi_uint32_array, &out, &out_length)) return Refuse(env, "out must be a Uint32Array");
  void* result;
  size_t result_length;
  if (!GetTypedArray(env, argv[5], napi_float64_array, &result, &result_length) || result_length < 3) {
    return Refuse(env, "result must be a Float64Array of 3 values");
  }
  return CoreStatus(env, dsp_spectral_top_k(DtypeOf(values.type), values.data, n, complex ? 1 : 0,
                                            static_cast<const uint8_t*>(weights), k, static_cast<uint32_t*>(out),
                                            out_length, static_cast<double*>(result)));
}

// convolveDirect(a, aShape, b, bShape, offset, out, outShape, threads) → undefined or a status.
napi_value ConvolveDirect(napi_env env, napi_callback_info info) {
  size_t argc = 8;
  napi_value argv[8];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  FloatView a, b, out;
  if (!GetFloatArray(env, argv[0], &a) || !GetFloatArray(env, argv[2], &b) || !GetFloatArray(env, argv[5], &out)) {
    return Refuse(env, "a, b and out must be Float32Array or Float64Array");
  }
  if (a.type != b.type || a.type != out.type) return Refuse(env, "a, b and out must have one dtype");
  if (Overlap(a, out) || Overlap(b, out)) {
    return Refuse(env, "out must not share memory with a or b");
  }
  size_t a_shape[kMaxRank], b_shape[kMaxRank], offset[kMaxRank], out_shape[kMaxRank];
  size_t ra, rb, ro, rout;
  if (!GetDims(env, argv[1], a_shape, &ra) || !GetDims(env, argv[3], b_shape, &rb) || !GetDims(env, argv[4], offset, &ro) ||
      !GetDims(env, argv[6], out_shape, &rout) || ra != rb || ra != ro || ra != rout) {
    return Refuse(env, "aShape, bShape, offset and outShape must be lists of one length");
  }
  // The core checks each shape's product against these lengths.
  size_t na = 1, nb = 1, no = 1;
  for (size_t d = 0; d < ra; ++d) {
    na *= a_shape[d];
    nb *= b_shape[d];
    no *= out_shape[d];
  }
  if (na != a.length || nb != b.length || no != out.length) return Refuse(env, "an array's length does not match its shape");
  uint32_t threads;
  if (napi_get_value_uint32(env, argv[7], &threads) != napi_ok) return Refuse(env, "threads must be a number");
  return CoreStatus(env, dsp_convolve_direct(DtypeOf(a.type), ra, a.data, a_shape, b.data, b_shape, offset, out.data,
                                             out_shape, threads));
}

}  // namespace

void InitSpectral(Napi::Env env, Napi::Object exports) {
  ExportRaw(env, exports, "spectralTopK", SpectralTopK);
  ExportRaw(env, exports, "convolveDirect", ConvolveDirect);
}

}  // namespace dsp_addon
