// The Node-API addon of @dsp/backend-native: a thin layer over the core's C
// ABI (native/dsp-capi/include/dsp_core.h), which is linked in statically.
//
// Contract with the TypeScript loader (src/addon.ts):
// - Kernel entry points return undefined on success and the core's status
//   code on failure; they never throw. The loader turns a status into a
//   DspError, reading the message from lastError().
// - Typed arrays are passed by pointer, never copied.
// - The addon checks only what keeps memory safe whatever JavaScript passes:
//   argument types, every access bounded by the memory behind the arrays, and
//   buffers that overlap without being the same. The core checks lengths and
//   shapes again; the TypeScript edge validates everything else (dtypes,
//   sizes, options) with friendlier messages.
//
// The kernel entry points are raw N-API callbacks, not node-addon-api's
// CallbackInfo wrappers: they run once per transform, which at n = 16 costs
// less than the binding, and CallbackInfo heap-allocates for more than six
// arguments. node-addon-api serves the rest (module set-up, plan handles).
#include <napi.h>

#include <cstdint>
#include <string>
#include <utility>

#include "addon_shared.h"
#include "dsp_core.h"

namespace {

// Rank limit of the TypeScript checks (checkShape); bounds the stack arrays below.
constexpr size_t kMaxRank = 32;

// This thread's last refusal by the addon itself (empty once the core failed
// after it), so that lastError() reports whichever failed last.
thread_local std::string addon_error;

// An FFT plan as JavaScript holds it, inside an External. `plan` becomes null
// when freed, so freeing twice or running a freed plan cannot touch freed memory.
struct PlanHandle {
  // Tells our Externals from ones another addon made.
  static constexpr uint64_t kMagic = 0x6473702d706c616eULL;  // "dsp-plan"
  uint64_t magic = kMagic;
  DspFftPlan* plan = nullptr;
  // The element type the plan reads and writes (Float32Array or Float64Array).
  napi_typedarray_type array_type = napi_float32_array;
  size_t element_size = sizeof(float);
};

struct FloatView {
  void* data;
  size_t length;
  napi_typedarray_type type;
};

napi_value Int32Value(napi_env env, int32_t value) {
  napi_value result = nullptr;
  napi_create_int32(env, value, &result);
  return result;
}

// The result of a kernel call as JavaScript sees it: undefined (a null
// napi_value, which costs no N-API call) on success, else the status code.
napi_value CoreStatus(napi_env env, int32_t status) {
  if (status == DSP_OK) return nullptr;
  addon_error.clear();
  return Int32Value(env, status);
}

// An argument the addon refuses before reaching the core. The loader prefixes
// the message with the operation's name, as it does the core's.
napi_value Refuse(napi_env env, std::string message, int32_t status = DSP_ERR_INVALID_ARGUMENT) {
  addon_error = std::move(message);
  return Int32Value(env, status);
}

bool GetFloatArray(napi_env env, napi_value value, FloatView* view) {
  // N-API hands back the data pointer already advanced by the view's byteOffset.
  if (napi_get_typedarray_info(env, value, &view->type, &view->length, &view->data, nullptr, nullptr) != napi_ok) {
    return false;
  }
  return view->type == napi_float32_array || view->type == napi_float64_array;
}

size_t ElementSize(napi_typedarray_type type) {
  return type == napi_float64_array ? sizeof(double) : sizeof(float);
}

// True when the two views share bytes without being the very same range
// (the same range is an in-place call, which the core accepts where it can).
bool PartlyOverlap(const FloatView& a, const FloatView& b) {
  auto a_begin = static_cast<const uint8_t*>(a.data);
  auto b_begin = static_cast<const uint8_t*>(b.data);
  auto a_end = a_begin + a.length * ElementSize(a.type);
  auto b_end = b_begin + b.length * ElementSize(b.type);
  if (a_begin == a_end || b_begin == b_end) return false;
  if (a_begin == b_begin && a_end == b_end) return false;
  return a_begin < b_end && b_begin < a_end;
}

// A plan's input or output, on the hot path. napi_get_typedarray_info spends
// more on finding the element type (a chain of eight type tests, some 270
// instructions per array) than a 16-point transform takes, so this skips it.
// Instead of checking that the array has the plan's dtype (the TypeScript
// edge's job), it checks that `length` elements of the plan's dtype fit in
// the memory behind the array, which is what memory safety needs. The data
// pointer N-API returns is already past the view's byteOffset.
bool GetPlanArray(napi_env env, napi_value value, const PlanHandle& handle, FloatView* view) {
  napi_value arraybuffer;
  size_t byte_offset;
  if (napi_get_typedarray_info(env, value, nullptr, &view->length, &view->data, &arraybuffer, &byte_offset) != napi_ok) {
    return false;
  }
  view->type = handle.array_type;
  void* buffer_data;
  size_t buffer_bytes;
  if (napi_get_arraybuffer_info(env, arraybuffer, &buffer_data, &buffer_bytes) == napi_ok) {
    return byte_offset <= buffer_bytes && view->length <= (buffer_bytes - byte_offset) / handle.element_size;
  }
  // A SharedArrayBuffer, whose size N-API does not report: check the element type instead.
  napi_typedarray_type type;
  return napi_get_typedarray_info(env, value, &type, nullptr, nullptr, nullptr, nullptr) == napi_ok &&
         type == handle.array_type;
}

bool GetSize(napi_env env, napi_value value, size_t* out) {
  int64_t v;
  if (napi_get_value_int64(env, value, &v) != napi_ok || v < 0) return false;
  *out = static_cast<size_t>(v);
  return true;
}

// A shape or axes list: a JavaScript array of integers ≥ 0, or a Uint32Array.
bool GetDims(napi_env env, napi_value value, size_t* dims, size_t* count) {
  napi_typedarray_type type;
  size_t length;
  void* data;
  if (napi_get_typedarray_info(env, value, &type, &length, &data, nullptr, nullptr) == napi_ok) {
    if (type != napi_uint32_array || length > kMaxRank) return false;
    const uint32_t* values = static_cast<const uint32_t*>(data);
    for (size_t i = 0; i < length; ++i) dims[i] = values[i];
    *count = length;
    return true;
  }
  bool is_array = false;
  uint32_t array_length;
  if (napi_is_array(env, value, &is_array) != napi_ok || !is_array) return false;
  if (napi_get_array_length(env, value, &array_length) != napi_ok || array_length > kMaxRank) return false;
  for (uint32_t i = 0; i < array_length; ++i) {
    napi_value element;
    if (napi_get_element(env, value, i, &element) != napi_ok || !GetSize(env, element, &dims[i])) return false;
  }
  *count = array_length;
  return true;
}

PlanHandle* GetPlanHandle(napi_env env, napi_value value) {
  void* data = nullptr;
  if (napi_get_value_external(env, value, &data) != napi_ok || data == nullptr) return nullptr;
  auto handle = static_cast<PlanHandle*>(data);
  return handle->magic == PlanHandle::kMagic ? handle : nullptr;
}

uint32_t DtypeOf(napi_typedarray_type type) {
  return type == napi_float64_array ? DSP_DTYPE_F64 : DSP_DTYPE_F32;
}

// --- module information ---------------------------------------------------

Napi::Value AbiVersion(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), dsp_abi_version());
}

