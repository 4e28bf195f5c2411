"""Fixture for rules/http/requests_oauthlib.json."""
from django.conf import settings
from requests_oauthlib import OAuth1Session, OAuth2Session

TOKEN_URL = "https://sso.acme.io/oauth2/token"


class CrmClient:
    def __init__(self, token):
        self.oauth = OAuth2Session(settings.CRM_CLIENT_ID, token=token)

    def contacts(self):
        # edge: http_call requests_oauthlib.OAuth2Session.get
        return self.oauth.get(settings.CRM_API_URL + "/contacts", timeout=10).json()

    def refresh(self):
        # edge: http_call requests_oauthlib.OAuth2Session.refresh_token
        return self.oauth.refresh_token(TOKEN_URL, timeout=10)

    def login_url(self):
        # ok: http_call
        return self.oauth.authorization_url("https://sso.acme.io/oauth2/authorize")


def tweet(text):
    twitter = OAuth1Session("key", client_secret="secret")
    # edge: http_call requests_oauthlib.OAuth1Session.post
    twitter.post("https://api.twitter.com/2/tweets", json={"text": text})
