"""Every control on every page, operated one at a time on the demo: never a Python exception.

A curious person types a word in each empty text field, clicks each button, ticks each checkbox
and toggle, picks another option in each radio, select box, multiselect and pill group, submits
each form and opens each tab. AppTest draws expanders and plain tabs with their content, so the
controls inside them are operated too; keyed tabs (only the open one runs) are opened one by one.
The browser check ``click-all`` of the acceptance suite does the same from the outside.
"""

from __future__ import annotations

import re

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import (
    Button,
    ButtonGroup,
    Checkbox,
    Multiselect,
    Radio,
    Selectbox,
    TextArea,
    TextInput,
    Toggle,
)

from tests.support.apptest import open_app

PAGES = [
    "overzicht",
    "kaart",
    "profiel",
    "vergelijken",
    "opgave",
    "briefing",
    "initiatieven",
    "interventies",
    "signalen",
    "veldnotities",
    "bronnen",
]
KINDS = (
    "text_input",
    "text_area",
    "button",
    "form_submit_button",
    "checkbox",
    "toggle",
    "radio",
    "selectbox",
    "multiselect",
    "pills",
    "segmented_control",
)
#: at most this many operations per page, so the sweep stays within its time (it has never been reached)
MAX_OPERATIONS = 80


def _labels_now(widget) -> list[str]:
    """The labels of the options chosen now, as the browser shows them."""
    if isinstance(widget, Radio | Selectbox):
        return [] if widget.index is None else [widget.options[widget.index]]
    if isinstance(widget, Multiselect):
        return list(widget.values)
    return list(widget.formatted_values)


def _send(widget, labels: list[str]) -> None:
    """Make the next run receive ``labels`` as the widget's choice, exactly as the browser sends it
    (the labels of the chosen options; AppTest's own setters want the values behind them)."""
    state = WidgetState()
    state.id = widget.id
    if isinstance(widget, Radio | Selectbox):
        state.string_value = labels[0]
    else:
        state.string_array_value.data[:] = labels
    widget.__class__ = type("Chosen" + type(widget).__name__, (type(widget),), {"_widget_state": property(lambda _: state)})


def _operate(widget) -> str | None:
    """Use ``widget`` once the way a person would; returns what was done (None: nothing to do)."""
    if isinstance(widget, Button):
        widget.click()
        return "click"
    if isinstance(widget, TextInput | TextArea):
        if widget.value:
            return None
        widget.set_value("Proef")  # a name for the log, a title for a new record
        return "typed 'Proef'"
    if isinstance(widget, Checkbox | Toggle):
        widget.set_value(not widget.value)
        return f"set to {widget.value}"
    if not isinstance(widget, Radio | Selectbox | Multiselect | ButtonGroup):
        return None
    now = _labels_now(widget)
    rest = [o for o in widget.options if o not in now]
    if not rest and not now:
        return None
    if isinstance(widget, Radio | Selectbox) or (isinstance(widget, ButtonGroup) and widget._is_single_select):
        if not rest:
            return None
        if now:  # the next option
            following = widget.options[(widget.options.index(now[0]) + 1) % len(widget.options)]
        else:  # the second: the first is often a placeholder such as 'kies…'
            following = widget.options[min(1, len(widget.options) - 1)]
        _send(widget, [following])
        return f"pick {following!r}"
    limit = getattr(widget.proto, "max_selections", 0) or len(widget.options)
    if rest and len(now) < limit:
        _send(widget, [*now, rest[0]])
        return f"add {rest[0]!r}"
    _send(widget, now[:-1])
    return f"remove {now[-1]!r}"


def _sweep(at: AppTest, page: str, include_sidebar: bool, seen: set[str]) -> list[str]:
    """Operate every control of the page not operated before (``seen``: widget ids), one at a time,
    until no new one appears (choosing a record shows its form); returns what was done."""
    done: list[str] = []
    fresh = True
    while fresh and len(done) < MAX_OPERATIONS:
        fresh = False
        for kind in KINDS:
            while len(done) < MAX_OPERATIONS:
                widgets = [w for w in getattr(at, kind) if w.id not in seen and (include_sidebar or not _in_sidebar(at, w))]
                if not widgets:
                    break
                widget = widgets[0]
                seen.add(widget.id)
                what = None if widget.disabled else _operate(widget)
                if what is None:
                    continue
                fresh = True
                done.append(f"{kind} {widget.label!r}: {what}")
                at.run()
                shown = [str(e.value) for e in at.exception]
                assert not shown, f"{page}: after {done[-1]}: {shown[0][:600]}"
    return done


def _tab_keys(at: AppTest) -> dict[str, list[str]]:
    """Keyed tab groups (``st.tabs(..., key=...)``, where only the open tab runs): key → tab labels.

    AppTest renders the tabs but cannot click one; a person's click is the same as setting the
    group's state to the tab's label, which the key in the group's element id allows.
    """
    found: dict[str, list[str]] = {}

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        is_block = proto is not None and getattr(proto, "DESCRIPTOR", None) is not None and proto.DESCRIPTOR.name == "Block"
        if is_block and proto.WhichOneof("type") == "tab_container":
            key = re.match(r"^\$\$ID-[0-9a-f]+-(.+)$", proto.tab_container.id)
            if key:
                found[key.group(1)] = [child.label for child in node.children.values()]
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return found


def _in_sidebar(at: AppTest, widget) -> bool:
    return any(w.id == widget.id for w in at.sidebar.get(widget.type))


@pytest.mark.parametrize("page", PAGES)
def test_every_control_on_the_demo(offline, page: str) -> None:
    # the default page runs through app.py with the shared sidebar; AppTest runs other pages on their own
    at = open_app(None if page == "overzicht" else page, query={"gemeente": "GM9999", "jaar": "2024"})
    assert not at.exception, at.exception[0].value
    seen: set[str] = set()
    done = _sweep(at, page, include_sidebar=page == "overzicht", seen=seen)
    tabs = _tab_keys(at)
    for key, labels in [*tabs.items(), *tabs.items()]:  # twice: a control may appear after work in another tab
        for label in labels:
            at.session_state[key] = label
            at.run()
            assert not at.exception, f"{page}: after opening tab {label!r}: {at.exception[0].value}"
            done += _sweep(at, page, include_sidebar=False, seen=seen)
    assert done, f"{page}: no control operated"
    assert len(done) < MAX_OPERATIONS, f"{page}: more controls than the sweep operates: {done}"
