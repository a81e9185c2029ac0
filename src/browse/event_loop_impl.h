#pragma once
// Internal: what event_loop hides. Backends (src/backend/*) include this to reach the
// io_context; nothing under include/ may include it.
#include <utility>  // before any Asio header: Boost 1.74 under -std=c++23 needs it

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <optional>

#include "svcname/browse.h"

namespace svcname {

struct event_loop::impl {
  boost::asio::io_context io{1};  // one thread runs the loop
  std::optional<boost::asio::signal_set> signals;
  int interrupted_by = 0;
};

/// The io_context of @p loop (for backends).
inline boost::asio::io_context& io_context_of(event_loop& loop) noexcept {
  return loop.native().io;
}

}  // namespace svcname
