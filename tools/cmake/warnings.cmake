# Warnings for our own targets only (PRIVATE), -Werror through SVCNAME_WERROR.
function(svcname_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
    -Wsign-conversion -Wimplicit-fallthrough -Wnon-virtual-dtor)
  if(SVCNAME_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
