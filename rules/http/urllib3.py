"""Fixture for rules/http/urllib3.json."""
import urllib3

http = urllib3.PoolManager(timeout=urllib3.Timeout(connect=2.0, read=10.0))


def pool_manager(item_id):
    # edge: http_call urllib3.PoolManager.request
    return http.request("GET", f"https://inventory.acme.io/items/{item_id}")


def no_default_timeout():
    bare = urllib3.PoolManager()
    # edge: http_call urllib3.PoolManager.urlopen
    bare.urlopen("POST", "https://inventory.acme.io/items")
    # edge: http_call urllib3.PoolManager.request
    bare.request("DELETE", url="https://inventory.acme.io/items/1", timeout=5)


def host_pool():
    pool = urllib3.HTTPSConnectionPool("billing.acme.io", port=443, timeout=5)
    # edge: http_call urllib3.HTTPSConnectionPool.request
    pool.request("GET", "/v1/invoices")


def from_url():
    pool = urllib3.connection_from_url("http://metrics.acme.io:9090")
    # edge: http_call urllib3.connection_from_url.request
    pool.request("GET", "/api/v1/query", timeout=3)


def module_request():
    # edge: http_call urllib3.request
    urllib3.request("GET", "https://status.acme.io/")


def not_requests(pool):
    # ok: http_call
    urllib3.Timeout(connect=1.0)
    # ok: http_call
    pool.request("GET", "/")
