"""Fixture for rules/http/urllib.json."""
import json
import urllib.request
from urllib.request import Request, urlopen

STATUS_URL = "http://status.acme.io/status.xml"


def fetch_status():
    # edge: http_call urllib.request.urlopen
    return urlopen(STATUS_URL).read()


def post_event(event):
    req = Request("https://events.acme.io/v1/events", data=json.dumps(event).encode(), method="POST")
    # edge: http_call urllib.request.urlopen
    with urllib.request.urlopen(req, timeout=10) as resp:
        return resp.status


def download(path):
    # edge: http_call urllib.request.urlretrieve
    urllib.request.urlretrieve("https://files.acme.io/dump.csv", path)


def not_a_request(url):
    # ok: http_call
    return Request(url)
