"""Fixture for rules/http/requests_hardened.json."""
import requests_hardened
from django.conf import settings
from requests_hardened import HTTPSession

HTTPConfig = requests_hardened.Config(
    ip_filter_enable=True,
    never_redirect=True,
    default_timeout=settings.COMMON_REQUESTS_TIMEOUT,
)
HTTPClient = requests_hardened.Manager(HTTPConfig)


def fetch_manifest(manifest_url):
    # edge: http_call requests_hardened.Manager.send_request
    response = HTTPClient.send_request("GET", manifest_url, allow_redirects=False)
    return response.json()


def notify_app(target_url, payload):
    with HTTPClient.get_session() as session:
        # edge: http_call requests_hardened.HTTPSession.request
        return session.request("POST", target_url, json=payload)


def fetch_jwks():
    session = HTTPSession()
    # edge: http_call requests_hardened.HTTPSession.get
    return session.get(f"{settings.OIDC_ISSUER_URL}/.well-known/jwks.json").json()
