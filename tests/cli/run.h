#pragma once
// Runs the built svcname binary with a private HOME/XDG dirs and captures its output.
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <string>

#include "test_paths.h"

namespace svcname::test {

struct run_result {
  int status = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

/// @param args already shell-quoted arguments; @param env extra "VAR=value " assignments.
inline run_result run(const std::string& args, const std::string& env = "",
                      const std::string& stdin_text = "") {
  static int n = 0;
  const auto dir = scratch_dir("cli-run-" + std::to_string(++n));
  const std::string errf = dir + "/stderr", inf = dir + "/stdin";
  {
    std::ofstream(inf) << stdin_text;
  }
  const std::string cmd = "env -u SVCNAME_REGISTRY HOME=" + dir + " XDG_CONFIG_HOME=" + dir + "/config XDG_DATA_HOME=" + dir +
                          "/data XDG_CACHE_HOME=" + dir + "/cache NO_COLOR=1 " + env + " " +
                          SVCNAME_EXE + " " + args + " <" + inf + " 2>" + errf;
  run_result r;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf{};
  std::size_t got;
  while ((got = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), got);
  const int st = ::pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  r.err = slurp(errf);
  return r;
}

inline std::string registry_2026() {
  return shared_registry("service-names-port-numbers-2026-08-17.xml");
}

}  // namespace svcname::test
