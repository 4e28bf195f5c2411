// Text for people: what a report may print of file names, URLs and other strings read from a repository, which may
// hold anything. Each byte that is not part of valid UTF-8 becomes U+FFFD (as the JSON writer does); control
// characters become their Unicode control pictures (U+2400 + code, DEL U+2421; C1 controls U+FFFD), so a report
// cannot recolour or rewrite the reader's terminal. The newline is kept when `keep_newline` (a whole page) and
// shown as U+240A otherwise (one field of a one-line row).
//
//   Printable("ctl\x1b[31m.py", false) == "ctl\u241b[31m.py"
#ifndef EDGESCAN_OUTPUT_PRINTABLE_H_
#define EDGESCAN_OUTPUT_PRINTABLE_H_

#include <string>
#include <string_view>

namespace edgescan::output {

inline std::string Printable(std::string_view s, bool keep_newline) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if ((c < 0x20 && !(keep_newline && c == '\n')) || c == 0x7f) {
        unsigned int picture = c == 0x7f ? 0x2421 : 0x2400 + c;
        out += static_cast<char>(0xe0 | (picture >> 12));
        out += static_cast<char>(0x80 | ((picture >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (picture & 0x3f));
      } else {
        out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    // Length and smallest code point of a sequence starting with c (rejects overlong forms and surrogates).
    int n = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    unsigned int cp = n == 2 ? c & 0x1f : n == 3 ? c & 0x0f : c & 0x07;
    bool ok = n > 0 && i + n <= s.size();
    for (int k = 1; ok && k < n; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      ok = (cc >> 6) == 0x2;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (ok) {
      ok = (n == 2 && cp >= 0x80) || (n == 3 && cp >= 0x800 && (cp < 0xd800 || cp > 0xdfff)) ||
           (n == 4 && cp >= 0x10000 && cp <= 0x10ffff);
    }
    if (!ok) {
      out += "\xef\xbf\xbd";  // U+FFFD for this one byte; resynchronise on the next
      ++i;
    } else if (cp < 0xa0) {
      out += "\xef\xbf\xbd";  // a C1 control character
      i += n;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

}  // namespace edgescan::output

#endif  // EDGESCAN_OUTPUT_PRINTABLE_H_
