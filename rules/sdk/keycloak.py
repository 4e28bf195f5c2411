"""Fixture for rules/sdk/keycloak.json."""
from django.conf import settings
from keycloak import KeycloakAdmin, KeycloakOpenID

oidc = KeycloakOpenID(server_url=settings.KEYCLOAK_BASE_URL, realm_name="olapps", client_id="web")


def login(username, password):
    # edge: sdk_call keycloak.KeycloakOpenID.token
    token = oidc.token(username, password)
    # ok: sdk_call
    oidc.decode_token(token["access_token"])
    return token


def create_user(email):
    admin = KeycloakAdmin(server_url=settings.KEYCLOAK_BASE_URL, username="admin", password="x", realm_name="olapps")
    # edge: sdk_call keycloak.KeycloakAdmin.create_user
    admin.create_user({"email": email, "enabled": True})
