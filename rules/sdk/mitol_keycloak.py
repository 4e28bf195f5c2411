"""Fixture for rules/sdk/mitol_keycloak.json."""
from mitol.keycloak.api import get_admin_client, is_admin_client_configured, update_user
from mitol.keycloak.data_models import UserAttributes


def sync_profile(user):
    if not is_admin_client_configured():
        return
    # edge: sdk_call mitol.keycloak.api.update_user
    update_user(user.global_id, attributes=UserAttributes(fullName=user.name))


def groups_of(user):
    # edge: sdk_call keycloak.KeycloakAdmin.get_user_groups
    return get_admin_client().get_user_groups(user.global_id)
