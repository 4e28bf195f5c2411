// Binary encoding of what the cache stores: one file's outcome (module facts + diagnostics) and a whole scan result.
//
// Why our own format: the facts are a small fixed tree of structs (module_facts.h), and the cache must load them far
// faster than re-parsing; JSON would cost about as much as the parse it saves. One symmetric description per struct
// (Io(archive, value)) drives both directions, so encoder and decoder cannot drift apart.
//
// Decoding never trusts its input: every length is checked against the bytes left, every enum against its range,
// nesting against a depth bound; a bad entry is an error (the caller rebuilds it), never a crash.
//
//   std::string bytes = EncodeFileEntry(entry);
//   StatusOr<FileEntry> back = DecodeFileEntry(bytes);
#ifndef EDGESCAN_CACHE_CODEC_H_
#define EDGESCAN_CACHE_CODEC_H_

#include <optional>
#include <string>
#include <string_view>

#include "core/diagnostic.h"
#include "core/status.h"
#include "edges/edge.h"
#include "facts/module_facts.h"

namespace edgescan::cache {

// What reading, parsing and extracting one file produced.
struct FileEntry {
  std::optional<facts::ModuleFacts> facts;  // absent when the file was skipped (binary content, unreadable)
  Diagnostics diagnostics;                  // read/parse/facts diagnostics of this file
  bool skipped = false;
};

std::string EncodeFileEntry(const FileEntry& entry);
StatusOr<FileEntry> DecodeFileEntry(std::string_view bytes);

// A scan result without its timing (stats.seconds is not stored).
std::string EncodeScanResult(const edges::ScanResult& result);
StatusOr<edges::ScanResult> DecodeScanResult(std::string_view bytes);

}  // namespace edgescan::cache

#endif  // EDGESCAN_CACHE_CODEC_H_
