"""Fixture for rules/http/libtaxii.json."""
from libtaxii.common import parse


def read_feed(document):
    # edge: http_call libtaxii.common.parse
    parse("https://taxii.acme.io/feed.xml", allow_url=True)
    # ok: http_call
    return parse(document)
