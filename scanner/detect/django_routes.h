// DjangoRoutesDetector: inbound edges, the Django routes other systems call (webhook and peer_api edges).
//
// What it finds: every route of the urlconf tree (ROOT_URLCONF, include() prefixes joined, DRF routers and
//   @action routes expanded; detect/internal/urlconf.h) whose view is a receiver for another system or an API
//   that peers pull. A view is a **webhook** when it verifies a signature (hmac.new, a signature header), compares
//   a shared secret (hmac.compare_digest, a secret header), is `@csrf_exempt` and takes POST, is authenticated by
//   a non-session DRF auth class and takes writes, or its names, route or docstrings say webhook/callback; it is a
//   **peer_api** when a non-session auth class guards a read-only view, when a DRF collection route
//   (a viewset's list action, a List* generic view) is explicitly open to anyone (permission_classes = [] /
//   AllowAny) and only answers GET (a public catalogue other services import), or when a rule in rules/django names its route
//   (".well-known/", "saml/metadata", feeds, SCIM). An installed package's urlconf gives its known routes (rules)
//   or one edge at its mount point (confidence likely). Every other route (pages, admin, the app's own API) gives
//   no edge. All of these signals are data in rules/django/*.json.
// Why it matters: half of every cross-service edge ends in a view; a reader needs the full route, who calls it and
//   how it is authenticated, and an unauthenticated receiver is a risk worth flagging.
// Example:
//   # shop/urls.py: path("api/", include("payments.urls"));  payments/urls.py: path("hooks/stripe/", stripe_hook)
//   @csrf_exempt
//   @require_POST
//   def stripe_hook(request):                                        # payments/views.py:12
//       sig = request.META["HTTP_STRIPE_SIGNATURE"]
// gives {"kind": "webhook", "direction": "inbound", "peer": "Stripe", "transport": "HTTPS webhook",
//        "method": "POST", "route": "api/hooks/stripe/", "location": {"file": "payments/views.py", "line": 12, ...},
//        "path": [shop/urls.py path(), payments/urls.py path()], "confidence": "certain"}, auth "hmac" (edge.auth).
// Known limits: urlpatterns built in functions or loops, routes registered at runtime, nested routers
//   (drf-extensions `.register().register()` children), views named through variables holding classes, and
//   authentication configured only in settings (DEFAULT_AUTHENTICATION_CLASSES) are not seen; auth is what the view
//   and its auth/permission classes show, not what middleware does.
#ifndef EDGESCAN_DETECT_DJANGO_ROUTES_H_
#define EDGESCAN_DETECT_DJANGO_ROUTES_H_

#include "detect/detector.h"

namespace edgescan::detect {

class DjangoRoutesDetector : public Detector {
 public:
  std::string_view name() const override { return "django_routes"; }
  void Run(const DetectContext& context, std::vector<edges::Edge>* edges) override;
};

}  // namespace edgescan::detect

#endif  // EDGESCAN_DETECT_DJANGO_ROUTES_H_
