"""Fixture for rules/sdk/algolia.json."""
from algoliasearch.search_client import SearchClient
from django.conf import settings


class CatalogIndex:
    def __init__(self):
        # ok: sdk_call
        self._client = SearchClient.create(settings.ALGOLIA_APP_ID, settings.ALGOLIA_API_KEY)
        # ok: sdk_call
        self.index = self._client.init_index(settings.ALGOLIA_INDEX_NAME)

    def search(self, query):
        # edge: sdk_call algoliasearch.SearchIndex.search
        return self.index.search(query, {"hitsPerPage": 20})

    def reindex(self, objects):
        # edge: sdk_call algoliasearch.SearchIndex.replace_all_objects
        self.index.replace_all_objects(objects, {"safe": True})

    def secured_key(self, filters):
        # ok: sdk_call
        return SearchClient.generate_secured_api_key(settings.ALGOLIA_SEARCH_KEY, {"filters": filters})


def drop_index(name):
    client = SearchClient.create(settings.ALGOLIA_APP_ID, settings.ALGOLIA_API_KEY)
    # edge: sdk_call algoliasearch.SearchIndex.delete
    client.init_index(name).delete()
    # edge: sdk_call algoliasearch.SearchClient.list_indices
    return client.list_indices()
