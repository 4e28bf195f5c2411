"""Fixture for rules/sdk/getsmarter.json."""
from django.conf import settings
from getsmarter_api_clients.geag import GetSmarterEnterpriseApiClient


def get_smarter_client():
    return GetSmarterEnterpriseApiClient(
        client_id=settings.GET_SMARTER_OAUTH2_KEY,
        client_secret=settings.GET_SMARTER_OAUTH2_SECRET,
        provider_url=settings.GET_SMARTER_OAUTH2_PROVIDER_URL,
        api_url=settings.GET_SMARTER_API_URL,
    )


def allocate(payload):
    # edge: sdk_call getsmarter_api_clients.geag.GetSmarterEnterpriseApiClient.create_enterprise_allocation
    get_smarter_client().create_enterprise_allocation(**payload)


def terms():
    client = get_smarter_client()
    # edge: sdk_call getsmarter_api_clients.geag.GetSmarterEnterpriseApiClient.get_terms_and_policies
    return client.get_terms_and_policies()
