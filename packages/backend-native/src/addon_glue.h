// What the addon's glue files share with addon.cc: its refusal and status
// conventions (see the contract at the top of addon.cc) and their registration.
#ifndef DSP_ADDON_GLUE_H
#define DSP_ADDON_GLUE_H

#include <node_api.h>

#include <cstdint>
#include <string>

namespace dsp_addon {

// An argument refused before reaching the core: sets the message lastError() reports, returns the status.
napi_value RefuseArgument(napi_env env, std::string message);
// undefined on DSP_OK, else the status (the core's message stays readable through lastError()).
napi_value KernelStatus(napi_env env, int32_t status);

// features_hpss_pitch.cc: hpss, softmask, yin, pyin.
void RegisterHpssPitch(napi_env env, napi_value exports);

}  // namespace dsp_addon

#endif
