"""Fixture for rules/sdk/elasticsearch.json."""
from elasticsearch import Elasticsearch
from elasticsearch.dsl import Search
from elasticsearch.helpers import scan

es = Elasticsearch(hosts=["https://search.acme.io:9200"], api_key="k")


def find(term):
    # edge: sdk_call elasticsearch.Elasticsearch.search
    return es.search(index="orders", query={"match": {"sku": term}})


def export():
    # edge: sdk_call elasticsearch.helpers.scan
    return list(scan(es, index="orders"))


def count_orders(term):
    # the dsl under its new home (elasticsearch-py 8.18+): built fluently, sent by count()
    # edge: sdk_call elasticsearch_dsl.Search.query.count
    return Search(using=es, index="orders").query("match", sku=term).count()
