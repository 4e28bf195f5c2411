#include "core/atomic_file.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "core/signals.h"

namespace edgescan {
namespace {

std::string Folder(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

bool WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// Creates the temporary file and registers it with the stop handler with SIGINT/SIGTERM blocked, so a stop between
// the two cannot leave it behind. Returns the descriptor (-1 with errno set) and the name in *tmp.
int CreateTemporary(const std::string& path, std::string* tmp) {
  sigset_t stop, old;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, &old);
  std::string suffix = ".tmp-edgescan-" + std::to_string(::getpid()) + "-XXXXXX";
  int fd = -1;
  // FILE's name plus the suffix may pass NAME_MAX: then a shorter hidden name in the same folder.
  for (const std::string& candidate : {path + suffix, Folder(path) + "/." + suffix.substr(1)}) {
    std::vector<char> name(candidate.begin(), candidate.end());
    name.push_back('\0');
    fd = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd >= 0) {
      tmp->assign(name.data());
      SetPendingOutput(tmp->c_str());
      break;
    }
    if (errno != ENAMETOOLONG) break;
  }
  int saved = errno;
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  errno = saved;
  return fd;
}

}  // namespace

Status WriteFileAtomically(const std::string& path, std::string_view data) {
  auto failed = [&](const char* step, int err) {
    return UnavailableError("cannot write " + path + " (" + step + ": " + std::strerror(err) + ")");
  };
  std::string tmp;
  int fd = CreateTemporary(path, &tmp);
  if (fd < 0) return failed("create", errno);
  mode_t mask = ::umask(0);  // read the umask (main thread only, see the header)
  ::umask(mask);
  const char* step = nullptr;
  if (::fchmod(fd, 0666 & ~mask) != 0) {
    step = "chmod";
  } else if (!WriteAll(fd, data)) {
    step = "write";
  } else if (::fsync(fd) != 0) {
    step = "fsync";
  }
  int err = errno;
  if (::close(fd) != 0 && step == nullptr) {
    step = "close";
    err = errno;
  }
  if (step == nullptr && std::rename(tmp.c_str(), path.c_str()) != 0) {
    step = "rename";
    err = errno;
  }
  if (step != nullptr) {
    ::unlink(tmp.c_str());
    SetPendingOutput(nullptr);
    return failed(step, err);
  }
  SetPendingOutput(nullptr);
  // Make the rename itself durable; some file systems refuse fsync on a folder, which is no reason to fail.
  int dir = ::open(Folder(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return Status::Ok();
}

}  // namespace edgescan
