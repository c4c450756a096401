from openai import AzureOpenAI

client = AzureOpenAI(api_version="2024-10-21")
