"""Hand-written helpers around the openai client: retries with backoff."""

import time


def retry(call, attempts=3):
    for attempt in range(attempts):
        try:
            return call()
        except Exception:
            time.sleep(2**attempt)
    return call()
