"""Arrow arrays to numpy and back, for the engines' counting.

Example::

    numpy_of(pa.array([1, 2], pa.int32()))  # array([1, 2], dtype=int32), uncopied
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

# Arrow <-> numpy without pyarrow's own conversions, which import pandas (half a second of a
# command that never uses it) to check whether the values are pandas objects.
_NUMPY = {pa.int8(): np.int8, pa.int16(): np.int16, pa.int32(): np.int32, pa.int64(): np.int64,
          pa.uint64(): np.uint64, pa.float64(): np.float64}  # fmt: skip
_ARROW = {np.dtype(kind): arrow for arrow, kind in _NUMPY.items()}


def numpy_of(array: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """The values of a fixed-width array as numpy, uncopied (whatever is under a null)."""
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    kind = np.dtype(_NUMPY[array.type])
    data = array.buffers()[1]
    return np.frombuffer(data, kind, count=len(array), offset=array.offset * kind.itemsize)


def arrow_of(values: np.ndarray) -> pa.Array:
    """A numpy array of numbers or booleans as Arrow."""
    if values.dtype == np.bool_:
        bits = np.packbits(values, bitorder="little")
        return pa.Array.from_buffers(pa.bool_(), len(values), [None, pa.py_buffer(bits)])
    values = np.ascontiguousarray(values)
    return pa.Array.from_buffers(_ARROW[values.dtype], len(values), [None, pa.py_buffer(values)])


def repeated(text: str, times: int) -> pa.Array:
    """``text`` ``times`` times, as Arrow strings."""
    data = text.encode("utf-8")
    offsets = pa.py_buffer(np.array([0, len(data)], np.int32))
    one = pa.Array.from_buffers(pa.string(), 1, [None, offsets, pa.py_buffer(data)])
    return one.take(arrow_of(np.zeros(times, np.int32)))
