"""Fixture for rules/sdk/mitol_hubspot.json."""
from mitol.hubspot_api.api import HubspotApi, HubspotObjectType, find_contact, sync_object_property, upsert_object_request


def sync_user(user, content_type, body):
    # edge: sdk_call mitol.hubspot_api.api.find_contact
    contact = find_contact(user.email)
    if contact is None:
        # edge: sdk_call mitol.hubspot_api.api.upsert_object_request
        contact = upsert_object_request(content_type, HubspotObjectType.CONTACTS.value, body=body)
    return contact


def line_item(item_id):
    # edge: sdk_call mitol.hubspot_api.api.HubspotApi.crm.line_items.basic_api.get_by_id
    return HubspotApi().crm.line_items.basic_api.get_by_id(item_id)


def batch_create(inputs):
    hubspot_client = HubspotApi()
    for chunk in inputs:
        # edge: sdk_call mitol.hubspot_api.api.HubspotApi.crm.objects.batch_api.create
        hubspot_client.crm.objects.batch_api.create("deals", batch_input_simple_public_object_input=chunk)


def configure_properties(properties):
    # One request path for the loop's several object types: {object_type}, not the first of them.
    for object_type in ["deals", "contacts"]:
        # edge: sdk_call mitol.hubspot_api.api.sync_object_property
        sync_object_property(object_type, properties)
