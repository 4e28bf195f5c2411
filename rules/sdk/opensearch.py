"""Fixture for rules/sdk/opensearch.json."""
from django.conf import settings
from opensearch_dsl import Q, Search
from opensearch_dsl.connections import connections
from opensearchpy import OpenSearch
from opensearchpy.helpers import bulk


def get_conn():
    return connections.get_connection()


def aliases(conn, names):
    # edge: sdk_call opensearchpy.OpenSearch.indices.exists
    return [name for name in names if conn.indices.exists(name)]


def refresh(index):
    conn = get_conn()
    aliases(conn, [index])
    # edge: sdk_call opensearchpy.OpenSearch.indices.refresh
    conn.indices.refresh(index)


def index_all(docs):
    client = OpenSearch(hosts=[settings.OPENSEARCH_URL])
    # edge: sdk_call opensearchpy.helpers.bulk
    bulk(client, docs, index="items")
    # edge: sdk_call opensearchpy.OpenSearch.delete
    client.delete(index="items", id="1")


def search(text):
    query = Search(index="items").query(Q("match", title=text))
    query = query.extra(size=10)
    # ok: sdk_call
    query.to_dict()
    # edge: sdk_call opensearch_dsl.Search.query.extra.execute
    return query.execute()


# The registry's default connection: get_conn() above reaches these hosts.
# ok: sdk_call
connections.configure(default={"hosts": [settings.OPENSEARCH_URL], "timeout": 30})
