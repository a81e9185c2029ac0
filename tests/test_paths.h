#pragma once
// Paths the tests use. The IANA snapshots are read from ../shared/registry, never copied.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace svcname::test {

inline std::string shared_registry(const std::string& file) {
  return std::string(SVCNAME_SHARED_DIR) + "/registry/" + file;
}
inline std::string data(const std::string& file) { return std::string(SVCNAME_TEST_DATA) + "/" + file; }
inline bool exists(const std::string& p) { return std::filesystem::exists(p); }
inline std::string slurp(const std::string& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}
/// A fresh empty directory under the build tree for one test (per process: CTest runs
/// test cases in parallel processes).
inline std::string scratch_dir(const std::string& name) {
  auto p = std::filesystem::path(SVCNAME_BINARY_DIR) / "test-scratch" /
           (name + "." + std::to_string(::getpid()));
  std::filesystem::remove_all(p);
  std::filesystem::create_directories(p);
  return p.string();
}

}  // namespace svcname::test
