"""Fixture for rules/sdk/cybersource.json."""
from CyberSource import RefundApi, TransactionDetailsApi
from django.conf import settings


def client_configuration():
    return {
        "authentication_type": "http_signature",
        "merchantid": settings.CYBERSOURCE_MERCHANT_ID,
        "run_environment": settings.CYBERSOURCE_REST_API_ENVIRONMENT,
        "timeout": 1000,
    }


def refund(payload, transaction_id):
    api_instance = RefundApi(client_configuration())
    # edge: sdk_call CyberSource.Api.refund_payment
    return api_instance.refund_payment(payload, transaction_id)


def transaction(transaction_id):
    # edge: sdk_call CyberSource.Api.get_transaction
    return TransactionDetailsApi(client_configuration()).get_transaction(transaction_id)
