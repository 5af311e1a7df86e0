// What addon.cc shares with the addon's other source files (nufft.cc, spectral.cc, features_spectral.cc, features_hpss_pitch.cc).
#pragma once

#include <napi.h>

#include <cstdint>
#include <string>

namespace dsp_addon {

// A refusal by the addon itself: remembers `message` for lastError() and returns the status as a JS number.
napi_value Refuse(napi_env env, std::string message, int32_t status);
// undefined on DSP_OK, else the status as a JS number (the message is the core's).
napi_value CoreStatus(napi_env env, int32_t status);
// A Float32Array or Float64Array: its data, length and whether it is f64.
bool GetFloatArray(napi_env env, napi_value value, void** data, size_t* length, bool* is_f64);
// Exports a raw N-API callback.
void ExportRaw(Napi::Env env, Napi::Object exports, const char* name, napi_callback callback);
// Adds the NUFFT entry points to the module's exports (nufft.cc).
void InitNufft(Napi::Env env, Napi::Object exports);
// Adds the sparse spectral tensor entry points (spectral.cc).
void InitSpectral(Napi::Env env, Napi::Object exports);
// Adds the HPSS and pitch entry points (features_hpss_pitch.cc).
void InitHpssPitch(Napi::Env env, Napi::Object exports);
// Adds the spectral-feature entry points (features_spectral.cc).
void InitSpectralFeatures(Napi::Env env, Napi::Object exports);

}  // namespace dsp_addon
