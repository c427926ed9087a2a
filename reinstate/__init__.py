"""Reinstate: keep marketplace seller accounts healthy and get suspended ones reinstated.

The package is a library first; the web UI, the REST API and the ``reinstate`` command are thin
adapters over the services in ``reinstate.auth``, ``reinstate.accounts`` and ``reinstate.events``.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("reinstate")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
