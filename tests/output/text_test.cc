// --format text on built results: what a long real-world peer looks like (caps), and colour on/off.
#include "output/text.h"

#include <gtest/gtest.h>

namespace edgescan::output {
namespace {

edges::Edge Call(int line, const std::string& cadence, const std::string& callee) {
  edges::Edge e;
  e.id = "id" + std::to_string(line);
  e.kind = "sdk_call";
  e.direction = "outbound";
  e.service = "svc";
  e.peer = "HubSpot";
  e.transport = "SDK:hubspot";
  e.callee = callee;
  e.cadence = edges::Cadence{};
  e.cadence->text = cadence;
  e.location = {"hub/api.py", line, 5, "hub.api.f"};
  return e;
}

TEST(TextReport, LongPeersAreCappedAndSdkCallsNameTheirLibraryCall) {
  edges::ScanResult r;
  r.root = "repo";
  r.service = "svc";
  const char* cadences[] = {"every 2h (default of env SYNC_SECONDS)", "on request", "on demand", "on event"};
  for (int i = 1; i <= 12; ++i) r.edges.push_back(Call(i, cadences[i % 4], "hubspot.crm.contacts.basic_api.create"));
  std::string text = WriteText(r);
  // The heading: the first two distinct cadences without their env notes, the rest counted.
  EXPECT_NE(text.find("  HubSpot  SDK:hubspot · on request; on demand; +2 more · 12 calls\n"), std::string::npos) << text;
  EXPECT_NE(text.find("    -       hubspot.crm.contacts.basic_api.create()  hub/api.py:1   id1\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("hub/api.py:10"), std::string::npos) << text;
  EXPECT_EQ(text.find("hub/api.py:11"), std::string::npos) << text;
  EXPECT_NE(text.find("    … and 2 more calls (--format json or markdown lists every call)\n"), std::string::npos) << text;
  EXPECT_NE(text.find("svc: 12 outbound calls to 1 peer, 0 inbound routes, 0 schedules, 0 brittle linkages\n"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("\x1b["), std::string::npos);
}

TEST(TextReport, ColourWrapsStylesWithoutChangingAlignment) {
  edges::ScanResult r;
  r.root = "repo";
  r.service = "svc";
  r.edges.push_back(Call(1, "on request", "x.y"));
  r.edges.back().brittle = {"no_timeout"};
  std::string plain = WriteText(r, {false});
  std::string coloured = WriteText(r, {true});
  EXPECT_NE(coloured.find("\x1b[31m⚠ no_timeout\x1b[0m"), std::string::npos) << coloured;
  // Removing the escape codes gives the plain text back.
  std::string stripped;
  for (size_t i = 0; i < coloured.size(); ++i) {
    if (coloured[i] == '\x1b') {
      i = coloured.find('m', i);
      continue;
    }
    stripped += coloured[i];
  }
  EXPECT_EQ(stripped, plain);
}

}  // namespace
}  // namespace edgescan::output
