"""The command lines: ``python -m store`` (``commands.store_cli``) and ``python -m monitors``
(``commands.monitors_cli``, with the store-backed monitor commands in ``commands.monitor_runs``
and ``commands.monitor_schedules``).

Commands sit above every other layer: they parse arguments and call the store, the monitors,
the reports and the demo. ``store/__main__.py`` and ``monitors/__main__.py`` are two-line
entry points into this package, the one place a lower layer names it.
"""
