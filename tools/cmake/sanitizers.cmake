# SVCNAME_SANITIZE="address;undefined": every target, -fno-sanitize-recover so UBSan fails tests.
if(SVCNAME_SANITIZE)
  string(REPLACE ";" "," _san "${SVCNAME_SANITIZE}")
  add_compile_options(-fsanitize=${_san} -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${_san})
endif()
# SVCNAME_FUZZ=ON (clang): coverage instrumentation everywhere; fuzz targets link libFuzzer.
if(SVCNAME_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "SVCNAME_FUZZ needs clang (libFuzzer): -DCMAKE_CXX_COMPILER=clang++")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
  add_link_options(-fsanitize=fuzzer-no-link)
endif()
