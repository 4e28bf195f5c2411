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


def refresh_all():
    # an optional part not passed is left out with its "/": POST /_refresh
    # edge: sdk_call opensearchpy.OpenSearch.indices.refresh
    get_conn().indices.refresh()


def swap_alias(new_index, alias):
    conn = get_conn()
    # edge: sdk_call opensearchpy.OpenSearch.indices.put_alias
    conn.indices.put_alias(index=new_index, name=alias)
    # edge: sdk_call opensearchpy.OpenSearch.indices.update_aliases
    conn.indices.update_aliases(body={"actions": []})
    # a namespace's method is not the client's method of the same name: indices.close is a request, close() is not
    # edge: sdk_call opensearchpy.OpenSearch.indices.close
    conn.indices.close(index=alias)
    # ok: sdk_call
    conn.close()


def index_all(docs):
    client = OpenSearch(hosts=[settings.OPENSEARCH_URL])
    # edge: sdk_call opensearchpy.helpers.bulk
    bulk(client, docs, index="items")
    # edge: sdk_call opensearchpy.OpenSearch.delete
    client.delete(index="items", id="1")
    # A mapping type (opensearch-py 1.x, Elasticsearch 6) puts the type in the path: /items/_doc/1/_create.
    # edge: sdk_call opensearchpy.OpenSearch.create
    client.create(index="items", doc_type="_doc", id="1", body={})


def search(text):
    query = Search(index="items").query(Q("match", title=text))
    query = query.extra(size=10)
    # ok: sdk_call
    query.to_dict()
    # edge: sdk_call opensearch_dsl.Search.query.extra.execute
    return query.execute()


def count(text):
    # edge: sdk_call opensearch_dsl.Search.query.count
    return Search().query("match", title=text).count()


# The registry's default connection: get_conn() above reaches these hosts.
# ok: sdk_call
connections.configure(default={"hosts": [settings.OPENSEARCH_URL], "timeout": 30})
