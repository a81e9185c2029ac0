// svcname browse / resolve, end to end, only on paths that stop before any packet is sent
// (no mDNS in the root namespace: the live tests are tests/netns/browse_test.sh).
#include <catch2/catch.hpp>

#include "run.h"

using svcname::test::run;

// The cases that name --backend mdns need the built-in backend in the build.
#ifdef SVCNAME_TEST_HAVE_MDNS
#define MDNS_TAG "[cli][browse]"
#else
#define MDNS_TAG "[cli][browse][!hide]"
#endif

TEST_CASE("browse needs a type or --all-types", "[cli][browse]") {
  auto r = run("browse");
  CHECK(r.status == 2);
  CHECK(r.err.find("--all-types") != std::string::npos);
}

TEST_CASE("browse rejects a malformed service type with the name findings", MDNS_TAG) {
  auto r = run("browse --backend mdns _daap._http._tcp");
  INFO(r.out << r.err);
  CHECK(r.status == 2);
  CHECK(r.err.find("type-nested-protocol") != std::string::npos);
  auto n = run("browse --backend mdns 'not a type'");
  CHECK(n.status == 2);
  CHECK(n.err.find("not a service type") != std::string::npos);
}

TEST_CASE("an unknown backend is an error that lists the built ones", "[cli][browse]") {
  auto r = run("browse --backend nope _http._tcp");
  INFO(r.out << r.err);
  CHECK(r.status == 3);
  CHECK(r.err.find("'nope'") != std::string::npos);
#ifdef SVCNAME_TEST_HAVE_MDNS
  CHECK(r.err.find("mdns") != std::string::npos);
#endif
}

TEST_CASE("an unknown interface is named with the usable ones", MDNS_TAG) {
  auto r = run("browse --backend mdns -i nope0 _http._tcp");
  INFO(r.out << r.err);
  CHECK(r.status == 2);
  CHECK(r.err.find("no interface named 'nope0'") != std::string::npos);
}

TEST_CASE("the mDNS backend refuses a unicast domain", MDNS_TAG) {
  auto r = run("browse --backend mdns -d example.com _http._tcp");
  INFO(r.out << r.err);
  CHECK(r.status == 3);
  CHECK(r.err.find("--backend unicast") != std::string::npos);
}

TEST_CASE("browse: --json and --parsable are exclusive, so are -4 and -6", "[cli][browse]") {
  CHECK(run("browse --json -p _http._tcp").status == 2);
  CHECK(run("browse -4 -6 _http._tcp").status == 2);
}

TEST_CASE("resolve wants a service instance name", MDNS_TAG) {
  auto r = run("resolve _ipp._tcp");
  INFO(r.out << r.err);
  CHECK(r.status == 2);
  CHECK(r.err.find("not a service instance name") != std::string::npos);
  // An unescaped dot inside the instance is pointed at, with the escape to use.
  auto d = run("resolve --backend mdns 'Printer 2.OG._ipp._tcp.local.'");
  INFO(d.out << d.err);
  CHECK(d.status == 2);
}

TEST_CASE("browse --help teaches with examples", "[cli][browse]") {
  auto r = run("browse --help");
  CHECK(r.status == 0);
  CHECK(r.out.find("Examples:") != std::string::npos);
  CHECK(r.out.find("--all-types") != std::string::npos);
  CHECK(r.out.find("avahi-browse -p") != std::string::npos);
}
