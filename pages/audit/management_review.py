"""Management review (ISO/IEC 42001 9.3): plan and record meetings, follow up their actions,
see the 9.3.2 inputs compiled from the data, and download the pack."""

import streamlit as st

from reports.exports import review_pack
from risk_model.management_review import ACTION_STATUSES
from store import management_review as reviews
from store.review_inputs import meeting_snapshot
from ui.cache import cached_read
from ui.history import pick_history, record_labels, render_history
from ui.permissions import permission
from ui.review_widgets import inputs_view, show_inputs
from ui.session import current_actor, get_store, today
from ui.tables import column_words
from ui.text import plain
from ui.widgets import attempt

db, actor, day = get_store(), current_actor(), today()
may = permission(actor, "management_reviews", "plan or record management reviews")
st.title("Management review")
st.caption(
    "Top management reviews the AI management system at planned intervals (9.3). The inputs "
    "9.3.2 requires are compiled from the registers; the pack prints them with the minutes."
)

with db.held():  # the page's reads open the store once, and not at all when cached
    listed, actions_all, last, planned = cached_read(reviews.review_status)(db, day)
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Last review held", str(last) if last else "none", border=True)
    c2.metric("Next review", str(planned["review_date"]) if planned else "not planned", border=True)
    c3.metric("Open review actions", int((actions_all["state"] != "done").sum()), border=True)
    c4.metric("Overdue review actions", int((actions_all["state"] == "overdue").sum()), border=True)

    st.dataframe(
        listed[["id", "title", "review_date", "status", "chair", "actions", "open_actions"]],
        column_config=column_words(listed),
        hide_index=True,
        width="stretch",
    )

    with (
        st.expander("Plan a review", expanded=listed.empty),
        st.form("plan-review", clear_on_submit=True),
    ):
        title = st.text_input("Title", key="plan-title")
        when = st.date_input("Meeting date", value=None, key="plan-date", format="YYYY-MM-DD")
        chair = st.text_input("Chair", key="plan-chair")
        people = st.text_area("Attendees (one per line)", key="plan-attendees")
        if st.form_submit_button("Plan the review", **may.control):
            values = {"title": title.strip(), "review_date": when, "chair": chair.strip() or None}
            values["attendees"] = [p.strip() for p in people.splitlines() if p.strip()]
            if attempt(lambda: reviews.plan_review(db, values, actor), "Review planned."):
                st.rerun()

    if listed.empty:
        st.info("No management review yet: plan the first one above.")
        st.stop()

    ids = listed["id"].tolist()
    default = cached_read(reviews.pack_review_id)(db, day)
    review_id = st.selectbox(
        "Review",
        ids,
        index=ids.index(default) if default in ids else 0,
        format_func=lambda i: f"{i} · {listed.set_index('id').at[i, 'title']}",
        key="review-choice",
    )
    review = cached_read(reviews.get_review)(db, review_id)
    inputs_tab, meeting_tab, actions_tab = st.tabs(["Compiled inputs", "Meeting record", "Actions"])

    with inputs_tab:
        if st.button("Build the review pack (PDF)", key="build-pack", type="primary"):
            with st.spinner("Compiling the inputs and rendering the charts…"):
                st.session_state["review-pack"] = (
                    review_id,
                    review_pack(db, day, review_id),
                )
        built = st.session_state.get("review-pack")
        if built and built[0] == review_id:
            st.download_button(
                "Download the review pack",
                built[1],
                f"management-review-{review_id}.pdf",
                "application/pdf",
                key="download-pack",
            )
        show_inputs(cached_read(inputs_view)(db, day, review_id=review_id))

    with meeting_tab:
        st.markdown(f"**Status:** {plain(review['status'])} · **Date:** {review['review_date']}")
        with st.form("record-meeting"):
            chair = st.text_input("Chair", review.get("chair") or "", key="meet-chair")
            people = st.text_area(
                "Attendees (one per line)", "\n".join(review.get("attendees") or []), key="meet-att"
            )
            minutes = st.text_area("Minutes", review.get("minutes") or "", key="meet-minutes")
            decisions = st.text_area(
                "Decisions (9.3.3)", review.get("decisions") or "", key="meet-decisions"
            )
            label = "Save the meeting record" if review["status"] == "held" else "Record as held"
            if st.form_submit_button(label, **may.control):
                values = {
                    "chair": chair.strip() or None,
                    "attendees": [p.strip() for p in people.splitlines() if p.strip()],
                    "minutes": minutes.strip() or None,
                    "decisions": decisions.strip() or None,
                }
                if review["status"] == "held":
                    save = lambda: reviews.update_review(db, review_id, values, actor)  # noqa: E731
                else:
                    snapshot = lambda: meeting_snapshot(db, review_id, values)  # noqa: E731
                    save = lambda: reviews.record_meeting(db, review_id, values, actor, snapshot())  # noqa: E731
                if attempt(save, "Meeting recorded."):
                    st.rerun()
        render_history(db, "management_reviews", review_id, actor)

    with actions_tab:
        own = cached_read(reviews.list_actions)(db, day, review_id=review_id)
        columns = ["id", "action", "owner", "deadline", "status", "state", "done_on"]
        st.dataframe(
            own[columns], column_config=column_words(own[columns]), hide_index=True, width="stretch"
        )
        with st.form("add-action", clear_on_submit=True):
            text = st.text_area("Action", key="action-text")
            owner = st.text_input("Owner", key="action-owner")
            deadline = st.date_input(
                "Deadline", value=None, key="action-deadline", format="YYYY-MM-DD"
            )
            if st.form_submit_button("Add the action", **may.control):
                values = {"review_id": review_id, "action": text.strip(), "owner": owner.strip()}
                values["deadline"] = deadline
                if attempt(lambda: reviews.add_action(db, values, actor), "Action added."):
                    st.rerun()
        if len(own):
            a1, a2, a3 = st.columns([2, 1, 1])
            chosen = a1.selectbox("Action to update", own["id"].tolist(), key="action-choice")
            status = a2.selectbox("New status", ACTION_STATUSES[:3], key="action-status")
            if a3.button("Update the action", key="action-update", **may.control):
                change = {"status": status}
                if attempt(
                    lambda: reviews.update_action(db, chosen, change, actor, day), "Updated."
                ):
                    st.rerun()
        pick_history(db, "review_actions", record_labels(own, "action"), actor, "action", review_id)
