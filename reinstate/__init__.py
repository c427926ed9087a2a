"""Reinstate: keep marketplace seller accounts healthy and get suspended ones reinstated.

The package is a library first; the web UI, the REST API and the ``reinstate`` command are thin
adapters over the services in ``reinstate.auth``, ``reinstate.accounts`` and ``reinstate.events``.
"""

from functools import cache

__all__ = ["__version__"]


@cache
def _installed_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("reinstate")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0.0.0+unknown"


def __getattr__(name: str) -> str:
    # ``__version__`` is looked up in the installed metadata when first asked for, not at import:
    # reading the metadata costs more than the light commands do.
    if name == "__version__":
        return _installed_version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
