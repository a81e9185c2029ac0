// event_loop: a thin pimpl over boost::asio::io_context so that no Boost type appears in
// include/svcname/browse.h.
#include "browse/event_loop_impl.h"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <csignal>

namespace svcname {

event_loop::event_loop() : impl_(std::make_unique<impl>()) {}
event_loop::~event_loop() = default;

std::size_t event_loop::run() { return impl_->io.run(); }
std::size_t event_loop::run_for(std::chrono::milliseconds d) { return impl_->io.run_for(d); }
std::size_t event_loop::poll() { return impl_->io.poll(); }
void event_loop::stop() noexcept { impl_->io.stop(); }
bool event_loop::stopped() const noexcept { return impl_->io.stopped(); }
void event_loop::restart() { impl_->io.restart(); }
void event_loop::post(std::function<void()> fn) { boost::asio::post(impl_->io, std::move(fn)); }

namespace {

// A one-shot timer whose callback cannot run after cancel(): the handler checks a flag
// owned by the shared state, and cancel() clears the callback.
class timer_op final : public operation {
 public:
  struct state {
    explicit state(boost::asio::io_context& io) : t(io) {}
    boost::asio::steady_timer t;
    std::function<void()> fn;
  };
  timer_op(boost::asio::io_context& io, std::chrono::milliseconds d, std::function<void()> fn)
      : s_(std::make_shared<state>(io)) {
    s_->fn = std::move(fn);
    s_->t.expires_after(d);
    s_->t.async_wait([s = s_](const boost::system::error_code& ec) {
      if (ec || !s->fn) return;
      auto f = std::move(s->fn);
      s->fn = nullptr;
      f();
    });
  }
  ~timer_op() override { cancel(); }
  void cancel() noexcept override {
    s_->fn = nullptr;
    s_->t.cancel();
  }

 private:
  std::shared_ptr<state> s_;
};

}  // namespace

timer event_loop::call_after(std::chrono::milliseconds d, std::function<void()> fn) {
  return timer(std::make_unique<timer_op>(impl_->io, d, std::move(fn)));
}

void event_loop::stop_on_signals() {
  if (impl_->signals) return;
  impl_->signals.emplace(impl_->io, SIGINT, SIGTERM);
  impl_->signals->async_wait([this](const boost::system::error_code& ec, int sig) {
    if (ec) return;
    impl_->interrupted_by = sig;
    impl_->io.stop();
  });
}

int event_loop::interrupted_by() const noexcept { return impl_->interrupted_by; }

}  // namespace svcname
