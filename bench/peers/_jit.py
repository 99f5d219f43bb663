"""JIT-compiled helpers shared by the numba peers (imported only by them).

SplitMix64 (Steele, Lea and Flood 2014, "Fast splittable pseudorandom number
generators"): the generator the C peer and Rampart's simulations use, so that trials can
be compared draw for draw; and a binary min-heap of (time, vertex) pairs in two arrays
for the Dijkstra searches.
"""

import numpy as np
from numba import njit

GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
S11 = np.uint64(11)
_S27, _S30, _S31 = np.uint64(27), np.uint64(30), np.uint64(31)
INV53 = 1.0 / 9007199254740992.0


@njit(inline="always")
def finalize(z):
    """SplitMix64's output function of a state."""
    z = (z ^ (z >> _S30)) * _M1
    z = (z ^ (z >> _S27)) * _M2
    return z ^ (z >> _S31)


@njit(inline="always")
def mix(x):
    """A 64-bit hash of x: the first output of SplitMix64 started at x."""
    return finalize(x + GOLDEN)


@njit(inline="always")
def next_output(state):
    """Advances the state and returns (state, 64-bit output)."""
    state = state + GOLDEN
    return state, finalize(state)


@njit(inline="always")
def uniform(state):
    """Advances the state and returns (state, a uniform double in [0, 1) from 53 bits)."""
    state, z = next_output(state)
    return state, float(z >> S11) * INV53


@njit(inline="always")
def heap_push(ht, hv, size, t, v):
    """Adds (t, v); the arrays double when full. Returns (ht, hv, size)."""
    if size == len(ht):
        nt = np.empty(2 * len(ht), ht.dtype)
        nv = np.empty(2 * len(hv), hv.dtype)
        nt[:size] = ht[:size]
        nv[:size] = hv[:size]
        ht, hv = nt, nv
    i = size
    while i > 0:
        parent = (i - 1) >> 1
        if ht[parent] <= t:
            break
        ht[i] = ht[parent]
        hv[i] = hv[parent]
        i = parent
    ht[i] = t
    hv[i] = v
    return ht, hv, size + 1


@njit(inline="always")
def heap_pop(ht, hv, size):
    """Removes the pair with the least time. Returns (t, v, size)."""
    t, v = ht[0], hv[0]
    size -= 1
    lt, lv = ht[size], hv[size]
    i = 0
    while True:
        c = 2 * i + 1
        if c >= size:
            break
        if c + 1 < size and ht[c + 1] < ht[c]:
            c += 1
        if ht[c] >= lt:
            break
        ht[i] = ht[c]
        hv[i] = hv[c]
        i = c
    if size > 0:
        ht[i] = lt
        hv[i] = lv
    return t, v, size
