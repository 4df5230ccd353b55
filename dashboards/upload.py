"""A scenario-file picker: click to choose or drop a file on it (``v-file-input``).

Solara's ``FileDrop`` only accepts drag-and-drop, which is awkward on a shared laptop in a
council room; this wires ipyvuetify's ``FileInput`` the same way and hands the bytes over.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import solara
from ipyvuetify.extra import FileInput


@solara.component
def _Picker(on_file: Callable[[str, bytes], None]):
    file_info, set_file_info = solara.use_state(None)
    wired, set_wired = solara.use_state(None)
    element = FileInput.element(multiple=False, accept=".toml,text/plain",
                                on_file_info=set_file_info, show_progress=False)

    def wire() -> None:  # the widget is only reachable in a render context
        if not file_info:
            return
        widget = solara.get_widget(element)
        widget.version += 1
        widget.reset_stats()
        set_wired(widget.get_files())

    solara.use_effect(wire, [file_info])

    def read(cancel: threading.Event) -> None:
        if wired and not cancel.is_set():
            f = wired[0]
            on_file(f["name"], f["file_obj"].read())

    solara.use_thread(read, [wired], intrusive_cancel=False)
    return element


@solara.component
def ScenarioUpload(label: str, on_file: Callable[[str, bytes], None]):
    with solara.Div(classes=["tp-upload"]):
        solara.Text(label, classes=["tp-upload-label"])
        _Picker(on_file)
