// Properties of the TXT wire parser and the RFC 6763 §6 grader on arbitrary RDATA:
//  - parse -> write gives back the same bytes, and parse -> write -> parse the same record;
//  - check_wire(b).ok() implies parse_wire(b) has a value, and a parse failure is an error finding;
//  - the text form round-trips and escaped text never holds a control byte;
//  - the same input gives the same report; findings stay inside the RDATA;
//  - conformance checks against a few specs never crash.
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>
#include <vector>

#include "svcname/txt/check.h"

namespace {

const svcname::txt::catalog& specs() {
  static const svcname::txt::catalog c = [] {
    svcname::txt::catalog k;
    k.add_registry(svcname::txt::parse_note("adisk", "Defined TXT keys: sys, dkX"));
    k.add_registry(svcname::txt::parse_note("http", "Defined TXT keys: u=<username> p=<password> path=<path>"));
    k.add_registry(svcname::txt::parse_note("caldav", "This is an extension of the http service. Defined TXT keys: path=<p>"));
    k.add_registry(svcname::txt::parse_note("x", "Defined TXT keys: txtvers=1, role=<a or b>, c0, c1, ..., cn"));
    return k;
  }();
  return c;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace svcname;
  const std::span<const std::uint8_t> in(data, size);
  const auto parsed = txt::parse_wire(in);
  const auto rep = txt::check_wire(in);
  if (rep.ok() && !parsed) std::abort();
  if (!parsed && !rep.has(diag_code::txt_truncated) && !rep.has(diag_code::txt_rdata_too_large)) std::abort();
  const auto again = txt::check_wire(in);
  if (again.items.size() != rep.items.size()) std::abort();
  for (std::size_t i = 0; i < rep.items.size(); ++i)
    if (rep.items[i].code != again.items[i].code || rep.items[i].detail != again.items[i].detail) std::abort();
  for (const auto& d : rep.items)
    if (d.where.offset > size) std::abort();
  if (parsed) {
    const auto w = txt::write_wire(*parsed);
    if (!w || *w != std::vector<std::uint8_t>(in.begin(), in.end())) std::abort();
    const auto back = txt::parse_wire(std::span<const std::uint8_t>(*w));
    if (!back || !(*back == *parsed)) std::abort();
    const auto text = txt::to_text(*parsed);
    for (const char c : text)
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) std::abort();
    const auto from_text = txt::parse_text_line(text);
    // An empty record and a record of no strings both print as "" / nothing: compare bytes.
    if (!from_text || !(*from_text == *parsed)) std::abort();
    for (const char* type : {"_adisk._tcp", "_caldav._tcp", "_x._udp", "_none._tcp"})
      (void)txt::check_record(in, type, &specs());
  }
  const auto hex = txt::encode_hex(in);
  const auto unhex = txt::decode_hex(hex);
  if (!unhex || *unhex != std::vector<std::uint8_t>(in.begin(), in.end())) std::abort();
  return 0;
}
