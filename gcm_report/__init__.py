"""gcm-report: data reports for the UN regional reviews of the Global Compact for Migration."""

import sys

__version__ = "0.1.0"

# jsonschema (used by nbformat and Altair) registers an optional "iri" format checker when
# rfc3987_syntax is importable; JupyterLab's dependencies install it, and importing it compiles
# a grammar: ~1 s in every gcm-report process and report kernel. Neither nbformat nor Altair
# checks that format, so it is hidden while jsonschema first loads, then importable as usual.
if "jsonschema" not in sys.modules and "rfc3987_syntax" not in sys.modules:
    sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]
    try:
        import jsonschema  # noqa: F401
    except ImportError:  # pragma: no cover - jsonschema always comes with nbformat
        pass
    finally:
        del sys.modules["rfc3987_syntax"]
