"""Fixture for rules/http/http_client.json."""
import http.client
import json

LEDGER_HOST = "ledger.acme.io"


def post_entry(entry):
    conn = http.client.HTTPSConnection(LEDGER_HOST, timeout=10)
    # edge: http_call http.client.HTTPSConnection.request
    conn.request("POST", "/v2/entries", body=json.dumps(entry), headers={"Content-Type": "application/json"})
    return conn.getresponse().read()


def legacy_ping(host):
    conn = http.client.HTTPConnection(host, 8080)
    # edge: http_call http.client.HTTPConnection.putrequest
    conn.putrequest("GET", "/ping")
    # ok: http_call
    conn.endheaders()
