"""Fixture for rules/sdk/hubspot.json."""
from django.conf import settings
from hubspot import HubSpot
from hubspot.crm.contacts import SimplePublicObjectInput


def client():
    return HubSpot(access_token=settings.HUBSPOT_TOKEN)


def upsert_contact(email):
    body = SimplePublicObjectInput(properties={"email": email})
    # edge: sdk_call hubspot.HubSpot.crm.contacts.basic_api.create
    return client().crm.contacts.basic_api.create(simple_public_object_input_for_create=body)


def associate(deal_id, contact_id):
    api = client()
    # edge: sdk_call hubspot.HubSpot.crm.associations.v4.basic_api.create_default
    api.crm.associations.v4.basic_api.create_default("deals", deal_id, "contacts", contact_id)


class ConfiguredHubSpot(HubSpot):
    """A client subclass setting its token and retries: building it sends nothing."""

    def __init__(self, access_token=settings.HUBSPOT_TOKEN, **kwargs):
        # ok: sdk_call
        super().__init__(access_token=access_token, **kwargs)


def find_deal(deal_id):
    # edge: sdk_call hubspot.HubSpot.crm.deals.basic_api.get_by_id
    return ConfiguredHubSpot().crm.deals.basic_api.get_by_id(deal_id)
