"""One module per publisher. Each declares its raw inputs and returns validated tidy tables.

Loaders only read files they declare (path, sha256, publisher, licence, URL, vintage) and refuse
anything else, so every number in a report traces back to one published file.
"""

from gcm_report.data.sources._base import RawFile, resolve_raw

__all__ = ["RawFile", "resolve_raw"]
