// Writing a whole file so that no reader ever sees part of it: `--out FILE` (scan, graph, diff) and the per-service
// documents of a multi-root scan.
//
// The data goes to a temporary file that mkstemp creates in FILE's own folder ("FILE.tmp-edgescan-<pid>-XXXXXX",
// unique per writer, so two processes writing the same FILE never share one), is fsync'd, and is renamed over FILE;
// then the folder is fsync'd (best effort: a folder that refuses fsync is no error). A reader sees the previous
// document or the new one whole; with several writers at once the last rename wins and each is complete. While the
// temporary exists it is registered with core/signals.h, so SIGINT/SIGTERM remove it; on any failure it is removed
// here and the Status says which file and why (the system's reason). The new file's mode is 0666 less the umask, as
// a plain open() would give.
//
//   Status s = WriteFileAtomically("out/scan.json", text);
//   if (!s.ok()) std::cerr << "edgescan: " << s.message() << "\n";
//
// Call from the main thread only (the stop handler keeps one pending temporary file; see core/signals.h).
#ifndef EDGESCAN_CORE_ATOMIC_FILE_H_
#define EDGESCAN_CORE_ATOMIC_FILE_H_

#include <string>
#include <string_view>

#include "core/status.h"

namespace edgescan {

Status WriteFileAtomically(const std::string& path, std::string_view data);

}  // namespace edgescan

#endif  // EDGESCAN_CORE_ATOMIC_FILE_H_
