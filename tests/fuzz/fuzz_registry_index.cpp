// The compact index is read from a user-writable cache: arbitrary bytes must be rejected or
// yield lookups that stay in bounds (ASan checks).
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "svcname/registry/registry.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The index is validated on open; exercise it through the public open path with a forged
  // cache file whose stamp matches a tiny source file.
  static const std::string dir = [] {
    auto d = std::filesystem::temp_directory_path() / ("svcname-fuzz-index-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d.string();
  }();
  const std::string src = dir + "/src.xml";
  {
    std::ofstream f(src, std::ios::trunc);
    f << "<registry id=\"service-names-port-numbers\"><record><name>a</name><number>1</number>"
         "</record></registry>";
  }
  auto good = svcname::registry::registry::open(src, dir);
  if (!good) std::abort();
  const std::string idx = good->info().cache;
  if (idx.empty()) return 0;
  // Keep the real header stamp (first 64 bytes) so the forged body is actually parsed.
  std::string bytes = good->serialize();
  std::string forged = bytes.substr(0, std::min<std::size_t>(64, bytes.size()));
  forged.append(reinterpret_cast<const char*>(data), size);
  {
    std::ofstream f(idx, std::ios::binary | std::ios::trunc);
    f.write(forged.data(), static_cast<std::streamsize>(forged.size()));
  }
  auto r = svcname::registry::registry::open(src, dir);
  if (!r) std::abort();  // a bad index is rebuilt, never an error
  for (std::size_t i = 0; i < r->size(); ++i) (void)r->at(i).materialize();
  (void)r->by_name("a");
  (void)r->by_port(1);
  (void)r->names();
  return 0;
}
