// Typed rules: everything edgescan *knows* about libraries, frameworks and brittleness, loaded from rules/*.json.
//
// Owned by ruleset/: loader.cc turns JSON (comments allowed) into these structs; builtin.cc holds the defaults
// compiled in from rules/. A bad rule file stops start-up with "file:line: field: what to do". The format is
// documented field by field in rules/README.md.
//
// Matching is on *resolved qualified names* ("requests.get" whatever the import alias), never on source text.
// `names` are exact qualified names; `patterns` are RE2 full-match patterns over qualified names.
#ifndef EDGESCAN_RULESET_RULE_H_
#define EDGESCAN_RULESET_RULE_H_

#include <memory>
#include <string>
#include <vector>

#include "core/regex.h"

namespace edgescan::ruleset {

// Where an argument is: positional index (-1 = none) and/or keyword name ("" = none).
struct ArgRef {
  int arg = -1;
  std::string kw;
  bool present() const { return arg >= 0 || !kw.empty(); }
};

// A call that reaches a peer (a library function, or a method of a client object).
struct CallRule {
  std::vector<std::string> names;  // "requests.get" (functions) or "get" (methods)
  std::string method;              // fixed HTTP method ("GET"), "" when taken from method_arg or unknown
  ArgRef method_arg;               // requests.request("PUT", url)
  ArgRef url;                      // where the URL (or path joined to a base URL) is
  std::string transport;           // overrides the library's transport
  std::string peer;                // overrides the library's peer
  std::string kind;                // overrides the library's kind
  bool no_edge = false;            // a known call that makes no request (constructors, helpers)
  std::string returns;             // type the call returns (a client object), "" = none
  std::string type_from_arg;       // factory: type chosen by a string argument, e.g. boto3.client("s3") -> "boto3.s3"
  ArgRef type_arg;
  std::string url_prefix;          // literal scheme/prefix for the URL, e.g. "s3://"
  int line = 0;                    // in the rule file, for messages
};

// A client class (or factory-made object type): how it is built and which methods make requests.
struct ClassRule {
  std::vector<std::string> names;  // constructors / factory qualnames: "requests.Session", "requests.session"
  std::string type;                // canonical type id carried by objects: "requests.Session"
  ArgRef base_url;                 // constructor argument holding a base URL (httpx base_url=, EdxApi(creds, base_url))
  ArgRef timeout;                  // constructor argument setting a default timeout
  std::vector<CallRule> methods;   // methods that make requests (names are bare method names)
  std::vector<std::string> attributes;  // attribute chains that stay the same client: "enrollments", "grades"
  bool any_method = false;         // every method call on it reaches the peer (SDK clients)
  std::string any_method_http;     // HTTP method for any_method calls, "" = unknown
  int line = 0;
};

// A library: one rules/<family>/<name>.json file with "id": "<family>-<name>".
struct ClientRule {
  std::string id;
  std::string file;
  std::string library;             // human name: "requests"
  std::string kind = "http_call";  // http_call | sdk_call
  std::string transport = "REST JSON";
  std::string peer;                // fixed peer ("S3"), "" = from URL / settings
  bool timeout_applies = false;    // calls take timeout=; a call without one is `no_timeout`
  std::vector<CallRule> functions;
  std::vector<ClassRule> classes;
};

// An environment getter: os.environ.get("X", default), get_string(name="X", default=...), env.int("X") ...
struct EnvGetterRule {
  std::vector<std::string> names;
  std::vector<std::shared_ptr<Regex>> patterns;
  ArgRef name{0, ""};
  ArgRef default_value{1, "default"};
  std::string cast;  // "str", "int", "bool", "list", "url", "" = as written
  int line = 0;
  std::string file;
};

// Host -> peer name (RE2 full match on the host).
struct HostPeerRule {
  std::shared_ptr<Regex> host;
  std::string peer;
  std::string transport;  // optional transport override ("S3")
};

struct RuleSet {
  std::vector<ClientRule> clients;
  std::vector<EnvGetterRule> env_getters;
  std::vector<std::string> env_mappings;  // qualnames that are os.environ-like mappings: os.environ["X"]
  std::vector<HostPeerRule> hosts;
  std::vector<std::string> files;  // every file loaded, in order (for the rules hash)
  std::string hash;                // hash of all loaded rule text
};

}  // namespace edgescan::ruleset

#endif  // EDGESCAN_RULESET_RULE_H_