Napi::Value AvailableThreads(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), dsp_available_threads());
}

Napi::Value LastError(const Napi::CallbackInfo& info) {
  if (!addon_error.empty()) return Napi::String::New(info.Env(), addon_error);
  const char* message = dsp_last_error();
  return Napi::String::New(info.Env(), message != nullptr ? message : "");
}

// --- FFT plans ---------------------------------------------------------------

void FinalizePlanHandle(Napi::Env, PlanHandle* handle) {
  dsp_fft_plan_free(handle->plan);  // null when already freed
  delete handle;
}

// planNew(kind, dtype, n) → a plan handle, or a status code.
Napi::Value PlanNew(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  uint32_t kind, dtype;
  size_t n;
  if (napi_get_value_uint32(env, info[0], &kind) != napi_ok) return Napi::Value(env, Refuse(env, "kind must be a number"));
  if (napi_get_value_uint32(env, info[1], &dtype) != napi_ok) return Napi::Value(env, Refuse(env, "dtype must be a number"));
  if (!GetSize(env, info[2], &n)) return Napi::Value(env, Refuse(env, "n must be an integer ≥ 0"));
  DspFftPlan* plan = nullptr;
  int32_t status = dsp_fft_plan_new(kind, dtype, n, &plan);
  if (status != DSP_OK) return Napi::Value(env, CoreStatus(env, status));
  auto handle = new PlanHandle();
  handle->plan = plan;
  handle->array_type = dtype == DSP_DTYPE_F64 ? napi_float64_array : napi_float32_array;
  handle->element_size = dtype == DSP_DTYPE_F64 ? sizeof(double) : sizeof(float);
  // The finalizer frees a plan whose handle was collected without planFree,
  // including when a worker thread or the process tears its environment down.
  return Napi::External<PlanHandle>::New(env, handle, FinalizePlanHandle);
}

