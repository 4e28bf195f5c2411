"""Fixture for rules/sdk/elasticsearch.json."""
from elasticsearch import Elasticsearch
from elasticsearch.helpers import scan

es = Elasticsearch("https://search.acme.io:9200", api_key="k")


def find(term):
    # edge: sdk_call elasticsearch.Elasticsearch.search
    return es.search(index="orders", query={"match": {"sku": term}})


def export():
    # edge: sdk_call elasticsearch.helpers.scan
    return list(scan(es, index="orders"))
