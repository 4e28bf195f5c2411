// Clean stops on SIGINT / SIGTERM (issue 9): the process exits at once with 128 + signal (130 / 143), after removing
// the temporary file an --out write may have in progress, so an interrupted run never leaves a document that looks
// complete. Documents are written only at the end, to a temporary file renamed into place, so there is no partial
// output to undo anywhere else.
//
//   InstallStopHandlers();
//   SetPendingOutput(tmp_path.c_str());  ... write, rename ...  SetPendingOutput(nullptr);
// (core/atomic_file.h does this for every document written.)
#ifndef EDGESCAN_CORE_SIGNALS_H_
#define EDGESCAN_CORE_SIGNALS_H_

namespace edgescan {

void InstallStopHandlers();
// The temporary file to unlink if a stop signal arrives (copied; nullptr = none). Not thread-safe: call from the
// main thread only.
void SetPendingOutput(const char* path);

}  // namespace edgescan

#endif  // EDGESCAN_CORE_SIGNALS_H_
