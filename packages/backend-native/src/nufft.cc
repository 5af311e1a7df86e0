// NUFFT plans for the addon: handles in Externals, points and vectors passed by pointer.
// Same contract as addon.cc: entry points return undefined or a status code and never throw.
#include <napi.h>

#include <cstdint>

#include "addon_shared.h"
#include "dsp_core.h"

namespace dsp_addon {
namespace {

struct NufftHandle {
  static constexpr uint64_t kMagic = 0x6473702d6e756674ULL;  // "dsp-nuft"
  uint64_t magic = kMagic;
  DspNufftPlan* plan = nullptr;
  napi_typedarray_type array_type = napi_float32_array;
};

void FinalizeNufftHandle(Napi::Env, NufftHandle* handle) {
  dsp_nufft_plan_free(handle->plan);
  delete handle;
}

NufftHandle* GetHandle(napi_env env, napi_value value) {
  void* data = nullptr;
  if (napi_get_value_external(env, value, &data) != napi_ok || data == nullptr) return nullptr;
  auto handle = static_cast<NufftHandle*>(data);
  return handle->magic == NufftHandle::kMagic ? handle : nullptr;
}

bool GetArray(napi_env env, napi_value value, napi_typedarray_type want, void** data, size_t* length) {
  napi_typedarray_type type;
  return napi_get_typedarray_info(env, value, &type, length, data, nullptr, nullptr) == napi_ok && type == want;
}

bool GetSize(napi_env env, napi_value value, size_t* out) {
  int64_t v;
  if (napi_get_value_int64(env, value, &v) != napi_ok || v < 0) return false;
  *out = static_cast<size_t>(v);
  return true;
}

// nufftPlanNew(dtype, type, modes: number[], isign, eps, kernel, sigma, halfWidth, kbBeta, modeOrder)
// → a handle, or a status code.
napi_value NufftPlanNew(napi_env env, napi_callback_info info) {
  size_t argc = 10;
  napi_value argv[10];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  uint32_t dtype, type, kernel, mode_order, dim;
  int32_t isign;
  double eps, sigma, beta;
  size_t half_width, modes[3] = {0, 0, 0};
  bool is_array = false;
  if (napi_get_value_uint32(env, argv[0], &dtype) != napi_ok || napi_get_value_uint32(env, argv[1], &type) != napi_ok) {
    return Refuse(env, "dtype and type must be numbers", DSP_ERR_INVALID_ARGUMENT);
  }
  if (napi_is_array(env, argv[2], &is_array) != napi_ok || !is_array || napi_get_array_length(env, argv[2], &dim) != napi_ok ||
      dim > 3) {
    return Refuse(env, "modes must be an array of at most 3 integers", DSP_ERR_INVALID_ARGUMENT);
  }
  for (uint32_t i = 0; i < dim; ++i) {
    napi_value element;
    if (napi_get_element(env, argv[2], i, &element) != napi_ok || !GetSize(env, element, &modes[i])) {
      return Refuse(env, "modes must be integers >= 0", DSP_ERR_INVALID_ARGUMENT);
    }
  }
  if (napi_get_value_int32(env, argv[3], &isign) != napi_ok || napi_get_value_double(env, argv[4], &eps) != napi_ok ||
      napi_get_value_uint32(env, argv[5], &kernel) != napi_ok || napi_get_value_double(env, argv[6], &sigma) != napi_ok ||
      !GetSize(env, argv[7], &half_width) || napi_get_value_double(env, argv[8], &beta) != napi_ok ||
      napi_get_value_uint32(env, argv[9], &mode_order) != napi_ok) {
    return Refuse(env, "isign, eps, kernel, sigma, halfWidth, kbBeta and modeOrder must be numbers", DSP_ERR_INVALID_ARGUMENT);
  }
  DspNufftPlan* plan = nullptr;
  int32_t status = dsp_nufft_plan_new(dtype, type, dim, modes, isign, eps, kernel, sigma, half_width, beta, mode_order, &plan);
  if (status != DSP_OK) return CoreStatus(env, status);
  auto handle = new NufftHandle();
  handle->plan = plan;
  handle->array_type = dtype == DSP_DTYPE_F64 ? napi_float64_array : napi_float32_array;
  return Napi::External<NufftHandle>::New(env, handle, FinalizeNufftHandle);
}

// nufftPlanFree(handle): frees the plan now; a second call does nothing.
napi_value NufftPlanFree(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  NufftHandle* handle = GetHandle(env, argv[0]);
  if (handle != nullptr && handle->plan != nullptr) {
    dsp_nufft_plan_free(handle->plan);
    handle->plan = nullptr;
  }
  return nullptr;
}

NufftHandle* LiveHandle(napi_env env, napi_value value, napi_value* refusal) {
  NufftHandle* handle = GetHandle(env, value);
  if (handle == nullptr) *refusal = Refuse(env, "not a NUFFT plan handle", DSP_ERR_INVALID_HANDLE);
  else if (handle->plan == nullptr) *refusal = Refuse(env, "the plan was freed", DSP_ERR_INVALID_HANDLE);
  else return handle;
  return nullptr;
}

// nufftSetPoints(handle, points: Float64Array, count, targets: Float64Array, nTargets) → undefined or a status.
napi_value NufftSetPoints(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  napi_value refusal;
  NufftHandle* handle = LiveHandle(env, argv[0], &refusal);
  if (handle == nullptr) return refusal;
  void *points, *targets;
  size_t points_len, targets_len, count, n_targets;
  if (!GetArray(env, argv[1], napi_float64_array, &points, &points_len) ||
      !GetArray(env, argv[3], napi_float64_array, &targets, &targets_len)) {
    return Refuse(env, "points and targets must be Float64Array", DSP_ERR_INVALID_ARGUMENT);
  }
  if (!GetSize(env, argv[2], &count) || !GetSize(env, argv[4], &n_targets)) {
    return Refuse(env, "count and nTargets must be integers >= 0", DSP_ERR_INVALID_ARGUMENT);
  }
  return CoreStatus(env, dsp_nufft_set_points(handle->plan, static_cast<const double*>(points), points_len, count,
                                              static_cast<const double*>(targets), targets_len, n_targets));
}

// nufftLength(handle, which) → complex values per vector read (0) or written (1) by execute.
napi_value NufftLength(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  NufftHandle* handle = GetHandle(env, argv[0]);
  uint32_t which = 0;
  napi_get_value_uint32(env, argv[1], &which);
  size_t length = handle != nullptr && handle->plan != nullptr ? dsp_nufft_len(handle->plan, which) : 0;
  napi_value result;
  napi_create_double(env, static_cast<double>(length), &result);
  return result;
}

// nufftExecute(handle, adjoint, input, output, batch, threads) → undefined or a status.
napi_value NufftExecute(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  napi_value refusal;
  NufftHandle* handle = LiveHandle(env, argv[0], &refusal);
  if (handle == nullptr) return refusal;
  bool adjoint;
  void *input, *output;
  size_t input_len, output_len, batch;
  uint32_t threads;
  if (napi_get_value_bool(env, argv[1], &adjoint) != napi_ok) return Refuse(env, "adjoint must be a boolean", DSP_ERR_INVALID_ARGUMENT);
  if (!GetArray(env, argv[2], handle->array_type, &input, &input_len) ||
      !GetArray(env, argv[3], handle->array_type, &output, &output_len)) {
    return Refuse(env, "input and output must be typed arrays of the plan's dtype", DSP_ERR_INVALID_ARGUMENT);
  }
  size_t element = handle->array_type == napi_float64_array ? sizeof(double) : sizeof(float);
  auto in_begin = static_cast<const uint8_t*>(input);
  auto out_begin = static_cast<const uint8_t*>(output);
  if (input_len > 0 && output_len > 0 && in_begin < out_begin + output_len * element && out_begin < in_begin + input_len * element) {
    return Refuse(env, "output overlaps input", DSP_ERR_INVALID_ARGUMENT);
  }
  if (!GetSize(env, argv[4], &batch)) return Refuse(env, "batch must be an integer >= 0", DSP_ERR_INVALID_ARGUMENT);
  if (napi_get_value_uint32(env, argv[5], &threads) != napi_ok) return Refuse(env, "threads must be a number", DSP_ERR_INVALID_ARGUMENT);
  return CoreStatus(env, dsp_nufft_execute(handle->plan, adjoint ? 1 : 0, input, input_len, output, output_len, batch, threads));
}

void Export(napi_env env, Napi::Object exports, const char* name, napi_callback callback) {
  napi_value function = nullptr;
  napi_create_function(env, name, NAPI_AUTO_LENGTH, callback, nullptr, &function);
  exports.Set(name, Napi::Value(env, function));
}

}  // namespace

void InitNufft(Napi::Env env, Napi::Object exports) {
  Export(env, exports, "nufftPlanNew", NufftPlanNew);
  Export(env, exports, "nufftPlanFree", NufftPlanFree);
  Export(env, exports, "nufftSetPoints", NufftSetPoints);
  Export(env, exports, "nufftLength", NufftLength);
  Export(env, exports, "nufftExecute", NufftExecute);
}

}  // namespace dsp_addon
