"""A scenario-file picker: click to choose or drop a file on it (a ``v-file-input``).

The browser reads the chosen file itself and sends its bytes in one synced value (base64,
with a counter so choosing the same file twice is seen twice). ipyvuetify's ``FileInput``
instead asks the server to pull chunks back from the page, which raised a page error
(``Cannot read properties of undefined (reading 'usermeta')``) under Solara; here the server
never calls into the page. Files above ``MAX_BYTES`` are refused in the browser before
being sent. Every way the transfer can fail ends in ``on_error`` with a one-line reason,
never in an exception.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable

import ipyvuetify as v
import solara
import traitlets

MAX_BYTES = 256_000  # a scenario file is a few kB; anything larger is not one

_TEMPLATE = """
<template>
  <v-file-input v-model="chosen" :label="label" accept=".toml,text/plain" show-size
                prepend-icon="mdi-paperclip" hide-details dense class="tp-upload-input"
                @change="read" />
</template>
<script>
module.exports = {
  data() { return { chosen: null, count: 0 }; },
  methods: {
    read(file) {
      if (!file) { return; }
      this.count += 1;
      const n = this.count;
      if (file.size > this.max_bytes) {
        this.payload = { n, name: file.name, size: file.size, error: "too_big" };
        return;
      }
      const reader = new FileReader();
      reader.onload = () => {
        const s = String(reader.result || "");
        this.payload = { n, name: file.name, size: file.size,
                         data: s.substring(s.indexOf(",") + 1) };
      };
      reader.onerror = () => {
        this.payload = { n, name: file.name, size: file.size, error: "unreadable" };
      };
      reader.readAsDataURL(file);
    },
  },
};
</script>
"""


class FilePicker(v.VuetifyTemplate):
    """The picker widget: ``payload`` is ``{n, name, size, data | error}``."""

    template = traitlets.Unicode(_TEMPLATE).tag(sync=True)
    label = traitlets.Unicode("").tag(sync=True)
    max_bytes = traitlets.Int(MAX_BYTES).tag(sync=True)
    payload = traitlets.Dict(default_value={}).tag(sync=True)


def decode(payload: dict) -> tuple[str, bytes | None, str | None]:
    """``(file name, bytes, None)`` or ``(file name, None, reason)`` for a payload from the
    page; the reason is a key of the page's words (``upload_too_big``, ...)."""
    name = str(payload.get("name") or "scenario.toml")[:200]
    error = payload.get("error")
    if error == "too_big":
        return name, None, "upload_too_big"
    if error:
        return name, None, "upload_unreadable"
    data = payload.get("data")
    if not isinstance(data, str):
        return name, None, "upload_unreadable"
    if len(data) > 2 * MAX_BYTES:  # base64 of more than MAX_BYTES (the page checks too)
        return name, None, "upload_too_big"
    try:
        raw = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        return name, None, "upload_unreadable"
    if len(raw) > MAX_BYTES:
        return name, None, "upload_too_big"
    return name, raw, None


@solara.component
def ScenarioUpload(label: str, on_file: Callable[[str, bytes], None],
                   on_error: Callable[[str, str], None]):
    def received(payload: dict) -> None:
        if not payload:
            return
        name, data, reason = decode(payload)
        if data is None:
            on_error(name, reason or "upload_unreadable")
        else:
            on_file(name, data)

    with solara.Div(classes=["tp-upload"]):
        FilePicker.element(label=label, on_payload=received)
