"""Assembling one self-contained, escaped HTML page from the template and static files.

* Data goes in as JSON inside ``<script type="application/json">`` with ``<``,
  ``>``, ``&`` and the JS line separators written as ``\\uXXXX`` escapes, so no
  string in the data can close the script element or open a tag.
* Text placed in markup (the page title) is HTML-escaped.
* vis-network and the page script are inlined; a Content-Security-Policy
  allows exactly these scripts (by SHA-256 hash) and no fetch of any kind.

>>> json_for_html({"label": "</script><img src=x onerror=alert(1)>"})
'{"label":"\\\\u003c/script\\\\u003e\\\\u003cimg src=x onerror=alert(1)\\\\u003e"}'
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_SPECIALS = re.compile("[<>&\u2028\u2029]")
_SLOT = re.compile(r"@@([A-Z_]+)@@")
_SOURCE_MAP = re.compile(r"\n?//# sourceMappingURL=\S*\s*$")


def json_for_html(data: Any) -> str:
    """Compact JSON that is safe inside a ``<script>`` element (and still valid JSON).

    >>> import json
    >>> json.loads(json_for_html(["a&b", "\\u2028"])) == ["a&b", "\\u2028"]
    True
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _JSON_SPECIALS.sub(lambda m: _JSON_ESCAPES[m.group()], text)


def script_safe(code: str) -> str:
    """JavaScript or CSS source made safe to inline: no ``</script``/``</style`` may end the element early.

    >>> script_safe('x = "</script>"')
    'x = "<\\\\/script>"'
    """
    return re.sub(r"</(script|style)", r"<\\/\1", code, flags=re.IGNORECASE)


@cache
def static_text(name: str) -> str:
    """Text of a package file such as ``"static/app.js"``, its source-map comment dropped."""
    folder, _, filename = name.partition("/")
    text = resources.files("crimekg.viz").joinpath(folder, filename).read_text(encoding="utf-8")
    return _SOURCE_MAP.sub("\n", text)


def sha256_source(code: str) -> str:
    """CSP source expression allowing an inline script whose text is exactly ``code``.

    >>> sha256_source("")
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    """
    digest = hashlib.sha256(code.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def content_security_policy(scripts: list[str]) -> str:
    """Policy for a page running exactly ``scripts`` inline and loading nothing from anywhere."""
    hashes = " ".join(sha256_source(s) for s in scripts)
    return (
        "default-src 'none'; "
        f"script-src {hashes}; "
        "style-src 'unsafe-inline'; "
        "img-src data: blob:; font-src data:; "
        "connect-src 'none'; base-uri 'none'; form-action 'none'"
    )


def fill(template: str, slots: Mapping[str, str]) -> str:
    """Replace each ``@@NAME@@`` in ``template`` by ``slots[NAME]``; inserted text is not rescanned.

    >>> fill("<b>@@A@@</b>", {"A": "@@A@@"})
    '<b>@@A@@</b>'
    """

    def replace(match: re.Match[str]) -> str:
        return slots[match.group(1)]

    return _SLOT.sub(replace, template)


def build_page(title: str, payload: Any) -> str:
    """The complete HTML document for ``payload`` (see :func:`crimekg.viz.payload.build_payload`)."""
    vis_js = script_safe(static_text("static/vis-network.min.js"))
    app_js = script_safe(static_text("static/app.js"))
    return fill(
        static_text("templates/map.html"),
        {
            "CSP": html.escape(content_security_policy([vis_js, app_js]), quote=True),
            "TITLE": html.escape(title, quote=True),
            "VIS_CSS": script_safe(static_text("static/vis-network.css")),
            "APP_CSS": script_safe(static_text("static/app.css")),
            "DATA": json_for_html(payload),
            "VIS_JS": vis_js,
            "APP_JS": app_js,
        },
    )