// planFree(handle): frees the plan now; a second call does nothing.
Napi::Value PlanFree(const Napi::CallbackInfo& info) {
  PlanHandle* handle = GetPlanHandle(info.Env(), info[0]);
  if (handle != nullptr && handle->plan != nullptr) {
    dsp_fft_plan_free(handle->plan);
    handle->plan = nullptr;
  }
  return info.Env().Undefined();
}

// planExecute(handle, inverse, input, output, batch, scale, threads) → undefined or a status.
// The hot path: positional arguments, no JavaScript object made on success.
napi_value PlanExecute(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value argv[7];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);  // missing arguments read as undefined
  PlanHandle* handle = GetPlanHandle(env, argv[0]);
  if (handle == nullptr) return Refuse(env, "not an FFT plan handle", DSP_ERR_INVALID_HANDLE);
  if (handle->plan == nullptr) return Refuse(env, "the plan was freed", DSP_ERR_INVALID_HANDLE);
  bool inverse;
  FloatView input, output;
  size_t batch;
  double scale;
  uint32_t threads;
  if (napi_get_value_bool(env, argv[1], &inverse) != napi_ok) return Refuse(env, "inverse must be a boolean");
  if (!GetPlanArray(env, argv[2], *handle, &input) || !GetPlanArray(env, argv[3], *handle, &output)) {
    return Refuse(env, "input and output must be typed arrays of the plan's dtype");
  }
  if (PartlyOverlap(input, output)) return Refuse(env, "output overlaps input without being the same array");
  if (!GetSize(env, argv[4], &batch)) return Refuse(env, "batch must be an integer ≥ 0");
  if (napi_get_value_double(env, argv[5], &scale) != napi_ok) return Refuse(env, "scale must be a number");
  if (napi_get_value_uint32(env, argv[6], &threads) != napi_ok) return Refuse(env, "threads must be a number");
  return CoreStatus(env, dsp_fft_plan_execute(handle->plan, inverse ? 1 : 0, input.data, input.length, output.data,
                                              output.length, batch, scale, threads));
}

// --- N-D transforms ----------------------------------------------------------

// The arguments every N-D entry point starts with: input, output, shape, axes.
// The dtype comes from the arrays' element type, checked exactly here.
struct NdArguments {
  FloatView input, output;
  size_t shape[kMaxRank], axes[kMaxRank];
  size_t rank, naxes;
};

// Reads argv[0..3]; on refusal returns false with `*refusal` set.
bool GetNdArguments(napi_env env, napi_value* argv, NdArguments* nd, napi_value* refusal) {
  const char* problem = nullptr;
  if (!GetFloatArray(env, argv[0], &nd->input) || !GetFloatArray(env, argv[1], &nd->output)) {
    problem = "input and output must be Float32Array or Float64Array";
  } else if (nd->input.type != nd->output.type) {
    problem = "input and output must have one dtype";
  } else if (PartlyOverlap(nd->input, nd->output)) {
    problem = "output overlaps input without being the same array";
  } else if (!GetDims(env, argv[2], nd->shape, &nd->rank) || !GetDims(env, argv[3], nd->axes, &nd->naxes)) {
    problem = "shape and axes must be arrays of at most 32 integers ≥ 0";
  }
  if (problem == nullptr) return true;
  *refusal = Refuse(env, problem);
  return false;
}

// fftn(input, output, shape, axes, inverse, scale, threads) → undefined or a status.
napi_value Fftn(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value argv[7];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  NdArguments nd;
  napi_value refusal;
  if (!GetNdArguments(env, argv, &nd, &refusal)) return refusal;
  bool inverse;
  double scale;
  uint32_t threads;
  if (napi_get_value_bool(env, argv[4], &inverse) != napi_ok) return Refuse(env, "inverse must be a boolean");
  if (napi_get_value_double(env, argv[5], &scale) != napi_ok) return Refuse(env, "scale must be a number");
  if (napi_get_value_uint32(env, argv[6], &threads) != napi_ok) return Refuse(env, "threads must be a number");
  return CoreStatus(env, dsp_fftn_c2c(DtypeOf(nd.input.type), nd.shape, nd.rank, nd.axes, nd.naxes, inverse ? 1 : 0,
                                      scale, nd.input.data, nd.input.length, nd.output.data, nd.output.length,
                                      threads));
}

using RealNdFunction = int32_t (*)(uint32_t, const size_t*, size_t, const size_t*, size_t, double, const void*, size_t,
                                   void*, size_t, uint32_t);

