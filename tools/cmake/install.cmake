# Installs the libraries, headers and a CMake package, so another project can use svcname with
#   find_package(svcname CONFIG REQUIRED)
#   target_link_libraries(app PRIVATE svcname::core svcname::registry svcname::lint ...)
# The libraries are static; the package config finds their private dependencies again
# (cmake/svcnameConfig.cmake.in). tests/install/ builds such a consumer against an install.
include(CMakePackageConfigHelpers)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/svcname DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
set(svcname_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/svcname)
install(EXPORT svcnameTargets NAMESPACE svcname:: DESTINATION ${svcname_cmake_dir})
# What the config must find again depends on which layers were built.
foreach(v BROWSE AVAHI CARES)
  if(SVCNAME_HAVE_${v})
    set(SVCNAME_PKG_HAVE_${v} ON)
  else()
    set(SVCNAME_PKG_HAVE_${v} OFF)
  endif()
endforeach()
configure_package_config_file(${PROJECT_SOURCE_DIR}/tools/cmake/svcnameConfig.cmake.in
  ${PROJECT_BINARY_DIR}/svcnameConfig.cmake INSTALL_DESTINATION ${svcname_cmake_dir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/svcnameConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/svcnameConfig.cmake ${PROJECT_BINARY_DIR}/svcnameConfigVersion.cmake
  DESTINATION ${svcname_cmake_dir})
