// What addon.cc shares with the addon's other source files (nufft.cc, spectral.cc).
#pragma once

#include <napi.h>

#include <cstdint>
#include <string>

namespace dsp_addon {

// A refusal by the addon itself: remembers `message` for lastError() and returns the status as a JS number.
napi_value Refuse(napi_env env, std::string message, int32_t status);
// undefined on DSP_OK, else the status as a JS number (the message is the core's).
napi_value CoreStatus(napi_env env, int32_t status);
// Adds the NUFFT entry points to the module's exports (nufft.cc).
void InitNufft(Napi::Env env, Napi::Object exports);
// Adds the sparse spectral tensor entry points (spectral.cc).
void InitSpectral(Napi::Env env, Napi::Object exports);

}  // namespace dsp_addon
