// Properties of the registry-note parser on arbitrary text: no crash; the same note gives the
// same spec; status "keys" exactly when keys were found; every key is a legal TXT key
// (RFC 6763 §6.4: printable US-ASCII, no '='); every family pattern is a valid regex that the
// catalog reads back; the --jsonl and catalog JSON forms round-trip (values: for UTF-8 notes).
#include <cstdint>
#include <cstdlib>
#include <regex>
#include <string>

#include "svcname/dnssd_name.h"
#include "svcname/txt/spec.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace svcname::txt;
  if (size > 8192) return 0;  // registry notes are short; keep the regex work bounded
  const std::string note(reinterpret_cast<const char*>(data), size);
  const auto s = parse_note("svc", note);
  const auto again = parse_note("svc", note);
  if (s.keys != again.keys || s.status != again.status || s.open != again.open ||
      s.inherits != again.inherits)
    std::abort();
  if ((s.status == spec_status::keys) != !s.keys.empty()) std::abort();
  for (const auto& k : s.keys) {
    if (k.key.empty()) std::abort();
    for (const char c : k.key)
      if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e || c == '=') std::abort();
    if (k.pattern) {
      try {
        const std::regex re(*k.pattern);
        (void)re;
      } catch (const std::regex_error&) {
        std::abort();
      }
    }
  }
  auto back = catalog::parse_json(to_json(s), "fuzz.json");
  if (!back || back->keys.size() != s.keys.size()) std::abort();
  // JSON carries text: invalid UTF-8 in a note comes back as U+FFFD, so compare values only
  // for UTF-8 notes (registry notes are UTF-8; keys are ASCII either way).
  const bool utf8 = svcname::is_valid_utf8(note);
  for (std::size_t i = 0; i < s.keys.size(); ++i)
    if (back->keys[i].key != s.keys[i].key || (utf8 && back->keys[i].values != s.keys[i].values) ||
        back->keys[i].pattern != s.keys[i].pattern)
      std::abort();
  auto line = catalog::parse_json(to_jsonl(s), "fuzz.jsonl");
  if (!line || line->keys.size() != s.keys.size()) std::abort();
  (void)note_mentions_txt_keys(note);
  return 0;
}
