"""Fixture for rules/http/social_core.json: a social-auth backend fetching the provider's user data."""
from urllib.parse import urljoin

from django.conf import settings
from social_core.backends.oauth import BaseOAuth2


class PartnerOAuth2(BaseOAuth2):
    name = "partner"
    PARTNER_BASE_URL = settings.PARTNER_BASE_URL
    ACCESS_TOKEN_URL = urljoin(PARTNER_BASE_URL, "/oauth2/access_token/")

    def user_data(self, access_token, *args, **kwargs):
        # edge: http_call social_core.backends.base.BaseAuth.get_json
        return self.get_json(
            urljoin(self.PARTNER_BASE_URL, "/api/mobile/v0.5/my_user_info"),
            headers={"Authorization": "Bearer {}".format(access_token)},
        )

    def revoke_token(self, token, uid):
        # edge: http_call social_core.backends.base.BaseAuth.request
        return self.request(self.PARTNER_BASE_URL + "/oauth2/revoke_token/", method="POST", data={"token": token})

    def get_user_details(self, response):
        # ok: http_call
        return {"username": response.get("username"), "email": response.get("email")}
