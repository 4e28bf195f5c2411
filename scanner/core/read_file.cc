#include "core/read_file.h"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace edgescan {

bool ReadFile(const std::string& path, std::string* out, std::string* error) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *error = std::string("cannot read file: ") + std::strerror(errno);
    return false;
  }
  struct stat st {};
  size_t size = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? static_cast<size_t>(st.st_size) : 0;
  out->clear();
  out->resize(size + 1);  // one spare byte: reading it says the file grew
  size_t have = 0;
  while (true) {
    if (have == out->size()) out->resize(out->size() * 2 + 4096);
    ssize_t n = read(fd, out->data() + have, out->size() - have);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      *error = std::string("read error: ") + std::strerror(errno);
      close(fd);
      out->clear();
      return false;
    }
    if (n == 0) break;
    have += static_cast<size_t>(n);
  }
  close(fd);
  out->resize(have);
  return true;
}

}  // namespace edgescan
