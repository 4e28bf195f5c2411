"""Fixture for rules/sdk/mit_moira.json."""
from django.conf import settings
from mit_moira import Moira


def client():
    # edge: sdk_call mit_moira.Moira
    return Moira(settings.MIT_WS_CERTIFICATE_FILE, settings.MIT_WS_PRIVATE_KEY_FILE)


def members(list_name):
    moira = client()
    # edge: sdk_call mit_moira.Moira.list_members
    return moira.list_members(list_name, type="USER")