// rfftn / irfftn(input, output, shape, axes, scale, threads) → undefined or a status.
template <RealNdFunction kernel>
napi_value RealNd(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  NdArguments nd;
  napi_value refusal;
  if (!GetNdArguments(env, argv, &nd, &refusal)) return refusal;
  double scale;
  uint32_t threads;
  if (napi_get_value_double(env, argv[4], &scale) != napi_ok) return Refuse(env, "scale must be a number");
  if (napi_get_value_uint32(env, argv[5], &threads) != napi_ok) return Refuse(env, "threads must be a number");
  return CoreStatus(env, kernel(DtypeOf(nd.input.type), nd.shape, nd.rank, nd.axes, nd.naxes, scale, nd.input.data,
                                nd.input.length, nd.output.data, nd.output.length, threads));
}

// dctn(input, output, shape, axes, type, norm, inverse, threads) → undefined or a status.
napi_value Dctn(napi_env env, napi_callback_info info) {
  size_t argc = 8;
  napi_value argv[8];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  NdArguments nd;
  napi_value refusal;
  if (!GetNdArguments(env, argv, &nd, &refusal)) return refusal;
  uint32_t type, norm, threads;
  bool inverse;
  if (napi_get_value_uint32(env, argv[4], &type) != napi_ok) return Refuse(env, "type must be a number");
  if (napi_get_value_uint32(env, argv[5], &norm) != napi_ok) return Refuse(env, "norm must be a number");
  if (napi_get_value_bool(env, argv[6], &inverse) != napi_ok) return Refuse(env, "inverse must be a boolean");
  if (napi_get_value_uint32(env, argv[7], &threads) != napi_ok) return Refuse(env, "threads must be a number");
  return CoreStatus(env, dsp_dctn(DtypeOf(nd.input.type), type, norm, inverse ? 1 : 0, nd.shape, nd.rank, nd.axes,
                                  nd.naxes, nd.input.data, nd.input.length, nd.output.data, nd.output.length,
                                  threads));
}

// --- windows and short-time transforms --------------------------------------

// Reads `count` float arrays of one element type from argv, refusing an
// output (the last) that shares memory with any input.
bool GetSameTypeArrays(napi_env env, napi_value* argv, size_t count, FloatView* views, napi_value* refusal) {
  const char* problem = nullptr;
  for (size_t i = 0; i < count && problem == nullptr; ++i) {
    if (!GetFloatArray(env, argv[i], &views[i])) problem = "arrays must be Float32Array or Float64Array";
    else if (views[i].type != views[0].type) problem = "arrays must have one dtype";
  }
  for (size_t i = 0; i + 1 < count && problem == nullptr; ++i) {
    const FloatView& out = views[count - 1];
    if (PartlyOverlap(views[i], out) || (views[i].data == out.data && views[i].length > 0 && out.length > 0)) {
      problem = "output overlaps an input";
    }
  }
  if (problem == nullptr) return true;
  *refusal = Refuse(env, problem);
  return false;
}

// window(output, kind, periodic, param) → undefined or a status.
napi_value Window(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  FloatView out;
  uint32_t kind;
  bool periodic;
  double param;
  if (!GetFloatArray(env, argv[0], &out)) return Refuse(env, "output must be a Float32Array or Float64Array");
  if (napi_get_value_uint32(env, argv[1], &kind) != napi_ok) return Refuse(env, "kind must be a number");
  if (napi_get_value_bool(env, argv[2], &periodic) != napi_ok) return Refuse(env, "periodic must be a boolean");
  if (napi_get_value_double(env, argv[3], &param) != napi_ok) return Refuse(env, "param must be a number");
  return CoreStatus(env, dsp_window(DtypeOf(out.type), kind, periodic ? 1 : 0, param, out.data, out.length));
}

// stft(signal, window, output, complex, start, nFrames, padMode, nFft, hop, outputKind, shift, scale, threads)
// → undefined or a status.
napi_value Stft(napi_env env, napi_callback_info info) {
  size_t argc = 13;
  napi_value argv[13];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  FloatView views[3];
  napi_value refusal;
  if (!GetSameTypeArrays(env, argv, 3, views, &refusal)) return refusal;
  bool complex, shift;
  int64_t start;
  size_t n_frames, n_fft, hop;
  uint32_t pad_mode, output, threads;
  double scale;
  if (napi_get_value_bool(env, argv[3], &complex) != napi_ok) return Refuse(env, "complex must be a boolean");
  if (napi_get_value_int64(env, argv[4], &start) != napi_ok) return Refuse(env, "start must be an integer");
  if (!GetSize(env, argv[5], &n_frames)) return Refuse(env, "nFrames must be an integer ≥ 0");
  if (napi_get_value_uint32(env, argv[6], &pad_mode) != napi_ok) return Refuse(env, "padMode must be a number");
  if (!GetSize(env, argv[7], &n_fft) || !GetSize(env, argv[8], &hop)) return Refuse(env, "nFft and hop must be integers ≥ 0");
  if (napi_get_value_uint32(env, argv[9], &output) != napi_ok) return Refuse(env, "output must be a number");
  if (napi_get_value_bool(env, argv[10], &shift) != napi_ok) return Refuse(env, "shift must be a boolean");
  if (napi_get_value_double(env, argv[11], &scale) != napi_ok) return Refuse(env, "scale must be a number");
  if (napi_get_value_uint32(env, argv[12], &threads) != napi_ok) return Refuse(env, "threads must be a number");
  return CoreStatus(env, dsp_stft(DtypeOf(views[0].type), complex ? 1 : 0, views[0].data, views[0].length, start, n_frames,
                                  pad_mode, views[1].data, views[1].length, n_fft, hop, output, shift ? 1 : 0, scale,
                                  views[2].data, views[2].length, threads));
}

