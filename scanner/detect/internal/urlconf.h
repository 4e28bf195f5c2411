// Urlconf resolution for the django_routes detector: every route Django would serve, with the view it names.
//
// Private to detect/ (detect/internal/). Starts at the ROOT_URLCONF setting (or, without one, `<settings
// package>.urls`), reads `urlpatterns` (assigned, `+=`, .append/.extend, conditional additions; branches under
// `if settings.DEBUG:` are development tools and skipped), and follows path()/re_path()/url(), include() of a
// module name, a module object, a list, a `(patterns, app_name)` tuple, DRF routers (`router.urls` with
// `router.register(prefix, ViewSet)` expanded as the router rule says, @action routes included), and the names
// and imports that hold pattern lists. Route pieces are joined as Django joins them; a regex piece loses its
// `^` and `$` anchors and keeps its groups, so `re_path(r"^api/", include(...))` + `re_path(r"^hook/$", v)`
// gives "api/hook/".
//
// A urlconf that is not in the repo (an installed package) becomes one Route with `external` set (and, when the
// rules know the package's routes, one Route per known route). Every walk is bounded: include depth, a cycle
// guard on the include stack, and a cap on the number of routes.
//
// Example: ROOT_URLCONF = "shop.urls"; shop/urls.py: path("api/", include("hooks.urls")); hooks/urls.py:
//   re_path(r"^stripe/(?P<kind>\w+)/$", views.stripe_hook)
// gives Route{route "api/stripe/(?P<kind>\w+)/", view {kFunction "hooks.views.stripe_hook"},
//             chain [shop/urls.py path(), hooks/urls.py re_path()]}.
#ifndef EDGESCAN_DETECT_INTERNAL_URLCONF_H_
#define EDGESCAN_DETECT_INTERNAL_URLCONF_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "detect/detector.h"

namespace edgescan::detect::internal {

// What a route's view expression names.
struct ViewTarget {
  enum class Kind : uint8_t { kUnknown, kFunction, kClass, kExternal };
  Kind kind = Kind::kUnknown;
  std::string qualname;                        // "hooks.views.stripe_hook", "api.views.OrderViewSet"
  const facts::Function* function = nullptr;   // kFunction
  const facts::Class* klass = nullptr;         // kClass
  const facts::ModuleFacts* module = nullptr;  // where function / klass is defined
  // Viewset actions bound to this route, http method (lower case) -> action method, in declaration order: from
  // as_view({"get": "list"}) or a router route. Empty for plain views.
  std::vector<std::pair<std::string, std::string>> actions;
  bool router = false;                // a router route: `actions` were filtered to what the viewset has
  std::vector<std::string> wrappers;  // decorators applied in the urlconf, innermost last: csrf_exempt(view)
};

struct Route {
  std::string route;  // the full route, every include() prefix joined
  bool known = true;  // every piece is a known string (else pieces are {placeholders})
  ViewTarget view;
  Provenance declared;            // the path()/re_path()/register() call, or the include() of an external urlconf
  std::vector<Provenance> chain;  // the urlconf calls leading here, outermost first, ending with `declared`
  // A urlconf that is not in the repo mounted at `route`: its qualified name ("social_django.urls"), the rule
  // that knows it (may be null) and, for a route the rule lists, that route (then `route` includes it).
  std::string external;
  const ruleset::DjangoExternalUrlconfRule* external_rule = nullptr;
  const ruleset::DjangoExternalRoute* external_route = nullptr;
};

// Every route reachable from the root urlconf, in urlconf order. Empty when the repo has no urlconf.
// Adds a diagnostic when ROOT_URLCONF names no module of the repo.
std::vector<Route> ResolveUrlconf(const DetectContext& context);

// Internal classes of a class's MRO-ish chain (the class first, then its internal bases depth first), and the
// qualified names of every base along it that is not in the repo. Bounded (64 classes).
struct ClassChain {
  std::vector<std::pair<const facts::Class*, const facts::ModuleFacts*>> classes;
  std::vector<std::string> external_bases;
};
ClassChain ChainOf(const resolve::RepoIndex& index, const facts::Class& c);

// Methods defined directly in a class's body, in source order.
std::vector<const facts::Function*> MethodsOf(const facts::ModuleFacts& m, const facts::Class& c);

// The viewset actions a class provides (its methods and its bases' rules), sorted.
std::vector<std::string> ViewsetActions(const DetectContext& context, const facts::Class& c);

}  // namespace edgescan::detect::internal

#endif  // EDGESCAN_DETECT_INTERNAL_URLCONF_H_
