"""Fixture for rules/sdk/langchain.json."""
from django.conf import settings
from langchain_anthropic import ChatAnthropic
from langchain_community.chat_models import ChatLiteLLM
from langchain_google_vertexai import ChatVertexAI, VertexAIEmbeddings
from langchain_ollama import ChatOllama
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


def classify(question, prompt, parser):
    llm = ChatVertexAI(model="gemini-2.5-flash", temperature=0.3)
    chain = prompt | llm | parser  # a pipeline: invoking it calls the model
    # edge: sdk_call langchain_google_vertexai.ChatVertexAI.invoke
    return chain.invoke({"question": question})


def embed_articles(texts):
    # edge: sdk_call langchain_google_vertexai.VertexAIEmbeddings.embed_documents
    return VertexAIEmbeddings(model_name="text-embedding-005").embed_documents(texts)


def local_draft(text):
    model = ChatOllama(model="llama3.1", base_url=settings.OLLAMA_URL)
    # edge: sdk_call langchain_ollama.ChatOllama.invoke
    return model.invoke(text)


def flags(a, b):
    return (a | b).invoke()  # `|` of two unknown objects: nothing


async def summarize(text):
    # Straight to the provider the model name gives (no api_base): peer Anthropic.
    model = ChatLiteLLM(model="anthropic/claude-3-5-haiku-latest")
    # edge: sdk_call langchain_litellm.ChatLiteLLM.ainvoke
    return await model.ainvoke(f"Summarize: {text}")