// istft(spectrum, window, output, nFrames, nFft, hop, offset, threads) → undefined or a status.
napi_value Istft(napi_env env, napi_callback_info info) {
  size_t argc = 8;
  napi_value argv[8];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  FloatView views[3];
  napi_value refusal;
  if (!GetSameTypeArrays(env, argv, 3, views, &refusal)) return refusal;
  size_t n_frames, n_fft, hop, offset;
  uint32_t threads;
  if (!GetSize(env, argv[3], &n_frames) || !GetSize(env, argv[4], &n_fft) || !GetSize(env, argv[5], &hop) ||
      !GetSize(env, argv[6], &offset)) {
    return Refuse(env, "nFrames, nFft, hop and offset must be integers ≥ 0");
  }
  if (napi_get_value_uint32(env, argv[7], &threads) != napi_ok) return Refuse(env, "threads must be a number");
  return CoreStatus(env, dsp_istft(DtypeOf(views[0].type), views[0].data, views[0].length, n_frames, views[1].data,
                                   views[1].length, n_fft, hop, offset, views[2].data, views[2].length, threads));
}

// Exports a raw N-API callback (node-addon-api's Function::New wraps its callbacks in CallbackInfo).
void ExportRaw(Napi::Env env, Napi::Object exports, const char* name, napi_callback callback) {
  napi_value function = nullptr;
  napi_create_function(env, name, NAPI_AUTO_LENGTH, callback, nullptr, &function);
  exports.Set(name, Napi::Value(env, function));
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("abiVersion", Napi::Function::New(env, AbiVersion, "abiVersion"));
  exports.Set("availableThreads", Napi::Function::New(env, AvailableThreads, "availableThreads"));
  exports.Set("lastError", Napi::Function::New(env, LastError, "lastError"));
  exports.Set("planNew", Napi::Function::New(env, PlanNew, "planNew"));
  exports.Set("planFree", Napi::Function::New(env, PlanFree, "planFree"));
  ExportRaw(env, exports, "planExecute", PlanExecute);
  ExportRaw(env, exports, "fftn", Fftn);
  ExportRaw(env, exports, "rfftn", RealNd<dsp_rfftn>);
  ExportRaw(env, exports, "irfftn", RealNd<dsp_irfftn>);
  ExportRaw(env, exports, "dctn", Dctn);
  ExportRaw(env, exports, "window", Window);
  ExportRaw(env, exports, "stft", Stft);
  ExportRaw(env, exports, "istft", Istft);
  dsp_addon::InitNufft(env, exports);
  dsp_addon::InitSpectral(env, exports);
  dsp_addon::InitSpectralFeatures(env, exports);
  dsp_addon::InitHpssPitch(env, exports);
  return exports;
}

}  // namespace

// Shared with the addon's other source files (addon_shared.h).
napi_value dsp_addon::Refuse(napi_env env, std::string message, int32_t status) {
  return ::Refuse(env, std::move(message), status);
}

napi_value dsp_addon::CoreStatus(napi_env env, int32_t status) {
  return ::CoreStatus(env, status);
}

bool dsp_addon::GetFloatArray(napi_env env, napi_value value, void** data, size_t* length, bool* is_f64) {
  FloatView view;
  if (!::GetFloatArray(env, value, &view)) return false;
  *data = view.data;
  *length = view.length;
  *is_f64 = view.type == napi_float64_array;
  return true;
}

void dsp_addon::ExportRaw(Napi::Env env, Napi::Object exports, const char* name, napi_callback callback) {
  ::ExportRaw(env, exports, name, callback);
}

NODE_API_MODULE(dsp_native, Init)
