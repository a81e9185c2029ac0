# Every library layer registers itself here so that the CLI, the fuzzers and the
# test runner can link "everything that was built" without a central list to edit.
#   svcname_library(<name> SOURCES ... [PUBLIC_DEPS ...] [PRIVATE_DEPS ...])
# creates target svcname_<name> with alias svcname::<name>, installed and exported under that name.
function(svcname_library name)
  cmake_parse_arguments(A "" "" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(svcname_${name} STATIC ${A_SOURCES})
  add_library(svcname::${name} ALIAS svcname_${name})
  target_include_directories(svcname_${name} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include> $<INSTALL_INTERFACE:include>
    PRIVATE ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(svcname_${name} PUBLIC ${A_PUBLIC_DEPS} PRIVATE ${A_PRIVATE_DEPS})
  # Consumers compile our headers as C++23 too: result<> is std::expected only there, and the
  # library's ABI must match what the consumer sees.
  target_compile_features(svcname_${name} PUBLIC cxx_std_23)
  svcname_warnings(svcname_${name})
  set_property(GLOBAL APPEND PROPERTY SVCNAME_LIBS svcname_${name})
  # Installed and exported as svcname::<name> (find_package(svcname), see cmake/svcnameConfig.cmake.in).
  set_target_properties(svcname_${name} PROPERTIES EXPORT_NAME ${name})
  install(TARGETS svcname_${name} EXPORT svcnameTargets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
endfunction()
