"""Fixture for rules/sdk/qdrant.json."""
from django.conf import settings
from qdrant_client import QdrantClient, models


def client():
    return QdrantClient(url=settings.QDRANT_HOST, api_key=settings.QDRANT_API_KEY)


def similar(vector):
    # edge: sdk_call qdrant_client.QdrantClient.query_points
    return client().query_points(collection_name="resources", query=vector, limit=5)


def store(points):
    qdrant = client()
    # edge: sdk_call qdrant_client.QdrantClient.upsert
    qdrant.upsert(collection_name="resources", points=[models.PointStruct(**p) for p in points])
