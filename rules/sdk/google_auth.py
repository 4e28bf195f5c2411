"""Fixture for rules/sdk/google_auth.json."""
from django.conf import settings
from google.auth.transport.requests import Request
from google.oauth2.credentials import Credentials
from google.oauth2.service_account import Credentials as ServiceAccountCredentials
from google_auth_oauthlib.flow import Flow

TOKEN_URI = "https://oauth2.googleapis.com/token"


def user_credentials(auth):
    creds = Credentials(token=auth.access_token, refresh_token=auth.refresh_token, token_uri=TOKEN_URI)
    if creds.expired:
        # edge: sdk_call google.oauth2.credentials.Credentials.refresh
        creds.refresh(Request())
    return creds


def service_credentials(info):
    creds = ServiceAccountCredentials.from_service_account_info(info, scopes=["https://www.googleapis.com/auth/drive"])
    # edge: sdk_call google.oauth2.service_account.Credentials.refresh
    creds.refresh(Request())
    return creds


def complete(request, config):
    flow = Flow.from_client_config(config, scopes=settings.SCOPES, state=request.session["state"])
    # ok: sdk_call
    flow.authorization_url(access_type="offline")
    # edge: sdk_call google_auth_oauthlib.flow.Flow.fetch_token
    flow.fetch_token(code=request.GET.get("code"))
    return flow.credentials


def complete_with_config(request):
    config = {
        "web": {
            "client_id": settings.DRIVE_CLIENT_ID,
            "client_secret": settings.DRIVE_CLIENT_SECRET,
            "token_uri": "https://accounts.google.com/o/oauth2/token",
        }
    }
    flow = Flow.from_client_config(config, scopes=settings.SCOPES)
    # edge: sdk_call google_auth_oauthlib.flow.Flow.fetch_token (at the token_uri the client config names)
    flow.fetch_token(code=request.GET.get("code"))
    return flow.credentials
