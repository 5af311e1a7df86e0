# The addon lives in src/ (as in sharp) so that installing the package never
# runs node-gyp by itself: a binding.gyp at the package root would make npm
# and pnpm build it on install, without the Rust core it links.
# `pnpm build` runs node-gyp rebuild --nodedir=/usr --directory=src; the
# module is written to ../build/Release/dsp_native.node, where the loader looks.
{
  "variables": {
    "core_dir": "<(module_root_dir)/../../../native",
  },
  "targets": [
    {
      "target_name": "dsp_native",
      "sources": ["addon.cc", "nufft.cc", "spectral.cc", "features_spectral.cc", "features_hpss_pitch.cc"],
      "product_dir": "<(module_root_dir)/../build/Release",
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "<(core_dir)/dsp-capi/include",
      ],
      "defines": [
        "NAPI_VERSION=8",
        "NAPI_DISABLE_CPP_EXCEPTIONS",
        "NODE_ADDON_API_DISABLE_DEPRECATED",
      ],
      "cflags_cc": ["-std=c++17", "-O3", "-fvisibility=hidden"],
      "libraries": [
        "<(core_dir)/target/release/libdsp_capi.a",
        "-lpthread",
        "-ldl",
        "-lm",
      ],
      "ldflags": [
        # Keep the core's Rust symbols (std included) private to this module,
        # so another addon that embeds Rust cannot clash with them.
        "-Wl,--exclude-libs,ALL",
        "-Wl,--gc-sections",
        # Rust's precompiled std carries debug info: most of the module's size, and no use to users.
        "-Wl,--strip-debug",
      ],
      "xcode_settings": {
        "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
        "MACOSX_DEPLOYMENT_TARGET": "11.0",
        "OTHER_LDFLAGS": ["-Wl,-dead_strip"],
      },
    },
  ],
}
