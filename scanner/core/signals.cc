#include "core/signals.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstring>

namespace edgescan {
namespace {

// A fixed buffer: the handler may only touch async-signal-safe state.
char g_pending[4096];
std::atomic<bool> g_has_pending{false};

void OnStop(int sig) {
  if (g_has_pending.load()) unlink(g_pending);
  _exit(128 + sig);
}

}  // namespace

void InstallStopHandlers() {
  struct sigaction sa;
  std::memset(&sa, 0, sizeof sa);
  sa.sa_handler = OnStop;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

void SetPendingOutput(const char* path) {
  g_has_pending.store(false);
  if (path == nullptr || std::strlen(path) >= sizeof g_pending) return;
  std::memcpy(g_pending, path, std::strlen(path) + 1);
  g_has_pending.store(true);
}

}  // namespace edgescan
