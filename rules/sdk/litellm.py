"""Fixture for rules/sdk/litellm.json."""
import litellm
from django.conf import settings


def answer(question):
    # edge: sdk_call litellm.completion
    return litellm.completion(model="anthropic/claude-3-haiku", messages=[{"role": "user", "content": question}])


def local_embeddings(texts):
    # edge: sdk_call litellm.embedding
    return litellm.embedding(model="ollama/nomic-embed-text", input=texts, api_base=settings.OLLAMA_URL)


def routed(messages):
    router = litellm.Router(model_list=settings.LLM_MODELS)
    # edge: sdk_call litellm.Router.completion
    return router.completion(model="default", messages=messages)
