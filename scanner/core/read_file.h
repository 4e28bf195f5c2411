// Reading a whole file into a string: one open, one fstat, reads into a buffer of the file's size (a stream copy
// through a stringbuf cost 4% of a rescan); a file that grows or shrinks meanwhile is read to its end all the same.
//
//   std::string text, error;
//   if (!ReadFile(path, &text, &error)) report(error);   // "cannot read file: Permission denied"
#ifndef EDGESCAN_CORE_READ_FILE_H_
#define EDGESCAN_CORE_READ_FILE_H_

#include <string>

namespace edgescan {

bool ReadFile(const std::string& path, std::string* out, std::string* error);

}  // namespace edgescan

#endif  // EDGESCAN_CORE_READ_FILE_H_
