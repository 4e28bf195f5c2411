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

#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/regex.h"

namespace edgescan::ruleset {

// Where an argument is: positional index (-1 = none) and/or keyword name ("" = none).
struct ArgRef {
  int arg = -1;
  std::string kw;
  // The argument is a dict (or a dict of dicts, one level down) and what counts is its entry `key`:
  // Flow.from_client_config({"web": {"token_uri": ...}}) with {"arg": 0, "key": "token_uri"}.
  std::string key;
  bool present() const { return arg >= 0 || !kw.empty(); }
};

// A condition on one argument of a call: {"arg": 0, "is": "pycurl.URL"} holds when that argument is the named
// qualified name (or the string); {"kw": "allow_url", "is": true} when it evaluates to that boolean.
struct Condition {
  ArgRef arg;
  std::string is_name;       // qualified name or string value the argument must be
  int is_bool = -1;          // 0 / 1: the boolean it must evaluate to; -1 = not a boolean condition
  bool present() const { return arg.present(); }
};

// A call configuring a registry of clients, which a registry read (CallRule::configured_by) takes its base URL from:
// opensearch_dsl's `connections.configure(default={"hosts": [...]})`, read by `connections.get_connection()`.
struct Configurer {
  std::vector<std::string> names;  // qualified names of the configuring functions
  ArgRef arg;                      // the argument holding the URL(s)
  std::string key;                 // the entry of that (dict) argument holding them; "" = the argument itself
};

// A call that reaches a peer (a library function, or a method of a client object).
struct CallRule {
  std::vector<std::string> names;  // "requests.get" (functions) or "get" (methods)
  std::string method;              // fixed HTTP method ("GET"), "" when taken from method_arg or unknown
  ArgRef method_arg;               // requests.request("PUT", url)
  ArgRef url;                      // where the URL (or path joined to a base URL) is
  std::string transport;           // overrides the library's transport
  std::string peer;                // overrides the library's peer
  // The argument naming the system the call reaches (mitol's PaymentGateway.start_refund(payment_type, ...):
  // "CyberSource" / "Stripe"): its value, when known statically, is the peer; else `peer` stands.
  ArgRef peer_arg;
  std::string kind;                // overrides the library's kind
  bool no_edge = false;            // a known call that makes no request (constructors, helpers)
  std::string returns;             // type the call returns (a client object), "" = none
  std::string type_from_arg;       // factory: type chosen by a string argument, e.g. boto3.client("s3") -> "boto3.s3"
  ArgRef type_arg;
  // A wrapper that sends through the client passed as this argument (LangGraph create_react_agent(model, ...)):
  // the object it returns is that client, so its methods are the client's requests.
  ArgRef returns_arg;
  ArgRef model_arg;  // the call's model name ("openai/gpt-4o"): its provider is the peer when nothing else names one
  // The agent the call returns runs the repo's tool functions (those decorated with one of these, `@tool`) whenever
  // it is invoked or streamed: a call graph edge from each such call to every tool.
  std::vector<std::string> runs_tools;
  std::string url_prefix;          // literal scheme/prefix for the URL, e.g. "s3://"
  std::vector<ArgRef> url_join;    // more arguments joined to the URL with "/": get_object(Bucket=b, Key=k)
  std::string path;                // literal path the call requests under the client's base URL (edx-api-client);
                                   // "{name}" parts stay placeholders unless path_args fills them
  // Arguments filling the path's "{name}" parts (OpenSearch `indices.put_alias(index=..., name=...)` is
  // "/{index}/_alias/{name}"); a "{name?}" part whose argument is not passed is left out with its "/".
  std::vector<std::pair<std::string, ArgRef>> path_args;
  // Alternatives to `path` (which is the last of them), tried in order: the first whose every required "{name}"
  // part has its argument passed is used (Elasticsearch 6's "/{index}/{doc_type}/{id}/_create" when doc_type= is
  // passed, else 7's "/{index}/_create/{id}").
  std::vector<std::string> path_alternatives;
  // The call sends through the client object passed as this argument (opensearch-py's helpers.bulk(client, ...)):
  // its base URL is that client's.
  ArgRef client_arg;
  // A helper library reading a Django setting for its endpoint (mitol-olposthog's POSTHOG_API_HOST): the URL is the
  // repo's value of that setting, when nothing else gives one.
  std::string url_setting;
  bool path_overlap = false;       // the leading segments of `path` the URL already ends with are not added again
                                   // (edx-rest-api-client: ".../oauth2" + "/oauth2/access_token" is
                                   // ".../oauth2/access_token")
  Condition only_if;               // the call is a request only when this holds (pycurl setopt(pycurl.URL, u))
  int timeout = -1;                // 0: this call has its own default timeout (overrides the library's "timeout");
                                   // 1: it takes timeout= and waits forever without it; -1: as the library says
  bool url_only = false;           // the argument may be content instead (feedparser.parse(text)): an edge only when
                                   // it is, or may be, a URL (not a known non-URL string, not a response body)
  std::vector<Configurer> configured_by;  // a registry read: the object it returns is configured by these calls
  int line = 0;                    // in the rule file, for messages
};

// An attribute of a client that is another client type: {"name": "enrollments", "type": "edx_api...Enrollments"}.
struct AttributeRule {
  std::string name;
  std::string type;
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
  // Object tracking beyond one constructor (issue 4):
  std::vector<AttributeRule> typed_attributes;  // attributes holding another client type: EdxApi().enrollments
  bool any_attribute = false;      // every attribute is the same client (SDK namespaces: hubspot .crm.contacts)
  bool fluent = false;             // other method calls return the same object (request builders: googleapiclient)
  bool composable = false;         // `a | model | b` (a LangChain pipeline) is this object: invoking it calls the model
  std::vector<ArgRef> base_url_join;  // more constructor arguments joined to base_url with "/": Object(bucket, key)
  std::string url_prefix;          // literal put before the base URL ("s3://", "https://" for HTTPSConnection)
  std::string default_url;         // the library's endpoint when the constructor names none ("https://api.openai.com/v1")
  // A function rule with configured_by (opensearch_dsl's connections.get_connection): objects of this class send
  // through the client that registry holds, so its configured hosts come before base_url (Search(index=...)).
  std::string connection_from;
  // Literal put before this object's base_url part when an earlier object in the chain gave the root: a PyGithub
  // Repository from get_repo("o/r") is "{root}/repos/o/r" ("/repos").
  std::string path_prefix;
  ArgRef client_arg;               // ... or through the client object passed as this argument (Search(using=es))
  // A fluent request builder's last step names the HTTP method (googleapiclient `files().list()` is GET,
  // `.insert()` POST ...): {"list": "GET", ...}, used when no method rule gives one.
  std::vector<std::pair<std::string, std::string>> verbs;
  ArgRef model_arg;                // the constructor's model name ("openai/gpt-4o"): its provider is the peer (model_providers)
  ArgRef method;                   // constructor argument holding the HTTP method (urllib.request.Request)
  ArgRef verify;                   // constructor argument that turns TLS verification off when False
  std::string transport;           // override the library's transport / peer / kind for this type
  std::string peer;
  std::string kind;
  int line = 0;
};

// A library: one rules/<family>/<name>.json file with "id": "<family>-<name>".
// Where a library's calls go is a setting naming a backend class (Django mail: EMAIL_BACKEND), unless the call is
// given a connection made for another backend (`connection=get_connection(settings.NOTIFICATION_EMAIL_BACKEND)`).
struct BackendChoice {
  std::shared_ptr<Regex> pattern;  // RE2 full match on the backend's dotted path
  std::string peer;
  std::string transport;           // "" = the library's
  std::string url;                 // the provider API's endpoint ("https://api.mailgun.net/v3/{sender_domain}/messages")
  std::string method;              // its HTTP method
};
struct BackendRule {
  std::string setting;             // "EMAIL_BACKEND"
  std::string default_backend;     // the framework's default when settings do not set it
  ArgRef connection{-1, "connection", ""};  // the call's (or its object's constructor's) connection argument
  std::vector<std::string> factories;   // calls making a connection: get_connection
  ArgRef backend{0, "backend", ""};       // the argument of such a call naming the backend
  std::vector<BackendChoice> choices;
  bool present() const { return !setting.empty(); }
};

struct ClientRule {
  std::string id;
  std::string file;
  std::string library;             // human name: "requests"
  std::string kind = "http_call";  // http_call | sdk_call
  std::string transport = "REST JSON";
  std::string peer;                // fixed peer ("S3"), "" = from URL / settings
  bool timeout_applies = false;    // calls take timeout=; a call without one is `no_timeout`
  bool timeout_unsupported = false;  // "timeout": "unsupported": the library cannot time out; every call is no_timeout
  std::vector<std::string> verify_keywords{"verify"};  // call keywords that turn TLS verification off when False
  std::vector<std::string> brittle;  // marks every call of the library carries ("html_scrape" for pytube)
  std::vector<CallRule> functions;
  std::vector<ClassRule> classes;
  BackendRule backend;  // optional: the peer is the backend a setting or connection names
};

// An environment getter: os.environ.get("X", default), get_string(name="X", default=...), env.int("X") ...
struct EnvGetterRule {
  std::vector<std::string> names;
  std::vector<std::shared_ptr<Regex>> patterns;
  ArgRef name{0, "", ""};
  ArgRef default_value{1, "default", ""};
  // "str", "int", "bool", "list", "url", "" = as written; "delimited_list": a "a,b" string default is split at commas;
  // "crontab_kwargs": a "m h dow dom moy" string default becomes crontab()'s keyword dict (mitol get_crontab_kwargs)
  std::string cast;
  int line = 0;
  std::string file;
};

// Host or setting name -> peer name: RE2 full match on the URL host (`host`), or on the name of a setting or
// environment variable the URL comes from (`setting`: "OPENEDX_API_BASE_URL" -> "Open edX"). Exactly one is set.
struct HostPeerRule {
  std::shared_ptr<Regex> host;
  std::shared_ptr<Regex> setting;
  std::shared_ptr<Regex> path;  // the URL's path (after scheme://host or a leading {placeholder}, without the query)
  std::string peer;
  std::string transport;  // optional transport override ("S3")
};

// Setting / environment variable name -> peer name (RE2 full match on the bare name, "ORDERS_API_URL"). Only a
// repository's config (.edgescan.json "peers") declares these; they are checked before host rules.
struct SettingPeerRule {
  std::shared_ptr<Regex> setting;
  std::string peer;
};

// Scraping signals (rules/brittle/scrape.json, "scrape"): how the outbound detector recognises html_scrape (the
// response body goes into an HTML parser or a regex in the calling function) and token_scrape (a value pulled out
// of a response by a regex, a parsed-document lookup or its cookies/URL, named like a token, is sent by a later call).
struct ScrapeRules {
  std::vector<std::string> html_parsers;      // qualified names: "bs4.BeautifulSoup", "lxml.html.fromstring"
  std::vector<std::string> xml_parsers;       // parse an XML document (a feed): "xml.etree.ElementTree.fromstring"
  std::vector<std::string> regex_functions;   // qualified names: "re.search", "re.findall"
  std::vector<std::string> regex_compilers;   // qualified names compiling a pattern: "re.compile"
  std::vector<std::string> regex_methods;     // methods of such compiled patterns: "search", "findall"
  std::vector<std::string> body_attributes;   // response attributes / methods giving its body: "text", "read"
  std::vector<std::string> token_attributes;  // response attributes that carry tokens: "cookies", "url"
  std::vector<std::string> lookups;           // methods pulling a value out of a parsed document: "find", "xpath"
  std::shared_ptr<Regex> token_words;         // RE2, case-insensitive, partial match: "token|csrf|cookie"
};

// Which URL literals are linkages (rules/brittle/*.json, "url_literals"): the hardcoded_url detector keeps a literal
// used to reach a peer unless a deny entry matches it and no allow entry does. Patterns are RE2 full matches,
// case-insensitive, on the literal's host or on the whole literal.
struct UrlLiteralRule {
  std::shared_ptr<Regex> host;  // one of host / url is set
  std::shared_ptr<Regex> url;
  std::string why;              // what such literals are ("XML namespace"), for docs and messages
  std::string file;
  int line = 0;
};

struct UrlLiteralRules {
  std::vector<std::string> schemes;  // lower-case schemes that make a string a URL literal: "https", "s3", "wss"
  std::vector<UrlLiteralRule> deny;
  std::vector<UrlLiteralRule> allow;
};

// What edgescan knows about Django urlconfs and inbound views (rules/django/*.json, "django"): which calls declare
// routes, which decorators and base classes fix a view's methods, how DRF routers expand, which auth classes mean
// what, and the signals that make a view a webhook or an API peers pull. Read by detect/django_routes.cc; the format
// is documented in rules/README.md ("Inbound: Django").
struct DjangoDecoratorRule {
  std::vector<std::string> names;      // qualified names of the decorator (or decorator factory)
  std::vector<std::string> methods;    // HTTP methods it allows (upper case); with methods_arg: the default
  ArgRef methods_arg;                  // require_http_methods(["GET", "POST"]), api_view(["POST"])
  bool csrf_exempt = false;            // the view takes cross-site POSTs (no CSRF token): a receiver for others
  std::string auth;                    // auth it implies ("session" for login_required), "" = none
  ArgRef authentication_classes;       // DRF @authentication_classes([...])
  ArgRef permission_classes;           // DRF @permission_classes([...])
  ArgRef wraps;                        // method_decorator(csrf_exempt, name="dispatch"): the decorator it applies
  bool action = false;                 // DRF @action: an extra router route
  int detail = -1;                     // action: 1 detail route, 0 list route, -1 read the `detail` keyword
  ArgRef url_path;                     // action: the route segment (default: the method name)
  int line = 0;
};

// A base class (Django generic view, DRF generic view, viewset or mixin) and what it contributes.
struct DjangoViewBaseRule {
  std::vector<std::string> names;
  std::vector<std::string> methods;  // handlers it defines ("GET", "POST"), upper case
  std::vector<std::string> actions;  // viewset actions it provides ("list", "retrieve")
  int line = 0;
};

struct DjangoRouterRoute {
  std::string url;  // DRF's route template: "{prefix}/{lookup}{trailing_slash}"; "{url_path}" for @action routes
  std::vector<std::pair<std::string, std::string>> mapping;  // http method (lower) -> viewset action
  bool detail = false;
  bool dynamic = false;  // the template for @action routes (mapping then comes from the action)
};

struct DjangoRouterRule {
  std::vector<std::string> names;     // router classes
  std::string register_method = "register";
  ArgRef trailing_slash;              // constructor argument: False -> "", a string -> itself; default "/"
  // A nested router (drf-nested-routers NestedSimpleRouter(parent, "subscriptions", lookup="subscription")): its
  // routes sit under "{parent_prefix}/(?P<{lookup}_pk>[^/.]+)/".
  ArgRef parent_prefix;
  ArgRef parent_lookup;
  std::vector<DjangoRouterRoute> routes;
  int line = 0;
};

// An authentication or permission class: the auth it means. Matched by qualified name (names) or, for classes
// defined in the repo, by their bare name (pattern, RE2 full match, case-insensitive).
struct DjangoAuthRule {
  std::vector<std::string> names;
  std::shared_ptr<Regex> pattern;
  std::string auth;   // hmac, oauth2, jwt, api_key, basic, shared_secret, session, none
  std::string peer;   // the system that holds such credentials, when fixed
  int line = 0;
};

// A string literal read in a view (a request header name): the auth it shows and the peer that sends it.
struct DjangoHeaderRule {
  std::shared_ptr<Regex> pattern;  // RE2 full match, case-insensitive: "HTTP_X_HUB_SIGNATURE(_256)?"
  std::string auth;
  std::string peer;
  int line = 0;
};

// A route of an installed package's urlconf, as the package declares it.
struct DjangoExternalRoute {
  std::string route;                 // relative to the mount point: "token/"
  std::vector<std::string> methods;
  std::string kind = "peer_api";     // webhook | peer_api
  std::string view;                  // the package's view qualname
  std::string auth;
  std::string peer;
};

// A urlconf that is not in the repo (include("social_django.urls"), admin.site.urls): plain (no edge), its known
// routes, or neither (one inbound edge at the mount point, confidence likely).
struct DjangoExternalUrlconfRule {
  std::vector<std::string> names;                  // module or object qualnames
  std::vector<std::shared_ptr<Regex>> patterns;    // RE2 full match on the qualname
  bool plain = false;
  std::vector<DjangoExternalRoute> routes;
  std::string file;
  int line = 0;
};

// An inbound route that is a cross-service edge by name: RE2 full match on the joined route (case-insensitive)
// and/or on the view's qualified name.
struct DjangoInboundRouteRule {
  std::shared_ptr<Regex> route;
  std::shared_ptr<Regex> view;
  std::string kind = "peer_api";  // webhook | peer_api
  std::string peer;
  std::string why;                // what such routes are, for docs
  // Only in a repo whose urlconf mounts this package's urlconf ("oauth2_provider.urls": an OAuth2 provider's
  // current-user endpoint is its clients' userinfo); empty = always.
  std::string when_mounted;
  std::string transport;  // "" = REST JSON; what the route serves when it is not JSON ("RSS", "SAML metadata (XML)")
  std::string file;
  int line = 0;
};

// A parameter of the functions a setting lists whose type the framework fixes: social-auth calls each pipeline step
// with `backend`, the auth backend (a social_core BaseAuth).
struct DjangoSettingParameterRule {
  std::string setting;    // "SOCIAL_AUTH_PIPELINE"
  std::string parameter;  // "backend"
  std::string type;       // a client class rule's name or type: "social_core.backends.base.BaseAuth"
};

struct DjangoRules {
  std::vector<std::string> path_functions;        // path(): route is a path pattern
  std::vector<std::string> re_path_functions;     // re_path(), url(): route is a regex
  std::vector<std::string> include_functions;
  std::vector<std::string> passthrough_functions;  // return their positional url-pattern arguments (i18n_patterns)
  std::vector<std::string> debug_settings;        // `if settings.DEBUG:` mounts development-only routes: skipped
  // Settings listing (dotted paths) functions or classes run while serving a request: MIDDLEWARE,
  // AUTHENTICATION_BACKENDS, SOCIAL_AUTH_PIPELINE. What they reach has trigger `request`.
  std::vector<std::string> request_settings;
  // Middleware that turns a browser's cookies into the token an auth class reads (edx-drf-extensions'
  // JwtAuthCookieMiddleware): with one in MIDDLEWARE, a view taking that token (auth `jwt`) serves the app's own
  // front-ends too, so it is not machine-only.
  std::vector<std::string> browser_token_middleware;
  // Qualified-name prefixes of framework base classes whose subclasses' methods serve requests: DRF and Django
  // views, GraphQL types and mutations (graphene, strawberry), channels consumers. Their methods have trigger
  // `request`.
  std::vector<std::string> request_base_prefixes;
  // "<framework base class>.<method>": that method of a subclass runs on a request (Wagtail Page.serve /
  // get_context / route): narrower than request_base_prefixes, for frameworks whose models also run elsewhere.
  std::vector<std::string> request_methods;
  // Template tag libraries (django.template.Library): functions registered with `@register.simple_tag`,
  // `inclusion_tag`, `filter` or `tag` run while a template renders for a request.
  std::vector<std::string> request_tag_libraries;
  // Decorators that make a function or method a request handler of a framework (`@XBlock.handler`).
  std::vector<std::string> request_decorators;
  std::vector<DjangoSettingParameterRule> setting_parameters;
  std::vector<DjangoDecoratorRule> decorators;
  std::vector<DjangoViewBaseRule> view_bases;
  std::vector<DjangoRouterRule> routers;
  std::vector<DjangoAuthRule> auth_classes;
  std::vector<std::string> signature_functions;  // compute a message signature: hmac.new
  std::vector<std::string> compare_functions;    // constant-time comparison of a secret: hmac.compare_digest
  // A verifying call names who signed: stripe.Webhook.construct_event -> "Stripe" (the webhook's peer when nothing
  // closer names one).
  std::map<std::string, std::string, std::less<>> verifier_peers;
  // social-auth backends (AUTHENTICATION_BACKENDS entries, or their bases) -> the identity provider that sends users
  // back to social_django's complete/ route; "" for the app's own logins (email, username).
  std::map<std::string, std::string, std::less<>> social_auth_backends;
  std::vector<DjangoHeaderRule> headers;
  std::vector<std::shared_ptr<Regex>> webhook_words;  // RE2, case-insensitive, searched in names/route/docstrings
  // RE2, case-insensitive, searched in view names and route: an open read-only list of reference data (countries,
  // states, languages) serves the app's own forms, not a public catalogue.
  std::vector<std::shared_ptr<Regex>> reference_data_words;
  // RE2, case-insensitive, searched the same way: what a public catalogue lists (courses, programs, learning
  // resources ...). An open list without one (products, prompts, popular content) serves the app's own pages.
  std::vector<std::shared_ptr<Regex>> catalogue_words;
  // RE2, case-insensitive, full match on a setting's name: it holds a secret, so comparing a request value with it
  // (`token == settings.X`) checks a shared secret.
  std::vector<std::shared_ptr<Regex>> secret_settings;
  // RE2, case-insensitive, full match on a setting's name: it names a peer's service account
  // (`request.user.username == settings.RETIREMENT_SERVICE_WORKER_USERNAME`), so a view or permission comparing with
  // it admits that peer only, whatever its auth classes also let browsers send.
  std::vector<std::shared_ptr<Regex>> service_user_settings;
  // Permission classes admitting staff service accounts only (DRF's IsAdminUser: Open edX services' workers are staff).
  std::vector<std::string> service_user_permissions;
  std::vector<std::shared_ptr<Regex>> peer_phrases;   // RE2 with one group naming the peer, searched in docstrings
  std::vector<DjangoExternalUrlconfRule> external_urlconfs;
  std::vector<DjangoInboundRouteRule> inbound_routes;
};

struct RuleSet {
  std::vector<ClientRule> clients;
  std::vector<EnvGetterRule> env_getters;
  std::vector<std::string> env_mappings;  // qualnames that are os.environ-like mappings: os.environ["X"]
  ScrapeRules scrape;
  std::vector<HostPeerRule> hosts;
  // How a word of a peer named after a setting is spelled: "MITX" -> "MITx", "LMS" -> "LMS" ("MITX_ONLINE_API_URL"
  // is "MITx Online", not "Mitx Online"). Keys upper-case.
  std::map<std::string, std::string, std::less<>> peer_words;
  // Words naming one API of a system, dropped from the end of a peer named after a setting when a system's name
  // stays ("MITX_ONLINE_PROGRAMS_API_URL" is MITx Online).
  std::set<std::string, std::less<>> peer_resource_words;
  // An LLM model name's provider prefix -> peer ("openai/" -> OpenAI, "claude-" -> Anthropic), longest first.
  std::vector<std::pair<std::string, std::string>> model_providers;
  std::vector<SettingPeerRule> setting_peers;
  // Names a library defines whose values are fixed (an enum member's value: "mitol.hubspot_api.api.HubspotObjectType.
  // CONTACTS.value" -> "contacts"): a repo reading one gets that string.
  std::map<std::string, std::string, std::less<>> constants;
  DjangoRules django;
  UrlLiteralRules url_literals;
  std::vector<std::string> files;  // every file loaded, in order (for the rules hash)
  std::string hash;                // hash of all loaded rule text
};

}  // namespace edgescan::ruleset

#endif  // EDGESCAN_RULESET_RULE_H_
