"""Process-wide settings of the dashboard process."""

from __future__ import annotations

import functools


@functools.cache
def use_system_allocator() -> None:
    """Let pandas' Arrow-backed strings use the C library's allocator, which hands freed memory
    back to the system; Arrow's default (mimalloc) keeps it, so every large read of the
    registers would raise the process's resident memory for good."""
    import pyarrow

    pyarrow.set_memory_pool(pyarrow.system_memory_pool())
