"""Fixture for rules/http/edx_rest_api_client.json."""
from django.conf import settings
from edx_rest_api_client.client import OAuthAPIClient, get_oauth_access_token

COURSES_ENDPOINT = settings.DISCOVERY_API_URL + "/courses/"


class BaseOAuthClient:
    def __init__(self):
        # The client fetches its token from the provider before its first request.
        # edge: http_call edx_rest_api_client.client.OAuthAPIClient
        self.client = OAuthAPIClient(
            settings.BACKEND_SERVICE_EDX_OAUTH2_PROVIDER_URL,
            settings.BACKEND_SERVICE_EDX_OAUTH2_KEY,
            settings.BACKEND_SERVICE_EDX_OAUTH2_SECRET,
            timeout=(3.05, 5),
        )


class DiscoveryClient(BaseOAuthClient):
    def courses(self):
        # edge: http_call edx_rest_api_client.OAuthAPIClient.get
        return self.client.get(COURSES_ENDPOINT, timeout=15).json()

    def search(self, content_filter):
        # The constructor's timeout bounds the token request only.
        # edge: http_call edx_rest_api_client.OAuthAPIClient.post
        return self.client.post(settings.DISCOVERY_API_URL + "/search/all/", json=content_filter).json()

    def delete_course(self, key):
        # edge: http_call edx_rest_api_client.OAuthAPIClient.request
        return self.client.request("DELETE", f"{settings.DISCOVERY_API_URL}/courses/{key}/", timeout=15)

    def token(self):
        # ok: http_call
        return self.client.get_jwt_access_token()


def lms_user(username):
    # edge: http_call edx_rest_api_client.client.OAuthAPIClient
    client = OAuthAPIClient("https://courses.edx.org", "id", "secret")
    # edge: http_call edx_rest_api_client.OAuthAPIClient.get
    return client.get(f"https://courses.edx.org/api/user/v1/accounts/{username}", timeout=5).json()


def fetch_token():
    # edge: http_call edx_rest_api_client.client.get_oauth_access_token
    return get_oauth_access_token(settings.LMS_ROOT_URL + "/oauth2", "id", "secret", token_type="jwt")


def provider_with_oauth2_path():
    # The provider URL may end in /oauth2 already: the library requests /oauth2/access_token under it once.
    # edge: http_call edx_rest_api_client.client.OAuthAPIClient
    return OAuthAPIClient("https://lms.example.org/oauth2/", "id", "secret")
