"""The queue behind a write's confirmation (``ui.widgets.queue_toast``): each message is
shown once, after the rerun that follows the write or at the end of a run without one.

AppTest keeps a toast sent just before ``st.rerun()``, which a browser may not show; the
browser test of nonconformities (``tests/browser``) waits for each step's toast."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _script():
    import streamlit as st

    from ui.widgets import attempt, show_queued_toasts

    def fail():
        raise ValueError("Owner is required.")

    show_queued_toasts()
    st.session_state["runs"] = st.session_state.get("runs", 0) + 1
    if st.button("Save and rerun", key="rerun") and attempt(lambda: None, "Saved"):
        st.rerun()
    if st.button("Save", key="stay"):
        attempt(lambda: None, "Kept")
    if st.button("Fail", key="fail"):
        attempt(fail, "Never shown")
    show_queued_toasts()


def _app() -> AppTest:
    app = AppTest.from_function(_script, default_timeout=30)
    app.run()
    return app


def toasts(app: AppTest) -> list[str]:
    return [t.value for t in app.toast]


def test_a_toast_before_a_rerun_is_shown_by_the_rerun_once():
    app = _app()
    app.button(key="rerun").click().run()
    assert app.session_state["runs"] == 3  # the click's run and its rerun
    assert toasts(app) == ["Saved"]
    app.run()
    assert toasts(app) == []


def test_a_toast_without_a_rerun_is_shown_at_the_end_of_the_run():
    app = _app()
    app.button(key="stay").click().run()
    assert app.session_state["runs"] == 2 and toasts(app) == ["Kept"]


def test_a_failed_write_shows_its_error_and_no_toast():
    app = _app()
    app.button(key="fail").click().run()
    assert [e.value for e in app.error] == ["Owner is required."]
    assert toasts(app) == []
