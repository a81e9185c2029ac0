// Backend-neutral parts of browse.h: addresses, the backend registry, check_resolved().
#include <catch2/catch.hpp>

#include "svcname/browse.h"

using namespace svcname;

TEST_CASE("addresses print as RFC 5952 text with link-local scope", "[browse]") {
  CHECK(ip_address::v4({198, 18, 77, 1}).to_string() == "198.18.77.1");
  CHECK(ip_address::v6({0xfd, 0x77, 0x7e, 0x57, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}).to_string() == "fd77:7e57::1");
  auto ll = ip_address::v6({0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x02, 0x11, 0x22, 0xff, 0xfe, 0x33, 0, 0x44}, 3);
  CHECK(ll.is_link_local());
  CHECK(ll.to_string() == "fe80::211:22ff:fe33:44%3");
  CHECK(ll.to_string("eth0") == "fe80::211:22ff:fe33:44%eth0");
  CHECK(ip_address::v6({}).to_string() == "::");
  CHECK(ip_address::v6({0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1}).to_string() == "1:0:0:1::1");
  CHECK(ip_address::v6({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1}).to_string() ==
        "2001:db8:0:1:1:1:1:1");  // a single zero group is not shortened (RFC 5952 §4.2.2)
  CHECK(ip_address::v4({169, 254, 0, 1}).is_link_local());
}

TEST_CASE("the built-in mDNS backend is registered and auto picks by domain", "[browse]") {
  const auto* m = find_backend("mdns");
  if (!m) {
    WARN("built without the mDNS backend (SVCNAME_WITH_MDNS=OFF): nothing to check");
    return;
  }
  CHECK(m->serves_domain("local"));
  CHECK(m->serves_domain("local."));
  CHECK(m->serves_domain(""));
  CHECK_FALSE(m->serves_domain("example.com"));
  CHECK(find_backend("nope") == nullptr);
  event_loop loop;
  auto b = make_backend(loop, "nope", "local", {});
  REQUIRE_FALSE(b);
  CHECK(b.error().message.find("mdns") != std::string::npos);  // lists what is available
  CHECK(is_local_domain("LOCAL"));
  CHECK_FALSE(is_local_domain("example.test"));
}

TEST_CASE("check_resolved reports missing TXT, empty TXT and missing addresses", "[browse]") {
  resolve_result r;
  r.host = "hosta.local.";
  r.port = 80;
  auto a = check_resolved(r);
  CHECK(a.has(diag_code::disc_txt_missing));
  CHECK(a.has(diag_code::disc_no_address));
  r.has_txt = true;
  auto b = check_resolved(r);
  CHECK(b.has(diag_code::disc_txt_empty_record));
  r.txt = {""};
  r.addresses.push_back({ip_address::v4({192, 0, 2, 1}), 120});
  CHECK(check_resolved(r).items.empty());
  r.host = ".";
  auto c = check_resolved(r);
  CHECK(c.has(diag_code::disc_srv_target_bad));
  CHECK_FALSE(c.ok());
  // Every discovery code has a rule with a citation.
  for (auto code : {diag_code::disc_txt_missing, diag_code::disc_no_address, diag_code::disc_srv_target_bad,
                    diag_code::disc_txt_empty_record, diag_code::disc_unresolved}) {
    const auto* rule = rule_of(code);
    REQUIRE(rule);
    CHECK_FALSE(rule->cite.empty());
  }
}

TEST_CASE("event loop: timers run, cancelled timers do not", "[browse]") {
  event_loop loop;
  int ran = 0;
  auto t1 = loop.call_after(std::chrono::milliseconds(0), [&] { ++ran; });
  auto t2 = loop.call_after(std::chrono::milliseconds(0), [&] { ran += 10; });
  t2.cancel();
  loop.post([&] { ran += 100; });
  loop.run();
  CHECK(ran == 101);
}
