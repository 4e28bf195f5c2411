"""Fixture for rules/sdk/zeep.json."""
from django.conf import settings
from zeep import Client
from zeep.transports import Transport


def get_client():
    # edge: sdk_call zeep.Client
    return Client(settings.CYBERSOURCE_WSDL_URL)


def check_export(user):
    client = get_client()
    # edge: sdk_call zeep.ServiceProxy.runTransaction
    return client.service.runTransaction(merchantID=settings.CYBERSOURCE_MERCHANT_ID, billTo={"email": user.email})


def with_timeout(number):
    # edge: sdk_call zeep.Client
    client = Client("https://ws.acme.io/numbers.wsdl", transport=Transport(operation_timeout=10))
    # edge: sdk_call zeep.ServiceProxy.NumberToWords
    return client.service.NumberToWords(number)


def export_payload(user):
    payload = {"merchantID": settings.CYBERSOURCE_MERCHANT_ID, "billTo": {"email": user.email}}
    client = get_client()
    # edge: sdk_call zeep.ServiceProxy.runTransaction (a ** of a dict without "timeout" passes none)
    return client.service.runTransaction(**payload)


def export_options(options):
    client = get_client()
    # edge: sdk_call zeep.ServiceProxy.runTransaction (options is not known: it may carry one)
    return client.service.runTransaction(**options)
