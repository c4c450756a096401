"""Summarise a claim for the handler."""

import os

from openai import OpenAI
from openai_helpers import retry
import torchlight


def summarise(text):
    client = OpenAI(api_key=os.environ["KEY"])
    return retry(lambda: client.responses.create(input=text))
