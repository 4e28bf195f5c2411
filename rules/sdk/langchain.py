"""Fixture for rules/sdk/langchain.json."""
from django.conf import settings
from langchain_anthropic import ChatAnthropic
from langchain_community.chat_models import ChatLiteLLM
from langchain_openai import ChatOpenAI, OpenAIEmbeddings


def summarize(text):
    llm = ChatOpenAI(model="gpt-4o-mini", api_key=settings.OPENAI_API_KEY, timeout=60)
    # edge: sdk_call langchain_openai.ChatOpenAI.invoke
    return llm.invoke([("system", "Summarize the course description."), ("user", text)]).content


def extract_topics(text, schema):
    llm = ChatOpenAI(model="gpt-4o", base_url=settings.AI_PROXY_URL, timeout=60)
    structured = llm.with_structured_output(schema)  # configures the model: no request
    # edge: sdk_call langchain_openai.ChatOpenAI.invoke
    return structured.invoke(text)


def embed(chunks):
    embeddings = OpenAIEmbeddings(model="text-embedding-3-small")
    # edge: sdk_call langchain_openai.OpenAIEmbeddings.embed_documents
    return embeddings.embed_documents(chunks)


def critique(draft):
    claude = ChatAnthropic(model="claude-3-5-sonnet-latest", timeout=30)
    # edge: sdk_call langchain_anthropic.ChatAnthropic.invoke
    return claude.invoke(f"Critique this answer: {draft}")


async def tutor_reply(messages):
    model = ChatLiteLLM(model="gpt-4o", api_base=settings.LITELLM_PROXY_URL)
    # edge: sdk_call langchain_litellm.ChatLiteLLM.ainvoke
    return await model.ainvoke(messages)
